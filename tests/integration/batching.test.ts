import type { Database } from '../../src/neo4j/database';
import { createTestApi, dataOf } from '../helpers/api';
import type { GraphQLResult, TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

/**
 * All conditions with their causes, body regions and cancers, and under each of those their conditions, with
 * evidence on every edge: 1 root query, 1 for the 3 relationship fields of level 1 (fields asked in the same tick
 * share a query), 1 for the 3 of level 2, and 1 for the sources the evidence cites (loaded once per request, the
 * first time evidence is resolved).
 */
const NESTED = `query ($first: Int, $after: String) {
  conditions(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id
      causes { population evidence { quote source { title } }
        node { id ... on Cause { conditions { node { id } evidence { quote } } } } }
      bodyRegions { evidence { quote source { title } } node { id conditions { node { id } evidence { quote } } } }
      cancers { population evidence { quote source { title } } node { id conditions { node { id } population } } }
    } }
  }
}`;
const MAX_ROUND_TRIPS = 1 + 1 + 1 + 1;
/** Walking 21 pages takes about 20 s here and has taken over 60 s on a loaded CI machine: a hang guard only. */
const WALK_TIMEOUT = 300_000;

interface Nested {
  conditions: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Edge }> };
}
interface Edge {
  id: string;
  causes?: unknown[];
  bodyRegions: unknown[];
  cancers?: unknown[];
}

/** Hierarchy fields on every condition and on its regions: 1 root, 3 on level 1, 3 on level 2. */
/**
 * Hierarchy fields have a loader (and query) each: 1 root query, 3 on level 1 (ancestors, descendants, body
 * regions) and 3 on level 2.
 */
const MAX_HIERARCHY_ROUND_TRIPS = 1 + 3 + 3;
const HIERARCHY = `query ($first: Int, $after: String) {
  conditions(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id
      ancestors { depth node { id } }
      descendants { depth node { id } }
      bodyRegions { node { ancestors { node { id } } descendants { node { id } } conditions(includeParts: true) { node { id } } } }
    } }
  }
}`;

/** Runs the nested query over every page; returns the round trips of each page and the edges seen. */
async function walk(
  api: TestApi,
  query: string = NESTED,
): Promise<{ roundTrips: number[]; conditions: number; edges: number }> {
  const roundTrips: number[] = [];
  let after: string | null = null;
  let conditions = 0;
  let edges = 0;
  do {
    const result: GraphQLResult<Nested> = await api.run<Nested>(query, { first: 100, after });
    const data: Nested = dataOf(result);
    const stats = result.extensions?.queryStats as { roundTrips: number; dbMillis: number };
    roundTrips.push(stats.roundTrips);
    for (const { node } of data.conditions.edges) {
      conditions += 1;
      edges += (node.causes?.length ?? 0) + node.bodyRegions.length + (node.cancers?.length ?? 0);
    }
    after = data.conditions.pageInfo.hasNextPage ? data.conditions.pageInfo.endCursor : null;
  } while (after);
  return { roundTrips, conditions, edges };
}

/**
 * 2,000 generated conditions, each caused by one of 200 generated causes (10 conditions each), affecting one of 100
 * generated regions (20 each) and associated with one of 50 generated cancers (40 each).
 */
async function addGeneratedConditions(db: Database, count: number): Promise<void> {
  await db.write(
    `UNWIND range(1, $count) AS i
     CREATE (c:Concept:Condition:Generated {id: 'gen-condition-' + i, name: 'generated condition ' + i,
             nameKey: 'generated condition ' + i, synonyms: [], xrefs: [],
             evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated for a test.']})
     MERGE (cause:Concept:Cause:Generated {id: 'gen-cause-' + (i % 200)})
       ON CREATE SET cause.name = 'generated cause ' + (i % 200), cause.nameKey = 'generated cause ' + (i % 200), cause.synonyms = [],
                     cause.xrefs = [], cause.evidenceSources = [], cause.evidenceQuotes = []
     MERGE (region:Concept:BodyRegion:Generated {id: 'gen-region-' + (i % 100)})
       ON CREATE SET region.name = 'generated region ' + (i % 100), region.nameKey = 'generated region ' + (i % 100),
                     region.synonyms = [], region.xrefs = [], region.evidenceSources = [], region.evidenceQuotes = []
     MERGE (cancer:Concept:Condition:Cancer:Generated {id: 'gen-cancer-' + (i % 50)})
       ON CREATE SET cancer.name = 'generated cancer ' + (i % 50), cancer.nameKey = 'generated cancer ' + (i % 50),
                     cancer.synonyms = [], cancer.xrefs = [], cancer.evidenceSources = [], cancer.evidenceQuotes = []
     WITH c, cause, region, cancer
     CREATE (cause)-[:CAUSES {evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']}]->(c)
     CREATE (c)-[:AFFECTS {evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']}]->(region)
     CREATE (c)-[:ASSOCIATED_WITH {population: 'adults', evidenceSources: ['cleveland-clinic-myoclonus'],
                                   evidenceQuotes: ['Generated.']}]->(cancer)`,
    { count },
  );
}

