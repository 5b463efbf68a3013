import { useTck } from './tck';

interface Path {
  end: { id: string };
  hops: Array<{ node: { id: string }; relationship: string; population: string | null; evidence: unknown[] }>;
}

const HOPS = 'end { id } hops { node { id } relationship population evidence { quote source { id } } }';

describe('TCK: traversals', () => {
  const tck = useTck();

  it('causalChains upstream: one query over CAUSES, crossed backward; the depth is a bound, first a parameter', async () => {
    const { data, sent, cypher } = await tck.run<{ causalChains: Path[] }>(
      `{ causalChains(from: "opsoclonus-myoclonus-syndrome", direction: UPSTREAM, maxDepth: 2) { ${HOPS} } }`,
    );
    expect(data.causalChains.map((p) => p.end.id)).toContain('neuroblastoma');
    // The evidence on every hop, its sources included, comes with the chains.
    expect(sent).toHaveLength(1);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
OPTIONAL MATCH (s:Concept {id: $from})
WITH s, COLLECT {
  MATCH p = (s)<-[r1:CAUSES]-(n1)
  WHERE NOT n1 IN [s]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l1
WITH s, l1, COLLECT {
  WITH s WHERE size(l1) < $first
  MATCH p = (s)<-[r1:CAUSES]-(n1)<-[r2:CAUSES]-(n2)
  WHERE NOT n1 IN [s] AND NOT n2 IN [s, n1]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l2
WITH s, (l1 + l2)[0..$first] AS matched
RETURN s IS NOT NULL AS found, COLLECT { UNWIND matched AS p UNWIND nodes(p) AS n WITH DISTINCT n RETURN n {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(n), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(n.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS nodes,
       COLLECT { UNWIND matched AS p UNWIND relationships(p) AS r WITH DISTINCT r RETURN r {key: elementId(r), type: type(r), .population, .statedAs, .evidenceSources, .evidenceQuotes, sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(r.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS relationships,
       [p IN matched | {
         ids: [n IN nodes(p) | n.id],
         hops: [i IN range(0, length(p) - 1) | {
           key: elementId(relationships(p)[i]),
           forward: startNode(relationships(p)[i]) = nodes(p)[i]
         }]
       }] AS paths
-- $first = 100
-- $from = "opsoclonus-myoclonus-syndrome""
`);
  });

  it('causalChains downstream with opt-in types and a population: both join the query', async () => {
    const { data, cypher } = await tck.run<{ causalChains: Path[] }>(
      `{ causalChains(from: "neuroblastoma", direction: DOWNSTREAM, include: [HAS_FEATURE], population: CHILDREN, first: 5) {
        end { id } hops { node { id } relationship population }
      } }`,
    );
    expect(data.causalChains.map((p) => p.end.id)).toContain('opsoclonus-myoclonus-syndrome');
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
OPTIONAL MATCH (s:Concept {id: $from})
WITH s, COLLECT {
  MATCH p = (s)-[r1:CAUSES|HAS_FEATURE WHERE r1.population IS NULL OR r1.population = $population]->(n1)
  WHERE NOT n1 IN [s]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l1
WITH s, l1, COLLECT {
  WITH s WHERE size(l1) < $first
  MATCH p = (s)-[r1:CAUSES|HAS_FEATURE WHERE r1.population IS NULL OR r1.population = $population]->(n1)-[r2:CAUSES|HAS_FEATURE WHERE r2.population IS NULL OR r2.population = $population]->(n2)
  WHERE NOT n1 IN [s] AND NOT n2 IN [s, n1]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l2
WITH s, l1, l2, COLLECT {
  WITH s WHERE size(l1) + size(l2) < $first
  MATCH p = (s)-[r1:CAUSES|HAS_FEATURE WHERE r1.population IS NULL OR r1.population = $population]->(n1)-[r2:CAUSES|HAS_FEATURE WHERE r2.population IS NULL OR r2.population = $population]->(n2)-[r3:CAUSES|HAS_FEATURE WHERE r3.population IS NULL OR r3.population = $population]->(n3)
  WHERE NOT n1 IN [s] AND NOT n2 IN [s, n1] AND NOT n3 IN [s, n1, n2]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l3
WITH s, l1, l2, l3, COLLECT {
  WITH s WHERE size(l1) + size(l2) + size(l3) < $first
  MATCH p = (s)-[r1:CAUSES|HAS_FEATURE WHERE r1.population IS NULL OR r1.population = $population]->(n1)-[r2:CAUSES|HAS_FEATURE WHERE r2.population IS NULL OR r2.population = $population]->(n2)-[r3:CAUSES|HAS_FEATURE WHERE r3.population IS NULL OR r3.population = $population]->(n3)-[r4:CAUSES|HAS_FEATURE WHERE r4.population IS NULL OR r4.population = $population]->(n4)
  WHERE NOT n1 IN [s] AND NOT n2 IN [s, n1] AND NOT n3 IN [s, n1, n2] AND NOT n4 IN [s, n1, n2, n3]
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS l4
WITH s, (l1 + l2 + l3 + l4)[0..$first] AS matched
RETURN s IS NOT NULL AS found, COLLECT { UNWIND matched AS p UNWIND nodes(p) AS n WITH DISTINCT n RETURN n {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(n), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(n.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS nodes,
       COLLECT { UNWIND matched AS p UNWIND relationships(p) AS r WITH DISTINCT r RETURN r {key: elementId(r), type: type(r), .population, .statedAs, .evidenceSources, .evidenceQuotes, sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(r.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS relationships,
       [p IN matched | {
         ids: [n IN nodes(p) | n.id],
         hops: [i IN range(0, length(p) - 1) | {
           key: elementId(relationships(p)[i]),
           forward: startNode(relationships(p)[i]) = nodes(p)[i]
         }]
       }] AS paths
-- $first = 5
-- $from = "neuroblastoma"
-- $population = "children""
`);
  });

  it('paths between two concepts: shortest paths over the types asked for, either way', async () => {
    const { data, cypher } = await tck.run<{ paths: Path[] }>(
      `{ paths(from: "neuroblastoma", to: "myoclonus", relationshipTypes: [CAUSES, HAS_FEATURE], maxLength: 3) {
        ${HOPS}
      } }`,
    );
    expect(data.paths.length).toBeGreaterThan(0);
    expect(data.paths[0]!.hops.map((h) => h.node.id)).toEqual([
      'faulty-immune-reaction',
      'opsoclonus-myoclonus-syndrome',
      'myoclonus',
    ]);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
OPTIONAL MATCH (a:Concept {id: $from})
OPTIONAL MATCH (b:Concept {id: $to})
WITH a, b, COLLECT {
  MATCH p = allShortestPaths((a)-[:CAUSES|HAS_FEATURE*..3]-(b))
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS matched
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, COLLECT { UNWIND matched AS p UNWIND nodes(p) AS n WITH DISTINCT n RETURN n {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(n), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(n.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS nodes,
       COLLECT { UNWIND matched AS p UNWIND relationships(p) AS r WITH DISTINCT r RETURN r {key: elementId(r), type: type(r), .population, .statedAs, .evidenceSources, .evidenceQuotes, sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(r.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS relationships,
       [p IN matched | {
         ids: [n IN nodes(p) | n.id],
         hops: [i IN range(0, length(p) - 1) | {
           key: elementId(relationships(p)[i]),
           forward: startNode(relationships(p)[i]) = nodes(p)[i]
         }]
       }] AS paths
-- $first = 20
-- $from = "neuroblastoma"
-- $to = "myoclonus""
`);
  });

  it('directed paths: only forward hops', async () => {
    const { data, cypher } = await tck.run<{ paths: Path[] }>(
      '{ paths(from: "uvula", to: "mouth", relationshipTypes: [PART_OF], directed: true, first: 1) { end { id } } }',
    );
    expect(data.paths).toEqual([{ end: { id: 'mouth' } }]);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
OPTIONAL MATCH (a:Concept {id: $from})
OPTIONAL MATCH (b:Concept {id: $to})
WITH a, b, COLLECT {
  MATCH p = allShortestPaths((a)-[:PART_OF*..4]->(b))
  RETURN p ORDER BY [n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id] LIMIT $first
} AS matched
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, COLLECT { UNWIND matched AS p UNWIND nodes(p) AS n WITH DISTINCT n RETURN n {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(n), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(n.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS nodes,
       COLLECT { UNWIND matched AS p UNWIND relationships(p) AS r WITH DISTINCT r RETURN r {key: elementId(r), type: type(r), .population, .statedAs, .evidenceSources, .evidenceQuotes, sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(r.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} } AS relationships,
       [p IN matched | {
         ids: [n IN nodes(p) | n.id],
         hops: [i IN range(0, length(p) - 1) | {
           key: elementId(relationships(p)[i]),
           forward: startNode(relationships(p)[i]) = nodes(p)[i]
         }]
       }] AS paths
-- $first = 1
-- $from = "uvula"
-- $to = "mouth""
`);
  });

  it('neighborhood: the concepts within the depth and the relationships between them, in one query', async () => {
    const { data, cypher } = await tck.run<{
      neighborhood: {
        center: { id: string };
        nodes: Array<{ node: { id: string }; depth: number }>;
        edges: Array<{ from: string; to: string; relationship: string }>;
        truncated: boolean;
      };
    }>(
      `{ neighborhood(id: "opsoclonus-myoclonus-syndrome", depth: 2, relationshipTypes: [CAUSES, ASSOCIATED_WITH], limit: 5) {
        center { id } nodes { node { id } depth } edges { from to relationship } truncated
      } }`,
    );
    expect(data.neighborhood.center.id).toBe('opsoclonus-myoclonus-syndrome');
    expect(data.neighborhood.nodes).toHaveLength(5);
    expect(data.neighborhood.truncated).toBe(true);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
OPTIONAL MATCH (c:Concept {id: $id})
WITH c, COLLECT {
  MATCH p = (c)-[:CAUSES|ASSOCIATED_WITH*1..2]-(n)
  WHERE n <> c
  WITH n, min(length(p)) AS depth
  ORDER BY depth, toLower(n.name), n.id
  LIMIT $fetch
  RETURN {node: n, depth: depth} AS near
} AS near
WITH c, size(near) > $keep AS truncated, CASE WHEN c IS NULL THEN [] ELSE [{node: c, depth: 0}] + near[0..$keep] END AS kept
WITH c, truncated, kept, [k IN kept | k.node] AS members
RETURN c IS NOT NULL AS found, truncated,
       COLLECT {
         UNWIND range(0, size(kept) - 1) AS i
         WITH i, kept[i].node AS n, kept[i].depth AS depth
         RETURN {depth: depth, node: n {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(n), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(n.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}} AS node ORDER BY i
       } AS nodes,
       COLLECT {
         UNWIND members AS a
         MATCH (a)-[r:CAUSES|ASSOCIATED_WITH]->(b)
         WHERE b IN members
         RETURN r {key: elementId(r), type: type(r), .population, .statedAs, .evidenceSources, .evidenceQuotes, sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(r.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }, from: a.id, to: b.id} AS edge ORDER BY a.id, b.id, type(r)
       } AS edges
-- $fetch = 5
-- $id = "opsoclonus-myoclonus-syndrome"
-- $keep = 4"
`);
  });
});
