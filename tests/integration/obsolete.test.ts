import type { Database } from '../../src/neo4j/database';
import { parseCurie } from '../../src/xref/curie';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

/**
 * Obsolete ontology terms (`obsolete: true`, as the OBO importer writes them) are kept and flagged: lookups by id
 * return them, `conditions` and `search` leave them out unless asked. And body regions show SUBTYPE_OF (the UBERON
 * is_a hierarchy) as `parents` and `subtypes`.
 */

const SOURCE = { id: 'test-ontology', kind: 'ontology', title: 'Test ontology', publisher: 'Tests' };

interface TestConcept {
  id: string;
  labels: 'Condition' | 'BodyRegion';
  name: string;
  synonyms?: string[];
  obsolete?: boolean;
  replacedBy?: string[];
  consider?: string[];
}

/**
 * Conditions whose names and synonyms only these concepts have ("frobnication", "quuxwobble"): two obsolete
 * conditions that rank above the one current condition in a search for "frobnication", and an obsolete cancer.
 */
const CONCEPTS: TestConcept[] = [
  {
    id: 'DOID:TEST1',
    labels: 'Condition',
    name: 'frobnication',
    synonyms: ['quuxwobble palsy'],
    obsolete: true,
    replacedBy: ['DOID:TEST2'],
    consider: ['DOID:TEST3', 'DOID:TEST4'],
  },
  { id: 'DOID:TEST2', labels: 'Condition', name: 'frobnication disorder', obsolete: false },
  { id: 'DOID:TEST3', labels: 'Condition', name: 'frobnication syndrome', obsolete: true },
  { id: 'UBERON:TEST10', labels: 'BodyRegion', name: 'test limb' },
  { id: 'UBERON:TEST11', labels: 'BodyRegion', name: 'test forelimb' },
];

const SUBTYPE_QUOTE = 'test forelimb is_a test limb';

async function writeTestConcepts(db: Database): Promise<void> {
  await db.write(
    `MERGE (s:Source {id: $source.id})
     SET s.kind = $source.kind, s.title = $source.title, s.publisher = $source.publisher`,
    { source: SOURCE },
  );
  for (const c of CONCEPTS) {
    const label = c.labels === 'BodyRegion' ? 'BodyRegion' : 'Condition';
    const props: Record<string, unknown> = {
      name: c.name,
      synonyms: c.synonyms ?? [],
      xrefs: [],
      xrefKeys: [parseCurie(c.id)!.key],
      ontologyIds: [c.id],
      evidenceSources: [SOURCE.id],
      evidenceQuotes: [`${c.id} ${c.name}`],
    };
    // `obsolete`, replacedBy and consider only where the test gives them: the importer writes all three on every term
    // (empty lists where the term has none), and reads treat a missing list as an empty one, which this checks.
    if (c.obsolete !== undefined) props.obsolete = c.obsolete;
    if (c.replacedBy) props.replacedBy = c.replacedBy;
    if (c.consider) props.consider = c.consider;
    await db.write(`MERGE (c:Concept:${label} {id: $id}) SET c += $props, c.nameKey = toLower(c.name)`, {
      id: c.id,
      props,
    });
  }
  await db.write(
    `MATCH (a:Concept {id: 'UBERON:TEST11'}), (b:Concept {id: 'UBERON:TEST10'})
     MERGE (a)-[r:SUBTYPE_OF]->(b)
     SET r.evidenceSources = [$source], r.evidenceQuotes = [$quote]`,
    { source: SOURCE.id, quote: SUBTYPE_QUOTE },
  );
}