describe('batched relationship loading', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it(
    'sends the same number of round trips per page on the seed as on the seed plus 2,000 conditions',
    async () => {
      await resetToSeed(db);
      const small = await walk(api);
      await addGeneratedConditions(db, 2000);
      const large = await walk(api);

      // One page holds the whole seed; the large graph takes 21 pages of up to 100 conditions each.
      expect(small.roundTrips).toHaveLength(1);
      expect(large.conditions).toBe(small.conditions + 2000 + 50);
      expect(large.edges).toBe(small.edges + 3 * 2000);
      expect(large.roundTrips.length).toBeGreaterThan(20);
      for (const trips of [...small.roundTrips, ...large.roundTrips]) {
        expect(trips).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
        expect(trips).toBe(small.roundTrips[0]);
      }
      console.log(
        `batching: ${small.roundTrips[0]} round trips for the nested query on the seed (${small.conditions} conditions, ` +
          `${small.edges} edges); ${large.roundTrips[0]} per page of 100 on seed + 2,000 ` +
          `(${large.conditions} conditions, ${large.edges} edges, ${large.roundTrips.length} pages)`,
      );
    },
    WALK_TIMEOUT,
  );

  it(
    'keeps hierarchy fields flat too: the same round trips per page with 2,000 more conditions in a hierarchy',
    async () => {
      await resetToSeed(db);
      const small = await walk(api, HIERARCHY);
      await addGeneratedConditions(db, 2000);
      // A hierarchy among the generated concepts: conditions in a tree of fan-out 10, regions under 10 roots.
      const subtypes = await db.write(
        `MATCH (c:Condition:Generated) WHERE c.id STARTS WITH 'gen-condition-'
       WITH c, toInteger(substring(c.id, 14)) AS i WHERE i > 10
       MATCH (p:Concept {id: 'gen-condition-' + (i / 10)})
       CREATE (c)-[:SUBTYPE_OF {evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']}]->(p)`,
      );
      await db.write(
        `MATCH (r:BodyRegion:Generated) WITH r, toInteger(substring(r.id, 11)) AS i WHERE i >= 10
       MATCH (p:Concept {id: 'gen-region-' + (i % 10)})
       CREATE (r)-[:PART_OF {evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']}]->(p)`,
      );
      expect(subtypes.summary.counters.updates().relationshipsCreated).toBeGreaterThan(1900);
      const large = await walk(api, HIERARCHY);
      expect(large.roundTrips.length).toBeGreaterThan(20);
      for (const trips of [...small.roundTrips, ...large.roundTrips]) {
        expect(trips).toBeLessThanOrEqual(MAX_HIERARCHY_ROUND_TRIPS);
        expect(trips).toBe(small.roundTrips[0]);
      }
    },
    WALK_TIMEOUT,
  );

  it('adds queryStats with round trips and database time to every response', async () => {
    const result = await api.run('{ concept(id: "myoclonus") { id } }');
    expect(result.extensions?.queryStats).toEqual({ roundTrips: 1, dbMillis: expect.any(Number) });
  });

  it('leaves queryStats out when QUERY_STATS is off', async () => {
    const plain = await createTestApi(db, { queryStats: false });
    try {
      const result = await plain.run('{ concept(id: "myoclonus") { id } }');
      expect(result.extensions?.queryStats).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });
});
