import type { Database } from '../../src/neo4j/database';
import type { SeedPlan } from '../../src/seed/seed.types';
import { createTestApi, dataOf } from '../helpers/api';
import type { GraphQLResult, TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

interface HopOut {
  node: { id: string; kind: string };
  relationship: string;
  direction: 'FORWARD' | 'BACKWARD';
  population: string | null;
  statedAs: string | null;
  evidence: Array<{ quote: string; source: { id: string; title: string } }>;
}
interface PathOut {
  start: { id: string };
  end: { id: string; kind: string };
  length: number;
  hops: HopOut[];
}

const PATH_FIELDS = `start { id } end { id kind } length
  hops { node { id kind } relationship direction population statedAs evidence { quote source { id title } } }`;

const CHAINS = `query ($from: ID!, $direction: CausalDirection, $maxDepth: Int, $include: [CausalOptIn!],
                     $population: Population, $first: Int) {
  causalChains(from: $from, direction: $direction, maxDepth: $maxDepth, include: $include,
               population: $population, first: $first) { ${PATH_FIELDS} }
}`;

const PATHS = `query ($from: ID!, $to: ID!, $maxLength: Int, $relationshipTypes: [RelationshipType!],
                     $directed: Boolean, $first: Int) {
  paths(from: $from, to: $to, maxLength: $maxLength, relationshipTypes: $relationshipTypes,
        directed: $directed, first: $first) { ${PATH_FIELDS} }
}`;

interface NeighborhoodOut {
  neighborhood: {
    center: { id: string };
    nodes: Array<{ node: { id: string }; depth: number }>;
    edges: Array<{
      from: string;
      to: string;
      relationship: string;
      population: string | null;
      evidence: Array<{ quote: string }>;
    }>;
    truncated: boolean;
  };
}

const NEIGHBORHOOD = `query ($id: ID!, $depth: Int, $relationshipTypes: [RelationshipType!], $limit: Int) {
  neighborhood(id: $id, depth: $depth, relationshipTypes: $relationshipTypes, limit: $limit) {
    center { id }
    nodes { node { id } depth }
    edges { from to relationship population evidence { quote } }
    truncated
  }
}`;

/** A path as `start <-TYPE- node -TYPE-> node`, arrows pointing the way each relationship is stored. */
const show = (p: PathOut): string =>
  p.hops.reduce(
    (line, h) =>
      `${line} ${h.direction === 'FORWARD' ? `-${h.relationship}->` : `<-${h.relationship}-`} ${h.node.id}`,
    p.start.id,
  );

const idsOf = (p: PathOut): string[] => [p.start.id, ...p.hops.map((h) => h.node.id)];

describe('traversal queries on the article seed', () => {
  let db: Database;
  let api: TestApi;
  let plan: SeedPlan;

  beforeAll(async () => {
    db = openTestDatabase();
    plan = await resetToSeed(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const chains = async (variables: Record<string, unknown>): Promise<PathOut[]> =>
    dataOf(await api.run<{ causalChains: PathOut[] }>(CHAINS, variables)).causalChains;
  const paths = async (variables: Record<string, unknown>): Promise<PathOut[]> =>
    dataOf(await api.run<{ paths: PathOut[] }>(PATHS, variables)).paths;
  const neighborhood = async (variables: Record<string, unknown>): Promise<NeighborhoodOut['neighborhood']> =>
    dataOf(await api.run<NeighborhoodOut>(NEIGHBORHOOD, variables)).neighborhood;

  /** The quotes the seed gives for a relationship, stored direction. */
  const seedQuotes = (from: string, type: string, to: string): string[] => {
    const rel = plan.relationships.find((r) => r.from === from && r.type === type && r.to === to);
    if (!rel) throw new Error(`the seed has no ${from} -${type}-> ${to}`);
    return rel.evidenceQuotes;
  };

  /** Every hop carries the seed's quotes of the relationship it crosses, with the article as source. */
  const expectSeedEvidenceOnEveryHop = (path: PathOut): void => {
    let previous = path.start.id;
    for (const hop of path.hops) {
      const [from, to] = hop.direction === 'FORWARD' ? [previous, hop.node.id] : [hop.node.id, previous];
      expect(hop.evidence.map((e) => e.quote)).toEqual(seedQuotes(from, hop.relationship, to));
      for (const e of hop.evidence)
        expect(e.source).toEqual({ id: 'cleveland-clinic-myoclonus', title: 'Myoclonus' });
      previous = hop.node.id;
    }
  };

  const errorOf = (result: GraphQLResult<unknown>) => {
    expect(result.errors).toHaveLength(1);
    return result.errors?.[0];
  };

  describe('causalChains', () => {
    it('reaches the cancers upstream of opsoclonus-myoclonus syndrome, with their populations and verbatim quotes', async () => {
      const result = await chains({ from: 'opsoclonus-myoclonus-syndrome' });
      const toCancers = result.filter((p) => p.end.kind === 'CANCER');
      const populationByCancer = Object.fromEntries(
        toCancers.map((p) => [p.end.id, p.hops[p.hops.length - 1]?.population]),
      );
      expect(populationByCancer).toEqual({
        neuroblastoma: 'CHILDREN',
        'lung-cancer': 'ADULTS',
        'breast-cancer': 'ADULTS',
        'ovarian-cancer': 'ADULTS',
      });
      for (const p of toCancers) {
        expect(p.hops.map((h) => [h.node.id, h.relationship, h.direction])).toEqual([
          ['faulty-immune-reaction', 'CAUSES', 'BACKWARD'],
          [p.end.id, 'CAUSES', 'BACKWARD'],
        ]);
        expectSeedEvidenceOnEveryHop(p);
      }
      const neuroblastoma = toCancers.find((p) => p.end.id === 'neuroblastoma');
      expect(neuroblastoma?.hops[1]?.evidence[0]?.quote).toBe(
        'In children, this faulty immune reaction may happen because of a type of brain cancer called neuroblastoma.',
      );
      expect(neuroblastoma?.hops[1]?.statedAs).toBe('may happen because of');
    });

    it('lists every chain shortest first, then by the names along it', async () => {
      const result = await chains({ from: 'opsoclonus-myoclonus-syndrome' });
      expect(result.map(show)).toEqual([
        'opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction',
        'opsoclonus-myoclonus-syndrome <-CAUSES- infections',
        'opsoclonus-myoclonus-syndrome <-CAUSES- metabolic-disturbances',
        'opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction <-CAUSES- breast-cancer',
        'opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction <-CAUSES- lung-cancer',
        'opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction <-CAUSES- neuroblastoma',
        'opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction <-CAUSES- ovarian-cancer',
      ]);
      for (const p of result) {
        expect(p.length).toBe(p.hops.length);
        expect(p.end.id).toBe(p.hops[p.hops.length - 1]?.node.id);
      }
    });

    it('reaches neuroblastoma upstream of myoclonus through the immune reaction and OMS with HAS_FEATURE, in children', async () => {
      const result = await chains({ from: 'myoclonus', include: ['HAS_FEATURE'] });
      const toNeuroblastoma = result.filter((p) => p.end.id === 'neuroblastoma');
      expect(toNeuroblastoma.map(show)).toEqual([
        'myoclonus <-HAS_FEATURE- opsoclonus-myoclonus-syndrome <-CAUSES- faulty-immune-reaction <-CAUSES- neuroblastoma',
      ]);
      const [path] = toNeuroblastoma as [PathOut];
      expect(path.hops.map((h) => h.population)).toEqual([null, null, 'CHILDREN']);
      expectSeedEvidenceOnEveryHop(path);
      expect(result.map((p) => p.end.id)).toEqual(
        expect.arrayContaining(['lung-cancer', 'breast-cancer', 'ovarian-cancer', 'epilepsy']),
      );
    });

    it('does not cross HAS_FEATURE without the opt-in: upstream of myoclonus stops at seizures and epilepsy', async () => {
      const result = await chains({ from: 'myoclonus' });
      expect(result.map(show)).toEqual([
        'myoclonus <-CAUSES- myoclonic-seizures',
        'myoclonus <-CAUSES- seizures',
        'myoclonus <-CAUSES- seizures <-CAUSES- epilepsy',
      ]);
    });

    it('reaches Lennox-Gastaut syndrome upstream of seizures through epilepsy with the SUBTYPE_OF opt-in', async () => {
      const withSubtypes = await chains({ from: 'seizures', include: ['SUBTYPE_OF'] });
      expect(withSubtypes.map(show)).toEqual(
        expect.arrayContaining([
          'seizures <-CAUSES- epilepsy <-SUBTYPE_OF- lennox-gastaut-syndrome',
          'seizures <-CAUSES- epilepsy <-SUBTYPE_OF- juvenile-myoclonic-epilepsy',
          'seizures <-SUBTYPE_OF- myoclonic-seizures',
        ]),
      );
      const without = await chains({ from: 'seizures' });
      expect(without.map(show)).toEqual(['seizures <-CAUSES- epilepsy']);
    });

    it('follows what neuroblastoma causes DOWNSTREAM, every hop FORWARD, to OMS and with HAS_FEATURE to myoclonus', async () => {
      const causes = await chains({ from: 'neuroblastoma', direction: 'DOWNSTREAM' });
      expect(causes.map(show)).toEqual([
        'neuroblastoma -CAUSES-> faulty-immune-reaction',
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome',
      ]);
      const withFeatures = await chains({
        from: 'neuroblastoma',
        direction: 'DOWNSTREAM',
        include: ['HAS_FEATURE'],
      });
      expect(withFeatures.map(show)).toEqual([
        'neuroblastoma -CAUSES-> faulty-immune-reaction',
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome',
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome -HAS_FEATURE-> myoclonus',
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome -HAS_FEATURE-> opsoclonus',
      ]);
      for (const p of withFeatures) expectSeedEvidenceOnEveryHop(p);
    });

    it('keeps only chains without a hop stated for another population, unqualified hops included', async () => {
      const children = await chains({ from: 'opsoclonus-myoclonus-syndrome', population: 'CHILDREN' });
      expect(children.map((p) => p.end.id)).toEqual([
        'faulty-immune-reaction',
        'infections',
        'metabolic-disturbances',
        'neuroblastoma',
      ]);
      const adults = await chains({ from: 'opsoclonus-myoclonus-syndrome', population: 'ADULTS' });
      expect(adults.map((p) => p.end.id)).toEqual([
        'faulty-immune-reaction',
        'infections',
        'metabolic-disturbances',
        'breast-cancer',
        'lung-cancer',
        'ovarian-cancer',
      ]);
      const newborns = await chains({ from: 'opsoclonus-myoclonus-syndrome', population: 'NEWBORNS' });
      expect(newborns.every((p) => p.hops.every((h) => h.population === null))).toBe(true);
      expect(newborns).toHaveLength(3);
    });

    it('gives only the direct causes with maxDepth 1', async () => {
      const result = await chains({ from: 'opsoclonus-myoclonus-syndrome', maxDepth: 1 });
      expect(result.map((p) => [p.length, p.end.id])).toEqual([
        [1, 'faulty-immune-reaction'],
        [1, 'infections'],
        [1, 'metabolic-disturbances'],
      ]);
    });

    it('rejects maxDepth past the cap of 6 or below 1 with BAD_USER_INPUT naming the argument and the cap', async () => {
      for (const maxDepth of [7, 0, -1]) {
        const error = errorOf(await api.run(CHAINS, { from: 'myoclonus', maxDepth }));
        expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toContain('"maxDepth"');
        expect(error?.message).toContain('6');
      }
      expect(await chains({ from: 'myoclonus', maxDepth: 6 })).not.toHaveLength(0);
    });

    it('returns the first paths in order with `first`, and rejects first outside 1..500', async () => {
      const all = await chains({ from: 'opsoclonus-myoclonus-syndrome' });
      const two = await chains({ from: 'opsoclonus-myoclonus-syndrome', first: 2 });
      expect(two.map(show)).toEqual(all.slice(0, 2).map(show));
      const beyond = await chains({ from: 'opsoclonus-myoclonus-syndrome', maxDepth: 6, first: 4 });
      expect(beyond.map(show)).toEqual(all.slice(0, 4).map(show));
      for (const first of [0, 501]) {
        const error = errorOf(await api.run(CHAINS, { from: 'myoclonus', first }));
        expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toContain('"first"');
      }
    });

    it('answers NOT_FOUND naming an unknown id, and BAD_USER_INPUT for an id that cannot be one', async () => {
      const unknown = errorOf(await api.run(CHAINS, { from: 'no-such-concept' }));
      expect(unknown?.extensions?.code).toBe('NOT_FOUND');
      expect(unknown?.message).toContain('"no-such-concept"');
      const malformed = errorOf(await api.run(CHAINS, { from: 'two words' }));
      expect(malformed?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('returns an empty list for a concept that nothing causes', async () => {
      expect(await chains({ from: 'neuroblastoma' })).toEqual([]);
    });

    describe('on a generated cycle', () => {
      // a -> b -> c -> a, and c -> b: Neo4j's relationship-unique expansion alone would also walk a <- c <- b <- c
      // (two different relationships) and a <- c <- b <- a.
      beforeAll(async () => {
        await db.write(
          `UNWIND ['a', 'b', 'c'] AS x
           CREATE (:Concept:Condition:TraversalCycle {id: 'cycle-' + x, name: 'cycle ' + x, nameKey: 'cycle ' + x,
                   synonyms: [], xrefs: [], evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']})
           WITH count(*) AS created
           UNWIND [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'b']] AS pair
           MATCH (from:TraversalCycle {id: 'cycle-' + pair[0]}), (to:TraversalCycle {id: 'cycle-' + pair[1]})
           CREATE (from)-[:CAUSES {evidenceSources: ['cleveland-clinic-myoclonus'], evidenceQuotes: ['Generated.']}]->(to)`,
        );
      });

      afterAll(async () => {
        await db.write('MATCH (n:TraversalCycle) DETACH DELETE n');
      });

      it('terminates with simple paths only, upstream and downstream, at the greatest depth', async () => {
        const upstream = await chains({ from: 'cycle-a', maxDepth: 6 });
        expect(upstream.map(show)).toEqual([
          'cycle-a <-CAUSES- cycle-c',
          'cycle-a <-CAUSES- cycle-c <-CAUSES- cycle-b',
        ]);
        const downstream = await chains({ from: 'cycle-b', direction: 'DOWNSTREAM', maxDepth: 6 });
        expect(downstream.map(show)).toEqual([
          'cycle-b -CAUSES-> cycle-c',
          'cycle-b -CAUSES-> cycle-c -CAUSES-> cycle-a',
        ]);
        for (const p of [...upstream, ...downstream]) expect(new Set(idsOf(p)).size).toBe(idsOf(p).length);
      });
    });
  });

  describe('paths', () => {
    const causal = ['CAUSES', 'HAS_FEATURE'];

    it('finds neuroblastoma -> faulty immune reaction -> OMS -> myoclonus along causes and features, evidence on every hop', async () => {
      const result = await paths({ from: 'neuroblastoma', to: 'myoclonus', relationshipTypes: causal });
      expect(result.map(show)).toEqual([
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome -HAS_FEATURE-> myoclonus',
      ]);
      const [path] = result as [PathOut];
      expect(path.start.id).toBe('neuroblastoma');
      expect(path.end.id).toBe('myoclonus');
      expect(path.length).toBe(3);
      expect(path.hops[0]?.population).toBe('CHILDREN');
      expectSeedEvidenceOnEveryHop(path);
    });

    it('crosses relationships against their direction unless directed, saying so on each hop', async () => {
      const undirected = await paths({ from: 'neuroblastoma', to: 'myoclonus' });
      expect(undirected.map(show)).toEqual([
        'neuroblastoma <-ASSOCIATED_WITH- opsoclonus-myoclonus-syndrome -HAS_FEATURE-> myoclonus',
      ]);
      expectSeedEvidenceOnEveryHop(undirected[0] as PathOut);
      const directed = await paths({ from: 'neuroblastoma', to: 'myoclonus', directed: true });
      expect(directed.map(show)).toEqual([
        'neuroblastoma -CAUSES-> faulty-immune-reaction -CAUSES-> opsoclonus-myoclonus-syndrome -HAS_FEATURE-> myoclonus',
      ]);
      expect(await paths({ from: 'myoclonus', to: 'neuroblastoma', directed: true })).toEqual([]);
    });

    it('returns every shortest path, in name order', async () => {
      // The three adult cancers each cause the faulty immune reaction: two shortest paths join any two of them.
      const result = await paths({ from: 'lung-cancer', to: 'breast-cancer' });
      expect(result.map(show)).toEqual([
        'lung-cancer -CAUSES-> faulty-immune-reaction <-CAUSES- breast-cancer',
        'lung-cancer <-ASSOCIATED_WITH- opsoclonus-myoclonus-syndrome -ASSOCIATED_WITH-> breast-cancer',
      ]);
      const first = await paths({ from: 'lung-cancer', to: 'breast-cancer', first: 1 });
      expect(first.map(show)).toEqual(result.slice(0, 1).map(show));
    });

    it('returns an empty list, not an error, when no path fits within maxLength', async () => {
      expect(await paths({ from: 'neuroblastoma', to: 'myoclonus', maxLength: 1 })).toEqual([]);
      expect(
        await paths({ from: 'neuroblastoma', to: 'myoclonus', relationshipTypes: causal, maxLength: 2 }),
      ).toEqual([]);
      expect(await paths({ from: 'alcohol', to: 'uvula', relationshipTypes: ['PART_OF'] })).toEqual([]);
    });

    it('follows only the relationship types asked for', async () => {
      const result = await paths({ from: 'uvula', to: 'mouth', relationshipTypes: ['PART_OF'] });
      expect(result.map(show)).toEqual(['uvula -PART_OF-> soft-palate -PART_OF-> mouth']);
      const viaAffects = await paths({
        from: 'uvula',
        to: 'mouth',
        relationshipTypes: ['PART_OF', 'AFFECTS'],
      });
      expect(
        viaAffects.every((p) => p.hops.every((h) => ['PART_OF', 'AFFECTS'].includes(h.relationship))),
      ).toBe(true);
      const error = errorOf(await api.run(PATHS, { from: 'uvula', to: 'mouth', relationshipTypes: [] }));
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain('"relationshipTypes"');
    });

    it('rejects maxLength outside 1..6 and equal ends with BAD_USER_INPUT', async () => {
      for (const maxLength of [0, 7]) {
        const error = errorOf(await api.run(PATHS, { from: 'neuroblastoma', to: 'myoclonus', maxLength }));
        expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toContain('"maxLength"');
        expect(error?.message).toContain('6');
      }
      const same = errorOf(await api.run(PATHS, { from: 'myoclonus', to: 'myoclonus' }));
      expect(same?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(same?.message).toContain('"to"');
    });

    it('answers NOT_FOUND naming the unknown id, whichever end it is', async () => {
      const from = errorOf(await api.run(PATHS, { from: 'no-such-start', to: 'myoclonus' }));
      expect(from?.extensions).toEqual({ code: 'NOT_FOUND', argument: 'from' });
      expect(from?.message).toContain('"no-such-start"');
      const to = errorOf(await api.run(PATHS, { from: 'myoclonus', to: 'no-such-end' }));
      expect(to?.extensions).toEqual({ code: 'NOT_FOUND', argument: 'to' });
      expect(to?.message).toContain('"no-such-end"');
    });
  });

  describe('neighborhood', () => {
    const OMS_NEIGHBOURS = [
      'breast-cancer',
      'faulty-immune-reaction',
      'infections',
      'lung-cancer',
      'metabolic-disturbances',
      'myoclonus',
      'neuroblastoma',
      'opsoclonus',
      'ovarian-cancer',
    ];

    it('gives the direct neighbours of OMS at depth 1 and every relationship between them', async () => {
      const n = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome' });
      expect(n.center.id).toBe('opsoclonus-myoclonus-syndrome');
      expect(n.nodes).toEqual([
        { node: { id: 'opsoclonus-myoclonus-syndrome' }, depth: 0 },
        ...OMS_NEIGHBOURS.map((id) => ({ node: { id }, depth: 1 })),
      ]);
      expect(n.truncated).toBe(false);
      // Every seed relationship with both ends among those concepts, and nothing else.
      const members = new Set(n.nodes.map((x) => x.node.id));
      const expected = plan.relationships
        .filter((r) => members.has(r.from) && members.has(r.to))
        .map((r) => `${r.from} ${r.type} ${r.to}`)
        .sort();
      expect(n.edges.map((e) => `${e.from} ${e.relationship} ${e.to}`).sort()).toEqual(expected);
      expect(expected).toContain('neuroblastoma CAUSES faulty-immune-reaction');
      expect(n.edges).toHaveLength(13);
      for (const e of n.edges) {
        expect(e.evidence.map((x) => x.quote)).toEqual(seedQuotes(e.from, e.relationship, e.to));
      }
      expect(n.edges.find((e) => e.from === 'neuroblastoma')?.population).toBe('CHILDREN');
    });

    it('grows with depth 2, each concept at its distance, nearest first', async () => {
      const one = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome', depth: 1 });
      const two = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome', depth: 2 });
      expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
      expect(two.edges.length).toBeGreaterThan(one.edges.length);
      expect(two.nodes.slice(0, one.nodes.length)).toEqual(one.nodes);
      const depthOf = new Map(two.nodes.map((x) => [x.node.id, x.depth]));
      expect(depthOf.get('eye-muscles')).toBe(2); // OMS -HAS_FEATURE-> opsoclonus -AFFECTS-> eye muscles
      expect(depthOf.get('nervous-system')).toBe(2); // through the faulty immune reaction
      expect(depthOf.get('physiological-myoclonus')).toBe(2); // a subtype of myoclonus
      const depths = two.nodes.map((x) => x.depth);
      expect(depths).toEqual([...depths].sort((a, b) => a - b));
    });

    it('truncates at the limit, says so, and keeps only edges between the returned concepts', async () => {
      const full = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome', depth: 2 });
      const cut = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome', depth: 2, limit: 5 });
      expect(cut.truncated).toBe(true);
      expect(cut.nodes).toEqual(full.nodes.slice(0, 5));
      const members = new Set(cut.nodes.map((x) => x.node.id));
      expect(cut.edges.length).toBeGreaterThan(0);
      for (const e of cut.edges) {
        expect(members.has(e.from) && members.has(e.to)).toBe(true);
      }
      expect(cut.edges).toEqual(full.edges.filter((e) => members.has(e.from) && members.has(e.to)));
      const exact = await neighborhood({
        id: 'opsoclonus-myoclonus-syndrome',
        limit: OMS_NEIGHBOURS.length + 1,
      });
      expect(exact.truncated).toBe(false);
      const centerOnly = await neighborhood({ id: 'opsoclonus-myoclonus-syndrome', limit: 1 });
      expect(centerOnly).toMatchObject({ nodes: [{ depth: 0 }], edges: [], truncated: true });
    });

    it('follows only the relationship types asked for', async () => {
      const n = await neighborhood({
        id: 'opsoclonus-myoclonus-syndrome',
        relationshipTypes: ['HAS_FEATURE'],
      });
      expect(n.nodes.map((x) => x.node.id)).toEqual([
        'opsoclonus-myoclonus-syndrome',
        'myoclonus',
        'opsoclonus',
      ]);
      expect(n.edges.map((e) => e.relationship)).toEqual(['HAS_FEATURE', 'HAS_FEATURE']);
    });

    it('rejects depth outside 1..3 and limit outside 1..500, and answers NOT_FOUND for an unknown id', async () => {
      for (const variables of [{ depth: 4 }, { depth: 0 }, { limit: 0 }, { limit: 501 }]) {
        const error = errorOf(await api.run(NEIGHBORHOOD, { id: 'myoclonus', ...variables }));
        expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toContain(`"${Object.keys(variables)[0]}"`);
      }
      const unknown = errorOf(await api.run(NEIGHBORHOOD, { id: 'no-such-concept' }));
      expect(unknown?.extensions?.code).toBe('NOT_FOUND');
      expect(unknown?.message).toContain('"no-such-concept"');
    });
  });

  describe('round trips', () => {
    const roundTrips = (result: GraphQLResult<unknown>): number =>
      (result.extensions?.queryStats as { roundTrips: number }).roundTrips;

    it('sends one query per top-level call, and one more per nested relationship field, however many hops', async () => {
      const result = await api.run<{
        causalChains: Array<{ hops: Array<{ node: { bodyRegions?: unknown[] } }> }>;
      }>(
        `{ causalChains(from: "myoclonus", include: [HAS_FEATURE, SUBTYPE_OF]) {
             hops { node { name ... on Condition { bodyRegions { node { id } } } } evidence { quote } }
           } }`,
      );
      const data = dataOf(result);
      expect(data.causalChains.length).toBeGreaterThanOrEqual(5);
      expect(data.causalChains.flatMap((p) => p.hops).length).toBeGreaterThan(10);
      expect(roundTrips(result)).toBe(2);

      const flat = await api.run(`{ causalChains(from: "myoclonus") { hops { node { id } } } }`);
      expect(roundTrips(flat)).toBe(1);
      const between = await api.run(
        `{ paths(from: "neuroblastoma", to: "myoclonus") { hops { node { id ... on Condition { causes { node { id } } } } } } }`,
      );
      expect(roundTrips(between)).toBe(2);
      const around = await api.run(
        `{ neighborhood(id: "myoclonus", depth: 2) { nodes { node { id } } edges { from } } }`,
      );
      expect(roundTrips(around)).toBe(1);
    });
  });
});
