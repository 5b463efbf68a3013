import { stringify } from 'yaml';
import { TYPE_OF_KIND } from '../../src/concept/concept.type';
import { CONCEPT_KINDS, RELATIONSHIP_RULES, RELATIONSHIP_TYPES } from '../../src/model/kinds';
import type { ConceptKindName, RelationshipTypeName } from '../../src/model/kinds';
import type { Database } from '../../src/neo4j/database';
import { applySchema } from '../../src/neo4j/schema';
import { buildPlan, parseSeedText } from '../../src/seed/seed.load';
import type { SeedFile, SeedPlan } from '../../src/seed/seed.types';
import { writeSeed } from '../../src/seed/seed.write';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { clearGraph, openTestDatabase, resetToSeed } from '../helpers/db';

/** The fields that show a relationship from its start (forward) and from its end (reverse), per end kinds. */
function fieldsFor(
  type: RelationshipTypeName,
  fromKind: ConceptKindName,
  toKind: ConceptKindName,
): { forward: string[]; reverse: string[] } {
  const isCondition = (k: ConceptKindName) => k === 'Condition' || k === 'Cancer';
  switch (type) {
    case 'SUBTYPE_OF':
      return { forward: ['parents'], reverse: ['subtypes'] };
    case 'CAUSES':
      return {
        forward: fromKind === 'Cause' && isCondition(toKind) ? ['effects', 'conditions'] : ['effects'],
        reverse: ['causes'],
      };
    case 'HAS_FEATURE':
      return { forward: ['features'], reverse: ['featureOf'] };
    case 'AFFECTS':
      return {
        forward: ['bodyRegions'],
        reverse: isCondition(fromKind) ? ['affectedBy', 'conditions'] : ['affectedBy'],
      };
    case 'ASSOCIATED_WITH':
      return { forward: ['cancers'], reverse: ['conditions'] };
    case 'PART_OF':
      return { forward: ['partOf'], reverse: ['parts'] };
    case 'DIAGNOSED_BY':
      return { forward: ['diagnosticTests'], reverse: ['diagnoses'] };
    case 'TREATED_BY':
      return { forward: ['treatments'], reverse: ['treats'] };
    case 'AGGRAVATED_BY':
      return { forward: ['aggravatedBy'], reverse: ['aggravates'] };
    case 'MIMICS':
      return { forward: ['mimics'], reverse: ['mimickedBy'] };
  }
}

interface EdgeView {
  node: { id: string };
  relationship: string;
  population: string | null;
  statedAs: string | null;
  evidence: Array<{ quote: string; source: { id: string; title: string } }>;
}

const EDGE_SELECTION = 'node { id } relationship population statedAs evidence { quote source { id title } }';

/**
 * Checks every relationship of `plan` through the API from both ends, on every field that shows it, and returns the
 * (GraphQL type, field) pairs it exercised.
 */
async function checkEveryRelationship(api: TestApi, plan: SeedPlan): Promise<Set<string>> {
  const kindOf = new Map(plan.concepts.map((c) => [c.id, c.kind]));
  const titleOf = new Map(plan.sources.map((s) => [s.id, s.title]));
  const exercised = new Set<string>();
  for (const rel of plan.relationships) {
    const fromKind = kindOf.get(rel.from)!;
    const toKind = kindOf.get(rel.to)!;
    const { forward, reverse } = fieldsFor(rel.type, fromKind, toKind);
    const fromType = TYPE_OF_KIND[fromKind];
    const toType = TYPE_OF_KIND[toKind];
    const query = `query ($from: ID!, $to: ID!) {
      from: concept(id: $from) { ... on ${fromType} { ${forward.map((f) => `${f} { ${EDGE_SELECTION} }`).join(' ')} } }
      to: concept(id: $to) { ... on ${toType} { ${reverse.map((f) => `${f} { ${EDGE_SELECTION} }`).join(' ')} } }
    }`;
    const data = dataOf(
      await api.run<{ from: Record<string, EdgeView[]>; to: Record<string, EdgeView[]> }>(query, {
        from: rel.from,
        to: rel.to,
      }),
    );
    const expectEdge = (edges: EdgeView[] | undefined, otherEnd: string, where: string) => {
      const edge = edges?.find((e) => e.node.id === otherEnd);
      if (!edge) throw new Error(`${where}: no edge to ${otherEnd} for ${rel.from} -${rel.type}-> ${rel.to}`);
      expect(edge.relationship).toBe(rel.type);
      expect(edge.population).toBe(rel.population ? rel.population.toUpperCase() : null);
      expect(edge.statedAs).toBe(rel.statedAs);
      expect(edge.evidence.map((e) => e.quote)).toEqual(rel.evidenceQuotes);
      expect(edge.evidence.map((e) => e.source.id)).toEqual(rel.evidenceSources);
      expect(edge.evidence.map((e) => e.source.title)).toEqual(
        rel.evidenceSources.map((s) => titleOf.get(s)),
      );
    };
    for (const field of forward) {
      expectEdge(data.from[field], rel.to, `${fromType}.${field}`);
      exercised.add(`${fromType}.${field}`);
    }
    for (const field of reverse) {
      expectEdge(data.to[field], rel.from, `${toType}.${field}`);
      exercised.add(`${toType}.${field}`);
    }
  }
  return exercised;
}

