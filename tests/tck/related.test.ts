import { useTck } from './tck';

describe('TCK: related conditions', () => {
  const tck = useTck();

  it('relatedConditions scores every connection in one query', async () => {
    const { data, sent, cypher } = await tck.run<{
      relatedConditions: Array<{ node: { id: string }; score: number; explanation: string }>;
    }>(
      '{ relatedConditions(id: "opsoclonus-myoclonus-syndrome", first: 3) { node { id } score explanation } }',
    );
    expect(data.relatedConditions).toHaveLength(3);
    expect(data.relatedConditions.map((r) => r.node.id)).toEqual([
      'breast-cancer',
      'lung-cancer',
      'myoclonus',
    ]);
    expect(sent).toHaveLength(1);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
MATCH (c:Concept {id: $id}) WHERE c:Condition
CALL (c) {
  MATCH (c)-[r:HAS_FEATURE|SUBTYPE_OF|CAUSES|ASSOCIATED_WITH|MIMICS|AGGRAVATED_BY]-(o:Condition)
  WHERE o <> c
  RETURN o, CASE type(r)
      WHEN 'HAS_FEATURE' THEN 'FEATURE_OF' WHEN 'SUBTYPE_OF' THEN 'SUBTYPE' WHEN 'CAUSES' THEN 'CAUSES'
      WHEN 'ASSOCIATED_WITH' THEN 'ASSOCIATED_CANCER' WHEN 'MIMICS' THEN 'MIMICS' ELSE 'AGGRAVATES' END AS kind,
    [] AS via, startNode(r) = c AS outgoing
  UNION ALL
  MATCH (c)<-[:CAUSES]-(x:Concept)-[:CAUSES]->(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_CAUSE' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:ASSOCIATED_WITH]->(x:Cancer)<-[:ASSOCIATED_WITH]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_CANCER' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:HAS_FEATURE]->(x:Condition)<-[:HAS_FEATURE]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_FEATURE' AS kind, [x] AS via, true AS outgoing
  UNION ALL
  MATCH (c)<-[:HAS_FEATURE]-(x:Condition)-[:HAS_FEATURE]->(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_FEATURE' AS kind, [x] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:SUBTYPE_OF]->(x:Condition)<-[:SUBTYPE_OF]-(o:Condition) WHERE o <> c
  RETURN o, 'SIBLING' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:SUBTYPE_OF]->(x:Condition)-[:SUBTYPE_OF]->(o:Condition) WHERE o <> c
  RETURN o, 'HIERARCHY_2' AS kind, [x] AS via, true AS outgoing
  UNION ALL
  MATCH (c)<-[:SUBTYPE_OF]-(x:Condition)<-[:SUBTYPE_OF]-(o:Condition) WHERE o <> c
  RETURN o, 'HIERARCHY_2' AS kind, [x] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_REGION' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)-[:PART_OF]->(y:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'REGION_PART' AS kind, [x, y] AS via, true AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)<-[:PART_OF]-(y:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'REGION_PART' AS kind, [x, y] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)-[:PART_OF]->(p:BodyRegion)<-[:PART_OF]-(y:BodyRegion)<-[:AFFECTS]-(o:Condition)
  WHERE o <> c AND x <> y
  RETURN o, 'SIBLING_REGIONS' AS kind, [x, p, y] AS via, null AS outgoing
}
WITH c, o, collect({kind: kind, via: via, outgoing: outgoing}) AS reasons
WHERE coalesce(o.obsolete, false) = false
WITH c, o, reasons, reduce(total = 0, r IN reasons | total + $weights[r.kind]) AS score
ORDER BY score DESC, toLower(o.name), o.id
LIMIT $first
RETURN c.name AS subject, o {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(o), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(o.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node, score,
       [r IN reasons | {kind: r.kind, outgoing: r.outgoing, via: [v IN r.via | v {.id, .name}]}] AS reasons
-- $first = 3
-- $id = "opsoclonus-myoclonus-syndrome"
-- $weights = {"AGGRAVATES":2,"ASSOCIATED_CANCER":4,"CAUSES":4,"FEATURE_OF":4,"HIERARCHY_2":1,"MIMICS":3,"REGION_PART":1,"SHARED_CANCER":3,"SHARED_CAUSE":3,"SHARED_FEATURE":2,"SHARED_REGION":2,"SIBLING":2,"SIBLING_REGIONS":1,"SUBTYPE":4}"
`);
  });

  it('relatedConditions of an unknown id: no related rows, so a second query tells NOT_FOUND from none', async () => {
    const { codes, cypher } = await tck.fail(
      '{ relatedConditions(id: "no-such-condition") { node { id } } }',
    );
    expect(codes).toEqual(['NOT_FOUND']);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
MATCH (c:Concept {id: $id}) WHERE c:Condition
CALL (c) {
  MATCH (c)-[r:HAS_FEATURE|SUBTYPE_OF|CAUSES|ASSOCIATED_WITH|MIMICS|AGGRAVATED_BY]-(o:Condition)
  WHERE o <> c
  RETURN o, CASE type(r)
      WHEN 'HAS_FEATURE' THEN 'FEATURE_OF' WHEN 'SUBTYPE_OF' THEN 'SUBTYPE' WHEN 'CAUSES' THEN 'CAUSES'
      WHEN 'ASSOCIATED_WITH' THEN 'ASSOCIATED_CANCER' WHEN 'MIMICS' THEN 'MIMICS' ELSE 'AGGRAVATES' END AS kind,
    [] AS via, startNode(r) = c AS outgoing
  UNION ALL
  MATCH (c)<-[:CAUSES]-(x:Concept)-[:CAUSES]->(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_CAUSE' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:ASSOCIATED_WITH]->(x:Cancer)<-[:ASSOCIATED_WITH]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_CANCER' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:HAS_FEATURE]->(x:Condition)<-[:HAS_FEATURE]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_FEATURE' AS kind, [x] AS via, true AS outgoing
  UNION ALL
  MATCH (c)<-[:HAS_FEATURE]-(x:Condition)-[:HAS_FEATURE]->(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_FEATURE' AS kind, [x] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:SUBTYPE_OF]->(x:Condition)<-[:SUBTYPE_OF]-(o:Condition) WHERE o <> c
  RETURN o, 'SIBLING' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:SUBTYPE_OF]->(x:Condition)-[:SUBTYPE_OF]->(o:Condition) WHERE o <> c
  RETURN o, 'HIERARCHY_2' AS kind, [x] AS via, true AS outgoing
  UNION ALL
  MATCH (c)<-[:SUBTYPE_OF]-(x:Condition)<-[:SUBTYPE_OF]-(o:Condition) WHERE o <> c
  RETURN o, 'HIERARCHY_2' AS kind, [x] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'SHARED_REGION' AS kind, [x] AS via, null AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)-[:PART_OF]->(y:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'REGION_PART' AS kind, [x, y] AS via, true AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)<-[:PART_OF]-(y:BodyRegion)<-[:AFFECTS]-(o:Condition) WHERE o <> c
  RETURN o, 'REGION_PART' AS kind, [x, y] AS via, false AS outgoing
  UNION ALL
  MATCH (c)-[:AFFECTS]->(x:BodyRegion)-[:PART_OF]->(p:BodyRegion)<-[:PART_OF]-(y:BodyRegion)<-[:AFFECTS]-(o:Condition)
  WHERE o <> c AND x <> y
  RETURN o, 'SIBLING_REGIONS' AS kind, [x, p, y] AS via, null AS outgoing
}
WITH c, o, collect({kind: kind, via: via, outgoing: outgoing}) AS reasons
WHERE coalesce(o.obsolete, false) = false
WITH c, o, reasons, reduce(total = 0, r IN reasons | total + $weights[r.kind]) AS score
ORDER BY score DESC, toLower(o.name), o.id
LIMIT $first
RETURN c.name AS subject, o {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(o), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(o.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node, score,
       [r IN reasons | {kind: r.kind, outgoing: r.outgoing, via: [v IN r.via | v {.id, .name}]}] AS reasons
-- $first = 10
-- $id = "no-such-condition"
-- $weights = {"AGGRAVATES":2,"ASSOCIATED_CANCER":4,"CAUSES":4,"FEATURE_OF":4,"HIERARCHY_2":1,"MIMICS":3,"REGION_PART":1,"SHARED_CANCER":3,"SHARED_CAUSE":3,"SHARED_FEATURE":2,"SHARED_REGION":2,"SIBLING":2,"SIBLING_REGIONS":1,"SUBTYPE":4}

-- query 2: READ session.run, fetch all, timeout
RETURN EXISTS { MATCH (c:Concept {id: $id}) WHERE c:Condition } AS found
-- $id = "no-such-condition""
`);
  });
});
