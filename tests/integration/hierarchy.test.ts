import type { Database } from '../../src/neo4j/database';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

type Entries = Array<{ node: { id: string }; depth: number }>;
const ids = (entries: Entries) => entries.map((e) => `${e.node.id}@${e.depth}`);

describe('hierarchies', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await resetToSeed(db);
    await api.stop();
    await db.close();
  });

  it('gives the ancestors of essential palatal myoclonus with their depth, nearest first', async () => {
    const data = dataOf(
      await api.run<{ condition: { ancestors: Entries } }>(
        '{ condition(id: "essential-palatal-myoclonus") { ancestors { node { id } depth } } }',
      ),
    );
    expect(ids(data.condition.ancestors)).toEqual(['palatal-myoclonus@1', 'myoclonus@2']);
  });

  it('gives the descendants of myoclonus, limited by maxDepth', async () => {
    const all = dataOf(
      await api.run<{ condition: { descendants: Entries } }>(
        '{ condition(id: "myoclonus") { descendants { node { id } depth } } }',
      ),
    ).condition.descendants;
    expect(ids(all)).toContain('essential-palatal-myoclonus@2');
    expect(ids(all)).toContain('palatal-myoclonus@1');
    const depths = all.map((e) => e.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    const shallow = dataOf(
      await api.run<{ condition: { descendants: Entries } }>(
        '{ condition(id: "myoclonus") { descendants(maxDepth: 1) { node { id } depth } } }',
      ),
    ).condition.descendants;
    expect(shallow.every((e) => e.depth === 1)).toBe(true);
    expect(shallow.length).toBe(all.filter((e) => e.depth === 1).length);
    expect(shallow.length).toBeLessThan(all.length);
  });

  it('gives the wholes and parts of body regions (PART_OF)', async () => {
    const data = dataOf(
      await api.run<Record<string, { ancestors: Entries; descendants: Entries }>>(`{
        uvula: concept(id: "uvula") { ... on BodyRegion { ancestors { node { id } depth } descendants { node { id } depth } } }
        mouth: concept(id: "mouth") { ... on BodyRegion { ancestors { node { id } depth } descendants { node { id } depth } } }
      }`),
    );
    expect(ids(data.uvula!.ancestors)).toEqual(['soft-palate@1', 'mouth@2']);
    expect(data.uvula!.descendants).toEqual([]);
    expect(ids(data.mouth!.descendants)).toEqual(['soft-palate@1', 'uvula@2']);
  });

  it('includes conditions affecting any part of a region when asked: the ear includes the tensor tympani’s', async () => {
    const query = (includeParts: boolean) =>
      api.run<{
        concept: { conditions: Array<{ node: { id: string }; region: { id: string }; partDepth: number }> };
      }>(
        `{ concept(id: "ear") { ... on BodyRegion {
             conditions(includeParts: ${includeParts}) { node { id } region { id } partDepth evidence { quote } }
        } } }`,
      );
    expect(dataOf(await query(false)).concept.conditions).toEqual([]);
    const withParts = dataOf(await query(true)).concept.conditions;
    expect(withParts.map((c) => [c.node.id, c.region.id, c.partDepth])).toEqual([
      ['middle-ear-myoclonus', 'tensor-tympani', 1],
    ]);
  });

  it('rejects a depth beyond the cap', async () => {
    const result = await api.run('{ condition(id: "myoclonus") { ancestors(maxDepth: 31) { depth } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/maxDepth/);
  });

  it('terminates on a cycle in the data and reports each relative once, at its shortest depth', async () => {
    await db.write(
      `CREATE (a:Concept:Condition {id: 'cycle-a', name: 'cycle a', nameKey: 'cycle a'}),
              (b:Concept:Condition {id: 'cycle-b', name: 'cycle b', nameKey: 'cycle b'}),
              (c:Concept:Condition {id: 'cycle-c', name: 'cycle c', nameKey: 'cycle c'}),
              (a)-[:SUBTYPE_OF]->(b), (b)-[:SUBTYPE_OF]->(c), (c)-[:SUBTYPE_OF]->(a)`,
    );
    const data = dataOf(
      await api.run<{ condition: { ancestors: Entries; descendants: Entries } }>(
        '{ condition(id: "cycle-a") { ancestors { node { id } depth } descendants { node { id } depth } } }',
      ),
    );
    expect(ids(data.condition.ancestors)).toEqual(['cycle-b@1', 'cycle-c@2']);
    expect(ids(data.condition.descendants)).toEqual(['cycle-c@1', 'cycle-b@2']);
    await db.write("MATCH (n:Concept) WHERE n.id STARTS WITH 'cycle-' DETACH DELETE n");
  });

  it('batches hierarchy fields: one query per field for every concept in the response', async () => {
    const result = await api.run(`{ conditions(first: 100) { edges { node {
      ancestors { node { id } } descendants { node { id } }
      bodyRegions { node { ancestors { node { id } } conditions(includeParts: true) { node { id } } } }
    } } } }`);
    dataOf(result);
    // conditions + ancestors + descendants + bodyRegions + region ancestors + region conditions with parts
    expect(result.extensions?.queryStats).toMatchObject({ roundTrips: 6 });
  });
});