interface ConditionsPage {
  conditions: {
    edges: Array<{ node: { id: string; obsolete: boolean } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const CONDITIONS = `query ($first: Int, $after: String, $filter: ConditionFilter) {
  conditions(first: $first, after: $after, filter: $filter) {
    edges { node { id obsolete } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface SearchPage {
  search: {
    edges: Array<{ cursor: string; score: number; matched: string; node: { id: string; obsolete: boolean } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const SEARCH = `query ($text: String!, $first: Int, $after: String, $includeObsolete: Boolean, $fuzzy: Boolean) {
  search(text: $text, first: $first, after: $after, includeObsolete: $includeObsolete, fuzzy: $fuzzy) {
    edges { cursor score matched node { id obsolete } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

describe('obsolete ontology terms', () => {
  let db: Database;
  let api: TestApi;
  let seededConditions: number;

  beforeAll(async () => {
    db = openTestDatabase();
    const plan = await resetToSeed(db);
    seededConditions = plan.concepts.filter((c) => c.kind === 'Condition' || c.kind === 'Cancer').length;
    await writeTestConcepts(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const conditions = async (variables: Record<string, unknown>) =>
    dataOf(await api.run<ConditionsPage>(CONDITIONS, variables)).conditions;
  const search = async (variables: Record<string, unknown>) =>
    dataOf(await api.run<SearchPage>(SEARCH, variables)).search;
  const ids = (edges: Array<{ node: { id: string } }>) => edges.map((e) => e.node.id);

  /** Every condition id over all pages, and the totalCount of the first page. */
  async function allConditions(filter: Record<string, unknown> | null) {
    const seen: string[] = [];
    let after: string | null = null;
    let total: number | null = null;
    do {
      const page = await conditions({ first: 25, after, filter });
      total ??= page.totalCount;
      seen.push(...ids(page.edges));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { seen, total };
  }

  describe('conditions', () => {
    it('leaves obsolete conditions out by default, on every page and in totalCount', async () => {
      const { seen, total } = await allConditions(null);
      expect(seen).toContain('DOID:TEST2');
      expect(seen).not.toContain('DOID:TEST1');
      expect(seen).not.toContain('DOID:TEST3');
      expect(seen).toHaveLength(seededConditions + 1);
      expect(total).toBe(seen.length);
    });

    it('includes them with includeObsolete: true, and totalCount counts them', async () => {
      const { seen, total } = await allConditions({ includeObsolete: true });
      expect(seen).toEqual(expect.arrayContaining(['DOID:TEST1', 'DOID:TEST2', 'DOID:TEST3']));
      expect(seen).toHaveLength(seededConditions + 3);
      expect(new Set(seen).size).toBe(seen.length);
      expect(total).toBe(seen.length);
    });

    it('applies the flag together with the other filters', async () => {
      const current = await conditions({ filter: { name: 'frobnication' } });
      expect(ids(current.edges)).toEqual(['DOID:TEST2']);
      expect(current.totalCount).toBe(1);
      const explicit = await conditions({ filter: { name: 'frobnication', includeObsolete: false } });
      expect(ids(explicit.edges)).toEqual(['DOID:TEST2']);
      const all = await conditions({ filter: { name: 'frobnication', includeObsolete: true } });
      expect(all.edges.map((e) => [e.node.id, e.node.obsolete])).toEqual([
        ['DOID:TEST1', true],
        ['DOID:TEST2', false],
        ['DOID:TEST3', true],
      ]);
      expect(all.totalCount).toBe(3);
    });
  });

  describe('search', () => {
    it('finds nothing by default for a name only an obsolete term has, and finds it with includeObsolete', async () => {
      const hidden = await search({ text: 'quuxwobble palsy' });
      expect(hidden.edges).toEqual([]);
      expect(hidden.totalCount).toBe(0);
      const shown = await search({ text: 'quuxwobble palsy', includeObsolete: true });
      expect(shown.edges.map((e) => [e.node.id, e.node.obsolete, e.matched])).toEqual([
        ['DOID:TEST1', true, 'quuxwobble palsy'],
      ]);
      expect(shown.totalCount).toBe(1);
    });

    it('filters before paging: the first page holds the current term even when obsolete ones rank above it', async () => {
      const ranked = await search({ text: 'frobnication', includeObsolete: true, fuzzy: false });
      // The obsolete exact name ranks first: leaving it out after paging would empty the first page below.
      expect(ids(ranked.edges)[0]).toBe('DOID:TEST1');
      expect(ids(ranked.edges)).toEqual(expect.arrayContaining(['DOID:TEST2', 'DOID:TEST3']));

      const page = await search({ text: 'frobnication', first: 1, fuzzy: false });
      expect(ids(page.edges)).toEqual(['DOID:TEST2']);
      expect(page.totalCount).toBe(1);
      expect(page.pageInfo.hasNextPage).toBe(false);
    });

    it('pages through obsolete and current terms alike with includeObsolete, totalCount agreeing', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      const totals: number[] = [];
      do {
        const page = await search({
          text: 'frobnication',
          first: 1,
          after,
          includeObsolete: true,
          fuzzy: false,
        });
        totals.push(page.totalCount);
        seen.push(...ids(page.edges));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen.sort()).toEqual(['DOID:TEST1', 'DOID:TEST2', 'DOID:TEST3']);
      expect(totals).toEqual([3, 3, 3]);
    });
  });

  describe('lookups by id', () => {
    it('returns an obsolete concept from concept, condition and conceptByXref, flagged, with its replacements', async () => {
      const data = dataOf(
        await api.run<
          Record<string, { id: string; obsolete: boolean; replacedBy: string[]; consider: string[] } | null>
        >(`{
          concept(id: "DOID:TEST1") { id obsolete replacedBy consider }
          condition(id: "DOID:TEST1") { id obsolete replacedBy consider }
          byXref: conceptByXref(curie: "doid:test1") { id obsolete replacedBy consider }
          current: concept(id: "DOID:TEST2") { id obsolete replacedBy consider }
          seeded: concept(id: "myoclonus") { id obsolete replacedBy consider }
        }`),
      );
      const obsolete = {
        id: 'DOID:TEST1',
        obsolete: true,
        replacedBy: ['DOID:TEST2'],
        consider: ['DOID:TEST3', 'DOID:TEST4'],
      };
      expect(data.concept).toEqual(obsolete);
      expect(data.condition).toEqual(obsolete);
      expect(data.byXref).toEqual(obsolete);
      expect(data.current).toEqual({ id: 'DOID:TEST2', obsolete: false, replacedBy: [], consider: [] });
      // Seeded concepts have no `obsolete` property at all: read as false.
      expect(data.seeded).toEqual({ id: 'myoclonus', obsolete: false, replacedBy: [], consider: [] });
    });

    it('resolves replacedBy through conceptByXref', async () => {
      const data = dataOf(
        await api.run<{ concept: { replacedBy: string[] } }>(`{ concept(id: "DOID:TEST1") { replacedBy } }`),
      );
      const [replacement] = data.concept.replacedBy;
      const resolved = dataOf(
        await api.run<{ conceptByXref: { id: string; name: string; obsolete: boolean } | null }>(
          `query ($curie: String!) { conceptByXref(curie: $curie) { id name obsolete } }`,
          { curie: replacement },
        ),
      );
      expect(resolved.conceptByXref).toEqual({
        id: 'DOID:TEST2',
        name: 'frobnication disorder',
        obsolete: false,
      });
    });
  });

  describe('guards', () => {
    beforeAll(async () => {
      // The importer gives obsolete terms no relationships; were one to have some, these queries still skip it.
      await db.write(
        `CREATE (a:Concept:Condition {id: 'DOID:TEST5', name: 'test anchor', nameKey: 'test anchor', synonyms: [],
                 xrefs: [], xrefKeys: ['DOID:TEST5'], evidenceSources: [$source], evidenceQuotes: ['anchor']})
         WITH a
         MATCH (o:Concept {id: 'DOID:TEST1'}), (c:Concept {id: 'DOID:TEST2'})
         CREATE (o)-[:SUBTYPE_OF {evidenceSources: [$source], evidenceQuotes: ['o']}]->(a)
         CREATE (c)-[:SUBTYPE_OF {evidenceSources: [$source], evidenceQuotes: ['c']}]->(a)`,
        { source: SOURCE.id },
      );
    });

    afterAll(async () => {
      await db.write(`MATCH (a:Concept {id: 'DOID:TEST5'}) DETACH DELETE a`);
    });

    it('leaves obsolete conditions out of relatedConditions and descendants', async () => {
      const data = dataOf(
        await api.run<{
          relatedConditions: Array<{ node: { id: string } }>;
          condition: {
            descendants: Array<{ node: { id: string } }>;
            subtypes: Array<{ node: { id: string } }>;
          };
        }>(`{
          relatedConditions(id: "DOID:TEST5", first: 50) { node { id } }
          condition(id: "DOID:TEST5") { descendants { node { id } } subtypes { node { id } } }
        }`),
      );
      expect(ids(data.relatedConditions)).toEqual(['DOID:TEST2']);
      expect(ids(data.condition.descendants)).toEqual(['DOID:TEST2']);
      // Relationship fields show every stored edge, whatever stands at its far end.
      expect(ids(data.condition.subtypes)).toEqual(['DOID:TEST1', 'DOID:TEST2']);
    });
  });
});

describe('body region kinds (SUBTYPE_OF)', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    await writeTestConcepts(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  interface RegionEdge {
    node: { __typename: string; id: string; name: string };
    relationship: string;
    evidence: Array<{ quote: string; source: { id: string; title: string } }>;
  }
  type Region = {
    id: string;
    parents: RegionEdge[];
    subtypes: RegionEdge[];
    partOf: RegionEdge[];
    ancestors: Array<{ node: { id: string } }>;
  };
  const EDGE = 'node { __typename id name } relationship evidence { quote source { id title } }';

  it('shows SUBTYPE_OF between two body regions as parents and subtypes, with evidence', async () => {
    const result = await api.run<{ forelimb: Region; limb: Region }>(`{
      forelimb: concept(id: "UBERON:TEST11") {
        ... on BodyRegion { id parents { ${EDGE} } subtypes { ${EDGE} } partOf { ${EDGE} } ancestors { node { id } } }
      }
      limb: concept(id: "UBERON:TEST10") {
        ... on BodyRegion { id parents { ${EDGE} } subtypes { ${EDGE} } partOf { ${EDGE} } ancestors { node { id } } }
      }
    }`);
    const data = dataOf(result);
    const evidence = [{ quote: SUBTYPE_QUOTE, source: { id: SOURCE.id, title: SOURCE.title } }];
    expect(data.forelimb.parents).toEqual([
      {
        node: { __typename: 'BodyRegion', id: 'UBERON:TEST10', name: 'test limb' },
        relationship: 'SUBTYPE_OF',
        evidence,
      },
    ]);
    expect(data.forelimb.subtypes).toEqual([]);
    expect(data.limb.subtypes).toEqual([
      {
        node: { __typename: 'BodyRegion', id: 'UBERON:TEST11', name: 'test forelimb' },
        relationship: 'SUBTYPE_OF',
        evidence,
      },
    ]);
    expect(data.limb.parents).toEqual([]);
    // A kind of region is not a part of it: parthood and the PART_OF hierarchy do not show SUBTYPE_OF.
    expect(data.forelimb.partOf).toEqual([]);
    expect(data.forelimb.ancestors).toEqual([]);
  });

  it('batches parents and subtypes like every relationship field: one query for both, whatever the regions', async () => {
    const regions = ['UBERON:TEST10', 'UBERON:TEST11', 'ear', 'tensor-tympani', 'mouth'];
    const query = `{ ${regions
      .map(
        (id, i) =>
          `r${i}: concept(id: "${id}") { ... on BodyRegion { parents { node { id } } subtypes { node { id } } } }`,
      )
      .join(' ')} }`;
    const result = await api.run<Record<string, { parents: unknown[]; subtypes: unknown[] }>>(query);
    const data = dataOf(result);
    expect(Object.keys(data)).toHaveLength(regions.length);
    // One query for the concepts, one for all parents and subtypes (relationship fields asked together share one).
    expect((result.extensions?.queryStats as { roundTrips: number }).roundTrips).toBe(2);
  });
});
