import type { Database } from '../../src/neo4j/database';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

interface Related {
  relatedConditions: Array<{
    node: { id: string };
    score: number;
    explanation: string;
    reasons: Array<{ kind: string; weight: number; description: string; via: Array<{ id: string }> }>;
  }>;
}

const RELATED = `query ($id: ID!, $first: Int) {
  relatedConditions(id: $id, first: $first) {
    node { id } score explanation reasons { kind weight description via { id } }
  }
}`;

describe('relatedConditions', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const related = async (id: string, first?: number) =>
    dataOf(await api.run<Related>(RELATED, { id, first })).relatedConditions;

  it('relates opsoclonus-myoclonus syndrome to opsoclonus, with the reason in words', async () => {
    const results = await related('opsoclonus-myoclonus-syndrome');
    const opsoclonus = results.find((r) => r.node.id === 'opsoclonus');
    expect(opsoclonus).toBeDefined();
    expect(opsoclonus!.explanation).toBe('Opsoclonus is a feature of opsoclonus-myoclonus syndrome.');
    expect(opsoclonus!.reasons).toEqual([
      {
        kind: 'FEATURE_OF',
        weight: 4,
        description: 'opsoclonus is a feature of opsoclonus-myoclonus syndrome',
        via: [],
      },
    ]);
    expect(results.map((r) => r.node.id)).toEqual(
      expect.arrayContaining([
        'myoclonus',
        'neuroblastoma',
        'lung-cancer',
        'breast-cancer',
        'ovarian-cancer',
      ]),
    );
  });

  it('adds up shared causes and hierarchy: essential palatal myoclonus ranks first for palatal myoclonus', async () => {
    const results = await related('palatal-myoclonus');
    expect(results[0]).toMatchObject({ node: { id: 'essential-palatal-myoclonus' }, score: 4 + 3 });
    expect(results[0]!.explanation).toBe(
      'Essential palatal myoclonus is a form of palatal myoclonus; both can be caused by inheritance ' +
        '(inheritance → palatal myoclonus; inheritance → essential palatal myoclonus).',
    );
    const essential = results.find((r) => r.node.id === 'essential-myoclonus')!;
    expect(essential.reasons.map((r) => [r.kind, r.via.map((v) => v.id)])).toEqual([
      ['SHARED_CAUSE', ['inheritance']],
      ['SIBLING', ['myoclonus']],
    ]);
    expect(essential.score).toBe(3 + 2);
  });

  it('counts shared body regions through the part-of hierarchy', async () => {
    await db.write(
      `CREATE (x:Concept:Condition {id: 'uvula-test-condition', name: 'uvula test condition', nameKey: 'uvula test condition'})
       WITH x MATCH (u:BodyRegion {id: 'uvula'}) CREATE (x)-[:AFFECTS]->(u)`,
    );
    try {
      const results = await related('palatal-myoclonus');
      const test = results.find((r) => r.node.id === 'uvula-test-condition');
      // palatal myoclonus affects the soft palate and the mouth; the uvula is part of the soft palate.
      expect(test?.reasons.map((r) => [r.kind, r.via.map((v) => v.id)])).toEqual([
        ['REGION_PART', ['soft-palate', 'uvula']],
      ]);
      expect(test?.explanation).toBe(
        'Uvula test condition affects the uvula, part of the soft palate, which palatal myoclonus affects.',
      );
    } finally {
      await db.write("MATCH (n {id: 'uvula-test-condition'}) DETACH DELETE n");
    }
  });

  it('is deterministic: scores never increase down the list and ties go by name', async () => {
    const results = await related('myoclonus', 50);
    const again = await related('myoclonus', 50);
    expect(again).toEqual(results);
    for (let i = 1; i < results.length; i++) {
      expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    }
    expect(results.some((r) => r.node.id === 'myoclonus')).toBe(false);
  });

  it('bounds first and names unknown or non-condition ids with NOT_FOUND', async () => {
    expect(await related('myoclonus', 2)).toHaveLength(2);
    const tooMany = await api.run(RELATED, { id: 'myoclonus', first: 51 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const id of ['no-such-condition', 'soft-palate']) {
      const result = await api.run(RELATED, { id });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(result.errors?.[0]?.message).toContain(id);
    }
  });

  it('answers in one round trip without `via`, two with it', async () => {
    const plain = await api.run('{ relatedConditions(id: "myoclonus") { node { id } score explanation } }');
    expect(plain.extensions?.queryStats).toMatchObject({ roundTrips: 1 });
    const withVia = await api.run(
      '{ relatedConditions(id: "palatal-myoclonus") { reasons { via { id } } } }',
    );
    expect(withVia.extensions?.queryStats).toMatchObject({ roundTrips: 2 });
  });
});