/** A synthetic graph with one relationship for every (type, from kind, to kind) the model allows. */
function everyAllowedRelationship(): SeedPlan {
  const source = { id: 'test-source', kind: 'article' as const, title: 'Test source', publisher: 'Tests' };
  const evidence = (what: string) => [{ source: 'test-source', quote: `Sentence stating ${what}.` }];
  const concepts = CONCEPT_KINDS.flatMap((kind) =>
    ['a', 'b'].map((end) => ({
      id: `${kind.toLowerCase()}-${end}`,
      kind,
      name: `${kind} ${end}`,
      evidence: evidence(`${kind} ${end}`),
    })),
  );
  const relationships = RELATIONSHIP_TYPES.flatMap((type) =>
    RELATIONSHIP_RULES[type].flatMap(([fromKinds, toKinds]) =>
      fromKinds.flatMap((from) =>
        toKinds.map((to) => ({
          from: `${from.toLowerCase()}-a`,
          type,
          to: `${to.toLowerCase()}-b`,
          population: 'adults' as const,
          statedAs: `${type} wording`,
          evidence: evidence(`${from} ${type} ${to}`),
        })),
      ),
    ),
  );
  const file: SeedFile = { sources: [source], concepts, relationships };
  const { parsed, problems } = parseSeedText('every-relationship.yaml', stringify(file));
  if (!parsed) throw new Error(problems.map((p) => p.message).join('\n'));
  const built = buildPlan([parsed]);
  if (built.problems.length > 0) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return built.plan;
}

/** Every (object type, field) of the schema whose type is a list of relationship edges. */
async function relationFields(api: TestApi): Promise<Set<string>> {
  const data = dataOf(
    await api.run<{
      __schema: {
        types: Array<{ name: string; kind: string; fields: Array<{ name: string; type: unknown }> | null }>;
      };
    }>(
      `{ __schema { types { name kind fields { name type { kind ofType { kind ofType { kind ofType { name } } } } } } } }`,
    ),
  );
  const out = new Set<string>();
  for (const t of data.__schema.types) {
    if (t.kind !== 'OBJECT' || !t.fields) continue;
    for (const f of t.fields) {
      const named = JSON.stringify(f.type).match(/"name":"(\w+Relation)"/);
      if (named) out.add(`${t.name}.${f.name}`);
    }
  }
  return out;
}

