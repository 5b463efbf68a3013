/**
 * System (c), the floor: each operation as one hand-written Cypher query returning exactly the data the operation
 * asks for, already in the identity check's shape (see compare.ts). Orders as our service does (by lower-cased
 * name, then id: `nameKey` is the stored lower-cased name), filters obsolete terms as it does.
 */

/** Conditions in a page, and search results in a page: the sizes operations.ts asks every system for. */
export const PAGE_SIZE = 100;
export const SEARCH_SIZE = 10;

/** One relationship to `o` over `r`: the far concept, qualifiers, evidence. */
const edge = (o: string, r: string) =>
  `id: ${o}.id, name: ${o}.name, population: ${r}.population, statedAs: ${r}.statedAs, ` +
  `evidence: [i IN range(0, size(coalesce(${r}.evidenceQuotes, [])) - 1) | ` +
  `[${r}.evidenceQuotes[i], coalesce(${r}.evidenceSources[i], 'unknown')]]`;

/** The conditions that `x` reaches over `pattern`, with their population: the second level of a page. */
const conditionsOf = (pattern: string) =>
  `COLLECT { MATCH ${pattern} RETURN {id: x.id, name: x.name, population: r2.population} ORDER BY x.nameKey, x.id }`;

const LEVEL_ONE = (c: string) => `
  causes: COLLECT {
    MATCH (${c})<-[r:CAUSES]-(o:Concept)
    RETURN CASE WHEN o:Cause
      THEN {${edge('o', 'r')}, next: ${conditionsOf('(o)-[r2:CAUSES]->(x:Condition)')}}
      ELSE {${edge('o', 'r')}} END
    ORDER BY o.nameKey, o.id
  },
  bodyRegions: COLLECT {
    MATCH (${c})-[r:AFFECTS]->(o:BodyRegion)
    RETURN {${edge('o', 'r')}, next: ${conditionsOf('(o)<-[r2:AFFECTS]-(x:Condition)')}}
    ORDER BY o.nameKey, o.id
  },
  cancers: COLLECT {
    MATCH (${c})-[r:ASSOCIATED_WITH]->(o:Cancer)
    RETURN {${edge('o', 'r')}, next: ${conditionsOf('(o)<-[r2:ASSOCIATED_WITH]-(x:Condition)')}}
    ORDER BY o.nameKey, o.id
  }`;

const PAGE_RETURN = `WITH c ORDER BY c.nameKey, c.id LIMIT ${PAGE_SIZE}
RETURN c {.id, .name, ${LEVEL_ONE('c')}} AS condition`;

export const RAW_CYPHER = {
  lookup: `MATCH (c:Concept {id: $id}) WHERE c:Condition
RETURN c {.id, .name, .synonyms, .description,
  causes: COLLECT { MATCH (c)<-[r:CAUSES]-(o:Concept) RETURN {${edge('o', 'r')}} ORDER BY o.nameKey, o.id },
  bodyRegions: COLLECT { MATCH (c)-[r:AFFECTS]->(o:BodyRegion) RETURN {${edge('o', 'r')}} ORDER BY o.nameKey, o.id },
  cancers: COLLECT { MATCH (c)-[r:ASSOCIATED_WITH]->(o:Cancer) RETURN {${edge('o', 'r')}} ORDER BY o.nameKey, o.id }
} AS condition`,

  /** The first page; `pageAfter` seeks past a (nameKey, id) position, as our cursors do. */
  page: `MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false
${PAGE_RETURN}`,

  pageAfter: `MATCH (c:Condition)
WHERE coalesce(c.obsolete, false) = false
  AND (c.nameKey > $afterKey OR (c.nameKey = $afterKey AND c.id > $afterId))
${PAGE_RETURN}`,

  search: `CALL db.index.fulltext.queryNodes('concept_search', $phrase) YIELD node, score
WHERE coalesce(node.obsolete, false) = false
WITH collect(node) AS hits
RETURN size(hits) AS total, [n IN hits[0..${SEARCH_SIZE}] | n {.id, .name}] AS page`,

  /** One row per direct cause, with the causes of that cause (simple paths only: never back to the start). */
  twoHop: `MATCH (s:Concept {id: $id})<-[r:CAUSES]-(o:Concept)
CALL (s, o) {
  OPTIONAL MATCH (o)<-[r2:CAUSES]-(x:Concept) WHERE x <> s AND x <> o
  RETURN collect(CASE WHEN x IS NOT NULL THEN {${edge('x', 'r2')}} END) AS next
}
RETURN {${edge('o', 'r')}, next: next} AS hop`,
} as const;

export type RawQueryName = keyof typeof RAW_CYPHER;
