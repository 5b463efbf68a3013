import type { Database } from '../../src/neo4j/database';
import type { SeedPlan } from '../../src/seed/seed.types';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

interface Page {
  conditions: {
    edges: Array<{ cursor: string; node: { id: string; name: string; kind: string } }>;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    totalCount: number;
  };
}

const PAGE = `query ($first: Int, $after: String, $filter: ConditionFilter, $orderBy: ConditionOrder! = NAME) {
  conditions(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id name kind } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

describe('root queries on the article seed', () => {
  let db: Database;
  let api: TestApi;
  let plan: SeedPlan;

  beforeAll(async () => {
    db = openTestDatabase();
    plan = await resetToSeed(db);
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const ids = (kinds: string[]) => plan.concepts.filter((c) => kinds.includes(c.kind)).map((c) => c.id);

  describe('concept', () => {
    it('returns each kind of concept as its own GraphQL type, with its evidence', async () => {
      const data = dataOf(
        await api.run<
          Record<string, { __typename: string; id: string; kind: string; evidence: unknown[] }>
        >(`{
          a: concept(id: "opsoclonus-myoclonus-syndrome") { __typename id kind evidence { quote } }
          b: concept(id: "neuroblastoma") { __typename id kind evidence { quote } }
          c: concept(id: "faulty-immune-reaction") { __typename id kind evidence { quote } }
          d: concept(id: "tensor-tympani") { __typename id kind evidence { quote } }
          e: concept(id: "eeg") { __typename id kind evidence { quote } }
          f: concept(id: "alcohol") { __typename id kind evidence { quote } }
        }`),
      );
      expect(Object.values(data).map((c) => [c.id, c.__typename, c.kind])).toEqual([
        ['opsoclonus-myoclonus-syndrome', 'GeneralCondition', 'CONDITION'],
        ['neuroblastoma', 'Cancer', 'CANCER'],
        ['faulty-immune-reaction', 'Cause', 'CAUSE'],
        ['tensor-tympani', 'BodyRegion', 'BODY_REGION'],
        ['eeg', 'Procedure', 'PROCEDURE'],
        ['alcohol', 'Substance', 'SUBSTANCE'],
      ]);
      for (const c of Object.values(data)) expect(c.evidence.length).toBeGreaterThan(0);
    });

    it('returns null for an unknown id and a clear error for an id that cannot be one', async () => {
      const unknown = await api.run<{ concept: unknown }>('{ concept(id: "no-such-concept") { id } }');
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data?.concept).toBeNull();
      const bad = await api.run('{ concept(id: "two words") { id } }');
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(/"id"/);
    });

    it('gives the names, synonyms and the source’s own description of palatal myoclonus', async () => {
      const data = dataOf(
        await api.run<{ concept: { name: string; synonyms: string[]; statements: Array<{ kind: string }> } }>(
          '{ concept(id: "palatal-myoclonus") { name synonyms statements { kind claim } } }',
        ),
      );
      expect(data.concept.name).toBe('palatal myoclonus');
      expect(data.concept.synonyms).toContain('palatal tremor');
    });
  });

  describe('condition', () => {
    it('returns conditions and cancers, and null for a concept that is not a condition', async () => {
      const data = dataOf(
        await api.run<Record<string, { id: string } | null>>(`{
          a: condition(id: "myoclonus") { id }
          b: condition(id: "lung-cancer") { id }
          c: condition(id: "brain") { id }
          d: condition(id: "nothing-here") { id }
        }`),
      );
      expect(data).toEqual({ a: { id: 'myoclonus' }, b: { id: 'lung-cancer' }, c: null, d: null });
    });

    it('states that opsoclonus-myoclonus syndrome is rare, with the sentence that says so', async () => {
      const data = dataOf(
        await api.run<{
          condition: {
            statements: Array<{ kind: string; claim: string; evidence: Array<{ quote: string }> }>;
          };
        }>(
          '{ condition(id: "opsoclonus-myoclonus-syndrome") { statements { kind claim evidence { quote } } } }',
        ),
      );
      const rarity = data.condition.statements.filter((s) => s.kind === 'RARITY');
      expect(rarity).toHaveLength(1);
      expect(rarity[0]?.evidence[0]?.quote).toContain('is a rare condition');
    });

    it('returns the cancers associated with opsoclonus-myoclonus syndrome, by population', async () => {
      const data = dataOf(
        await api.run<{ condition: { cancers: Array<{ node: { id: string }; population: string | null }> } }>(
          '{ condition(id: "opsoclonus-myoclonus-syndrome") { cancers { node { id } population } } }',
        ),
      );
      const byPopulation = (p: string) =>
        data.condition.cancers
          .filter((c) => c.population === p)
          .map((c) => c.node.id)
          .sort();
      expect(byPopulation('CHILDREN')).toEqual(['neuroblastoma']);
      expect(byPopulation('ADULTS')).toEqual(['breast-cancer', 'lung-cancer', 'ovarian-cancer']);
    });
  });

  describe('conditions', () => {
    it('pages through every condition in name order, without gaps or repeats, with a total', async () => {
      const seen: string[] = [];
      const names: string[] = [];
      let after: string | null = null;
      let pages = 0;
      let total: number | undefined;
      do {
        const result: Page = dataOf(await api.run<Page>(PAGE, { first: 4, after }));
        const c = result.conditions;
        total = c.totalCount;
        seen.push(...c.edges.map((e) => e.node.id));
        names.push(...c.edges.map((e) => e.node.name.toLowerCase()));
        expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1]?.cursor ?? null);
        after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
        pages += 1;
      } while (after && pages < 100);
      const expected = ids(['Condition', 'Cancer']);
      expect(total).toBe(expected.length);
      expect(seen).toHaveLength(expected.length);
      expect(new Set(seen)).toEqual(new Set(expected));
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(pages).toBe(Math.ceil(expected.length / 4));
    });

    it('pages in id order when asked, and refuses a cursor from another order', async () => {
      const first = dataOf(await api.run<Page>(PAGE, { first: 3, orderBy: 'ID' })).conditions;
      const second = dataOf(
        await api.run<Page>(PAGE, { first: 3, orderBy: 'ID', after: first.pageInfo.endCursor }),
      ).conditions;
      const all = [...first.edges, ...second.edges].map((e) => e.node.id);
      expect(all).toEqual(ids(['Condition', 'Cancer']).sort().slice(0, 6));
      const mixed = await api.run(PAGE, { first: 3, orderBy: 'NAME', after: first.pageInfo.endCursor });
      expect(mixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('filters by name or synonym, kind, body region (with its parts) and population', async () => {
      const run = async (filter: Record<string, unknown>) =>
        dataOf(await api.run<Page>(PAGE, { first: 100, filter }))
          .conditions.edges.map((e) => e.node.id)
          .sort();
      expect(await run({ name: 'TREMOR' })).toEqual(['palatal-myoclonus']);
      expect(await run({ kind: 'CANCER' })).toEqual([
        'breast-cancer',
        'lung-cancer',
        'neuroblastoma',
        'ovarian-cancer',
      ]);
      const nonCancers = await run({ kind: 'CONDITION' });
      expect(nonCancers).toContain('myoclonus');
      expect(nonCancers).not.toContain('neuroblastoma');
      expect(await run({ bodyRegion: 'tensor-tympani' })).toEqual(['middle-ear-myoclonus']);
      // The tensor tympani is part of the ear: asking for the ear with its parts finds middle ear myoclonus.
      expect(await run({ bodyRegion: 'ear' })).toEqual([]);
      expect(await run({ bodyRegion: 'ear', includeRegionParts: true })).toEqual(['middle-ear-myoclonus']);
      expect(await run({ population: 'NEWBORNS' })).toEqual(['benign-neonatal-sleep-myoclonus']);
      const children = await run({ population: 'CHILDREN' });
      expect(children).toEqual(expect.arrayContaining(['neuroblastoma', 'opsoclonus-myoclonus-syndrome']));
      expect(await run({ kind: 'CANCER', population: 'ADULTS' })).toEqual([
        'breast-cancer',
        'lung-cancer',
        'ovarian-cancer',
      ]);
    });

    it('bounds the page size and rejects bad arguments with BAD_USER_INPUT', async () => {
      for (const variables of [
        { first: 101 },
        { first: -1 },
        { after: 'not-a-cursor' },
        { filter: { kind: 'CAUSE' } },
        { filter: { name: 'x'.repeat(201) } },
      ]) {
        const result = await api.run(PAGE, variables);
        expect({ variables, code: result.errors?.[0]?.extensions?.code }).toEqual({
          variables,
          code: 'BAD_USER_INPUT',
        });
        expect(result.data?.conditions ?? null).toBeNull();
      }
      const zero = dataOf(await api.run<Page>(PAGE, { first: 0 })).conditions;
      expect(zero.edges).toEqual([]);
      expect(zero.totalCount).toBe(ids(['Condition', 'Cancer']).length);
      expect(zero.pageInfo.hasNextPage).toBe(true);
    });
  });

  describe('sources', () => {
    it('returns the article with its publisher and last-reviewed date', async () => {
      const data = dataOf(
        await api.run<{ sources: unknown[]; source: unknown }>(
          '{ sources { id } source(id: "cleveland-clinic-myoclonus") { id kind title publisher lastReviewed } }',
        ),
      );
      expect(data.sources).toEqual([{ id: 'cleveland-clinic-myoclonus' }]);
      expect(data.source).toEqual({
        id: 'cleveland-clinic-myoclonus',
        kind: 'ARTICLE',
        title: 'Myoclonus',
        publisher: 'Cleveland Clinic',
        lastReviewed: '2023-03-16',
      });
    });
  });
});