describe('relationship fields', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('shows every relationship of the article seed from both ends, with its qualifiers and quoted evidence', async () => {
    const plan = await resetToSeed(db);
    expect(plan.relationships.length).toBeGreaterThan(40);
    const exercised = await checkEveryRelationship(api, plan);
    expect(exercised.size).toBeGreaterThan(20);
  });

  it('resolves every relationship field of the schema in both directions on a graph holding every allowed pair', async () => {
    await applySchema(db);
    await clearGraph(db);
    const plan = everyAllowedRelationship();
    await writeSeed(db, plan);
    const exercised = await checkEveryRelationship(api, plan);
    const all = await relationFields(api);
    expect([...all].filter((f) => !exercised.has(f)).sort()).toEqual([]);
    expect(all.size).toBeGreaterThan(30);
  });

  it('puts evidence with a quote and a titled source on every edge of every field of every seeded concept', async () => {
    const plan = await resetToSeed(db);
    const fields = await relationFields(api);
    const byType = new Map<string, string[]>();
    for (const f of fields) {
      const [type, field] = f.split('.') as [string, string];
      byType.set(type, [...(byType.get(type) ?? []), field]);
    }
    let edges = 0;
    for (const concept of plan.concepts) {
      const type = TYPE_OF_KIND[concept.kind];
      const selection = (byType.get(type) ?? [])
        .map((f) => `${f} { evidence { quote source { id title } } }`)
        .join(' ');
      const data = dataOf(
        await api.run<{ concept: Record<string, Array<{ evidence: EdgeView['evidence'] }>> }>(
          `query ($id: ID!) { concept(id: $id) { ... on ${type} { ${selection} } } }`,
          { id: concept.id },
        ),
      );
      for (const [field, list] of Object.entries(data.concept)) {
        for (const edge of list) {
          edges += 1;
          expect({ field, evidence: edge.evidence.length > 0 }).toEqual({ field, evidence: true });
          for (const e of edge.evidence) {
            expect(e.quote.trim().length).toBeGreaterThan(0);
            expect(e.source.title).toBe('Myoclonus');
          }
        }
      }
    }
    // Each relationship is seen from both ends (and from two fields where two show it).
    expect(edges).toBeGreaterThanOrEqual(plan.relationships.length * 2);
  });

  it('gives the same evidence however a query asks for it: directly, through fragments, or not at all', async () => {
    await resetToSeed(db);
    const edgeFields = 'node { id } population';
    const direct = await api.run<{ condition: { causes: unknown[] } }>(
      `{ condition(id: "myoclonus") { causes { ${edgeFields} evidence { quote source { id title } } } } }`,
    );
    const expected = dataOf(direct).condition.causes;
    expect(expected.length).toBeGreaterThan(1);
    const named = await api.run<{ condition: { causes: unknown[] } }>(
      `{ condition(id: "myoclonus") { causes { ...E } } }
       fragment E on ConceptRelation { ${edgeFields} ...Q } fragment Q on Relation { evidence { quote source { id title } } }`,
    );
    expect(dataOf(named).condition.causes).toEqual(expected);
    const inline = await api.run<{ condition: { causes: unknown[] } }>(
      `{ condition(id: "myoclonus") { causes { ${edgeFields} ... on Relation { evidence { quote source { id title } } } } } }`,
    );
    expect(dataOf(inline).condition.causes).toEqual(expected);
    // Both ways in one query (aliases): each edge list with what it asked for.
    const both = await api.run<{ condition: { bare: unknown[]; full: unknown[] } }>(
      `{ condition(id: "myoclonus") { bare: causes { ${edgeFields} } full: causes { ${edgeFields} evidence { quote source { id title } } } } }`,
    );
    expect(dataOf(both).condition.full).toEqual(expected);
    expect(dataOf(both).condition.bare).toEqual(
      expected.map((e) => {
        const { evidence: _evidence, ...rest } = e as Record<string, unknown>;
        return rest;
      }),
    );
  });

  it('gives the concept at the far end of an edge every field a lookup gives, loaded in one more query only when asked', async () => {
    await resetToSeed(db);
    const counted = await createTestApi(db, { queryStats: true });
    try {
      const details = `id name kind synonyms description xrefs { system codes curies }
        evidence { quote source { id title version } } obsolete replacedBy consider`;
      type Details = Record<string, unknown> & { id: string };
      const roundTrips = (result: { extensions?: Record<string, unknown> }) =>
        (result.extensions?.queryStats as { roundTrips: number }).roundTrips;
      const ids = ['myoclonus', 'opsoclonus-myoclonus-syndrome', 'ear'];
      const query = (selection: string) =>
        `{ ${ids
          .map(
            (
              id,
              i,
            ) => `c${i}: concept(id: "${id}") { ... on Condition { causes { node { ${selection} } } features {
              node { ${selection} } } bodyRegions { node { ${selection} } } } ... on BodyRegion { parts { node { ${selection} } }
              conditions { node { ${selection} } } } }`,
          )
          .join(' ')} }`;
      const full = await counted.run<Record<string, Record<string, Array<{ node: Details }>>>>(
        query(details),
      );
      const nodes = Object.values(dataOf(full)).flatMap((c) =>
        Object.values(c).flatMap((l) => l.map((e) => e.node)),
      );
      expect(nodes.length).toBeGreaterThan(10);
      for (const node of nodes) {
        const lookup = dataOf(
          await counted.run<{ concept: Details }>(`query ($id: ID!) { concept(id: $id) { ${details} } }`, {
            id: node.id,
          }),
        );
        expect(node).toEqual(lookup.concept);
      }
      // Names only: the concepts, and one query per relationship field. Details: at most one more per relationship
      // field (the edges of each field arrive on their own) and one for the sources their evidence cites, however
      // many concepts (over 10 here).
      const names = await counted.run(query('id name'));
      expect(roundTrips(full)).toBeGreaterThan(roundTrips(names));
      expect(roundTrips(full)).toBeLessThanOrEqual(roundTrips(names) + 5 + 1);
    } finally {
      await counted.stop();
    }
  });
});
