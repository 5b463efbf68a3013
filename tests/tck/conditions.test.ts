import { useTck } from './tck';

interface Page {
  conditions: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        causes: Array<{ node: { id: string; causes?: Array<{ node: { id: string } }> } }>;
        bodyRegions: Array<{ node: { id: string; partOf: Array<{ node: { id: string } }> } }>;
      };
    }>;
  };
}

const PAGE = `query ($first: Int, $after: String, $filter: ConditionFilter) {
  conditions(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        causes { node { id ... on Cause { causes { node { id } } } } }
        bodyRegions { node { id partOf { node { id } } } }
      }
    }
  }
}`;

describe('TCK: the conditions page', () => {
  const tck = useTck();

  it('counts and pages in one query, then one batch per level of relationship fields', async () => {
    const { data, sent, cypher } = await tck.run<Page>(PAGE, { first: 3, filter: { name: 'palatal' } });
    const page = data.conditions;
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((e) => e.node.id)).toEqual(['essential-palatal-myoclonus', 'palatal-myoclonus']);
    expect(page.pageInfo.hasNextPage).toBe(false);
    // The page, then the causes and body regions of both (one query), then the next level (one query).
    expect(sent).toHaveLength(3);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL { MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND any(t IN [c.name] + coalesce(c.synonyms, []) WHERE toLower(t) CONTAINS $name) RETURN count(c) AS total }
CALL {
  MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND any(t IN [c.name] + coalesce(c.synonyms, []) WHERE toLower(t) CONTAINS $name)
  WITH c ORDER BY c.nameKey, c.id LIMIT $limit
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, nameKey: c.nameKey}) AS page
}
RETURN total, page
-- $limit = 4
-- $name = "palatal"

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
MATCH (c)<-[r:CAUSES]-(o:Concept)
RETURN 1 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["essential-palatal-myoclonus","palatal-myoclonus"]
-- $ids1 = ["essential-palatal-myoclonus","palatal-myoclonus"]

-- query 3: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)<-[r:CAUSES]-(o:Concept)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
UNION ALL
UNWIND $ids1 AS id
MATCH (c:Concept {id: id})
MATCH (c)-[r:PART_OF]->(o:BodyRegion)
RETURN 1 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["inheritance","brain-lesion"]
-- $ids1 = ["mouth","soft-palate"]"
`);
  });

  it('the next page seeks past the cursor by name then id, without the count when not asked', async () => {
    const first = await tck.run<{ conditions: { pageInfo: { endCursor: string } } }>(
      '{ conditions(first: 3, filter: { kind: CANCER }) { pageInfo { endCursor } } }',
    );
    const { data, cypher } = await tck.run<{ conditions: { edges: Array<{ node: { id: string } }> } }>(
      `query ($after: String) {
        conditions(first: 3, after: $after, filter: { kind: CANCER }) { edges { node { id } } }
      }`,
      { after: first.data.conditions.pageInfo.endCursor },
    );
    expect(data.conditions.edges.map((e) => e.node.id)).toEqual(['ovarian-cancer']);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL {
  MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND c:Cancer AND (c.nameKey > $afterName OR (c.nameKey = $afterName AND c.id > $afterId))
  WITH c ORDER BY c.nameKey, c.id LIMIT $limit
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, nameKey: c.nameKey}) AS page
}
RETURN null AS total, page
-- $afterId = "neuroblastoma"
-- $afterName = "neuroblastoma"
-- $limit = 4"
`);
  });

  it('filters by name, body region with its parts, kind and population, every value a parameter', async () => {
    const { data, sent, cypher } = await tck.run<Record<string, { edges: Array<{ node: { id: string } }> }>>(
      `{
        mouth: conditions(first: 5, orderBy: ID, filter: { name: "MYOCLONUS", bodyRegion: "mouth", includeRegionParts: true }) {
          edges { node { id } }
        }
        adults: conditions(first: 5, orderBy: ID, filter: { kind: CONDITION, population: ADULTS }) {
          edges { node { id } }
        }
      }`,
    );
    expect(data.mouth!.edges.map((e) => e.node.id)).toEqual(['palatal-myoclonus']);
    expect(data.adults!.edges.map((e) => e.node.id)).toContain('opsoclonus-myoclonus-syndrome');
    expect(sent).toHaveLength(2);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL {
  MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND any(t IN [c.name] + coalesce(c.synonyms, []) WHERE toLower(t) CONTAINS $name) AND EXISTS { (c)-[:AFFECTS]->(:BodyRegion)-[:PART_OF*0..30]->(r:Concept {id: $bodyRegion}) WHERE r:BodyRegion }
  WITH c ORDER BY c.id LIMIT $limit
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, nameKey: c.nameKey}) AS page
}
RETURN null AS total, page
-- $bodyRegion = "mouth"
-- $limit = 6
-- $name = "myoclonus"

-- query 2: READ session.run, fetch all, timeout
CALL {
  MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND NOT c:Cancer AND (EXISTS { (c)-[r]-(:Concept) WHERE r.population = $population } OR EXISTS { (c)-[:HAS_STATEMENT]->(s:Statement) WHERE s.population = $population })
  WITH c ORDER BY c.id LIMIT $limit
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, nameKey: c.nameKey}) AS page
}
RETURN null AS total, page
-- $limit = 6
-- $population = "adults""
`);
  });
});
