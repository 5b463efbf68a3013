import { useTck } from './tck';

type Edges = Array<{ node: { id: string }; population?: string | null; statedAs?: string | null }>;

describe('TCK: relationship fields', () => {
  const tck = useTck();

  it('causes and effects of one condition share one UNION ALL query, without evidence when not asked', async () => {
    const { data, sent, cypher } = await tck.run<{ concept: { causes: Edges; effects: Edges } }>(
      `{ concept(id: "faulty-immune-reaction") { ... on Cause {
        causes { node { id } population statedAs }
        effects { node { id } }
      } } }`,
    );
    expect(data.concept.causes.map((e) => e.node.id)).toEqual(
      expect.arrayContaining(['lung-cancer', 'neuroblastoma']),
    );
    expect(data.concept.effects.map((e) => e.node.id)).toEqual(['opsoclonus-myoclonus-syndrome']);
    expect(sent).toHaveLength(2);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["faulty-immune-reaction"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)<-[r:CAUSES]-(o:Concept)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
UNION ALL
UNWIND $ids1 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:CAUSES]->(o:Concept)
RETURN 1 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["faulty-immune-reaction"]
-- $ids1 = ["faulty-immune-reaction"]"
`);
  });

  it('features, bodyRegions and cancers of a condition: one query, the evidence read with the cancers only', async () => {
    const { data, cypher } = await tck.run<{
      condition: {
        features: Edges;
        bodyRegions: Edges;
        cancers: Array<{ node: { id: string }; evidence: Array<{ quote: string }> }>;
      };
    }>(
      `{ condition(id: "opsoclonus-myoclonus-syndrome") {
        features { node { id } }
        bodyRegions { node { id } }
        cancers { node { id } population evidence { quote } }
      } }`,
    );
    expect(data.condition.features.map((e) => e.node.id)).toEqual(['myoclonus', 'opsoclonus']);
    expect(data.condition.bodyRegions).toEqual([]);
    expect(data.condition.cancers.map((e) => e.node.id)).toContain('neuroblastoma');
    expect(data.condition.cancers[0]!.evidence.length).toBeGreaterThan(0);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["opsoclonus-myoclonus-syndrome"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:AFFECTS]->(o:BodyRegion)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
UNION ALL
UNWIND $ids1 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:ASSOCIATED_WITH]->(o:Cancer)
RETURN 1 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, toLower(o.name), o.id
UNION ALL
UNWIND $ids2 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:HAS_FEATURE]->(o:Condition)
RETURN 2 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["opsoclonus-myoclonus-syndrome"]
-- $ids1 = ["opsoclonus-myoclonus-syndrome"]
-- $ids2 = ["opsoclonus-myoclonus-syndrome"]

-- query 3: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(s.lastReviewed)} AS s
-- $ids = ["cleveland-clinic-myoclonus"]"
`);
  });

  it('a body region: its conditions and partOf share a query; conditions with parts has a loader of its own', async () => {
    const { data, sent, cypher } = await tck.run<{
      concept: {
        conditions: Edges;
        withParts: Array<{ node: { id: string }; partDepth: number }>;
        partOf: Edges;
      };
    }>(
      `{ concept(id: "mouth") { ... on BodyRegion {
        conditions { node { id } }
        withParts: conditions(includeParts: true) { node { id } partDepth }
        partOf { node { id } }
      } } }`,
    );
    expect(data.concept.withParts.map((e) => e.node.id)).toContain('palatal-myoclonus');
    expect(sent).toHaveLength(3);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["mouth"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:PART_OF]->(o:BodyRegion)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
UNION ALL
UNWIND $ids1 AS id
MATCH (c:Concept {id: id})
MATCH (c)<-[r:AFFECTS]-(o:Condition)
RETURN 1 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["mouth"]
-- $ids1 = ["mouth"]

-- query 3: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (region:Concept {id: id}) WHERE region:BodyRegion
MATCH p = SHORTEST 1 (part:BodyRegion)-[:PART_OF]->{0,30}(region)
WITH id, part, length(p) AS partDepth
MATCH (o:Condition)-[r:AFFECTS]->(part)
RETURN id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node, part {.id, .name, .obsolete, labels: labels(part)} AS region, partDepth,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, partDepth, toLower(o.name), o.id, part.id
-- $ids = ["mouth"]"
`);
  });

  it('statements of a concept come from their own loader', async () => {
    const { data, cypher } = await tck.run<{
      condition: { statements: Array<{ kind: string; claim: string }> };
    }>('{ condition(id: "benign-neonatal-sleep-myoclonus") { statements { kind claim population } } }');
    expect(data.condition.statements.length).toBeGreaterThan(0);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["benign-neonatal-sleep-myoclonus"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (:Concept {id: id})-[:HAS_STATEMENT]->(s:Statement)
RETURN id AS key, s {.id, .kind, .claim, .population, .evidenceSources, .evidenceQuotes} AS statement,
       COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(s.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} } AS sources
ORDER BY key, s.kind, s.claim
-- $ids = ["benign-neonatal-sleep-myoclonus"]"
`);
  });
});
