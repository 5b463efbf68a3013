import neo4j from 'neo4j-driver';
import type { Reads } from '../neo4j/database';
import { CONCEPT_SEARCH_INDEX } from '../neo4j/schema';
import { asConceptRow, conceptProjection, notObsolete, toConcept } from '../model/records';
import type { ConceptRecord } from '../model/records';
import { KIND_LABELS } from '../model/kinds';
import type { ConceptKindName } from '../model/kinds';
import type { SearchPlan } from './lucene-query';
import { luceneQueries, withoutFuzzy } from './lucene-query';
import { bestMatch } from './matched';

export interface SearchHit {
  node: ConceptRecord;
  score: number;
  matched: string;
}

export interface SearchQuery {
  plan: SearchPlan;
  kinds: ConceptKindName[] | null;
  /** Also obsolete ontology terms; by default they are left out. */
  includeObsolete?: boolean;
  offset: number;
  limit: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}

/**
 * The scores of the ranking tiers. An exact match is the whole (normalised) name, synonym or xref; a prefix match
 * is a name, synonym or xref that begins with the whole text; a near match (typo-tolerant searches only) a name or
 * synonym that may be the text with its typos fixed; the rest are ranked by Lucene relevance. Inside the prefix
 * tiers, near matches and the rest, `relevance` is the hit's Lucene score over the best Lucene score of the search,
 * so the score bands never overlap and scores always come best first.
 */
export const SEARCH_SCORES = {
  exactName: 1,
  exactSynonym: 0.95,
  exactXref: 0.9,
  namePrefix: '0.7 + 0.1 * relevance',
  otherPrefix: '0.6 + 0.1 * relevance',
  nearMatch: '0.4 + 0.1 * relevance',
  other: '0.4 * relevance',
} as const;

/**
 * Tier numbers the Cypher assigns (higher is better). `nearMatch`, in a typo-tolerant search: a name or synonym with
 * as many words as the text, beginning with the same letters, and as long give or take the edits the fuzzy clauses
 * allow; such a text may be the text with its typos fixed. "myoclonis" is then closer to "myoclonus" than to
 * "myoclonic seizures", although Lucene scores the rarer word higher.
 */
const TIER = {
  exactName: 6,
  exactSynonym: 5,
  exactXref: 4,
  namePrefix: 3,
  otherPrefix: 2,
  nearMatch: 1,
  other: 0,
} as const;

/** A label test per kind, from the fixed label map: CONDITION excludes cancers, which have their own kind. */
function kindClause(kind: ConceptKindName): string {
  if (kind === 'Condition') return '(c:Condition AND NOT c:Cancer)';
  return `c:${KIND_LABELS[kind].join(':')}`;
}

const norm = (v: string): string => `toLower(trim(${v}))`;

/**
 * The candidate filter of a search, applied to the index's hits before anything is counted, ranked or paged: the
 * wanted kinds, and no obsolete ontology terms unless asked. Fixed text only (labels from the fixed map).
 */
export function searchFilter(kinds: readonly ConceptKindName[] | null, includeObsolete = false): string {
  const clauses: string[] = [];
  if (kinds && kinds.length > 0) clauses.push(`(${[...new Set(kinds)].map(kindClause).join(' OR ')})`);
  if (!includeObsolete) clauses.push(notObsolete('c'));
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}

/**
 * The Cypher of a search: one query, whatever the page. It runs `$exact` on the full-text index and, only when that
 * finds nothing of the wanted kinds (and, unless includeObsolete, nothing current), `$fuzzy` (see luceneQueries).
 * Exported for review and tests.
 */
export function searchCypher(kinds: readonly ConceptKindName[] | null, includeObsolete = false): string {
  const kindFilter = searchFilter(kinds, includeObsolete);
  return `CALL db.index.fulltext.queryNodes($index, $exact) YIELD node AS c, score
${kindFilter}
WITH collect({c: c, score: score}) AS exact
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes($index, $fuzzy) YIELD node AS c, score
  ${kindFilter}
  RETURN collect({c: c, score: score}) AS fuzzy
}
WITH CASE WHEN size(exact) > 0 THEN exact ELSE fuzzy END AS found, size(fuzzy) > 0 AS fuzzyUsed
CALL (found, fuzzyUsed) {
  UNWIND found AS f
  WITH f.c AS c, f.score AS score
  WITH c, score, ${norm('c.name')} AS nameKey, coalesce(c.synonyms, []) AS synonyms, coalesce(c.xrefs, []) AS xrefs
  WITH c, score, nameKey, CASE
    WHEN nameKey = $text THEN [${TIER.exactName}, c.name]
    ELSE coalesce(
      head([s IN synonyms WHERE ${norm('s')} = $text | [${TIER.exactSynonym}, s]]),
      head([x IN xrefs WHERE ${norm('x')} = $text | [${TIER.exactXref}, x]]),
      CASE WHEN nameKey STARTS WITH $text THEN [${TIER.namePrefix}, c.name] END,
      head([s IN synonyms + xrefs WHERE ${norm('s')} STARTS WITH $text | [${TIER.otherPrefix}, s]]),
      CASE WHEN fuzzyUsed THEN head([t IN [c.name] + synonyms
        WHERE abs(size(trim(t)) - size($text)) <= $lengthSlack
          AND [w IN split(${norm('t')}, ' ') | left(w, 1)] = [w IN split($text, ' ') | left(w, 1)]
        | [${TIER.nearMatch}, t]]) END,
      [${TIER.other}, null])
  END AS best
  RETURN collect({c: c, key: nameKey, id: c.id, relevance: score, tier: best[0], matched: best[1]}) AS hits,
         max(score) AS top
}
CALL (hits, top) {
  UNWIND hits AS h
  WITH h, CASE WHEN top > 0 THEN h.relevance / top ELSE 1.0 END AS relevance
  WITH h, CASE h.tier
    WHEN ${TIER.exactName} THEN ${SEARCH_SCORES.exactName.toFixed(2)}
    WHEN ${TIER.exactSynonym} THEN ${SEARCH_SCORES.exactSynonym.toFixed(2)}
    WHEN ${TIER.exactXref} THEN ${SEARCH_SCORES.exactXref.toFixed(2)}
    WHEN ${TIER.namePrefix} THEN ${SEARCH_SCORES.namePrefix}
    WHEN ${TIER.otherPrefix} THEN ${SEARCH_SCORES.otherPrefix}
    WHEN ${TIER.nearMatch} THEN ${SEARCH_SCORES.nearMatch}
    ELSE ${SEARCH_SCORES.other} END AS score
  ORDER BY score DESC, h.key, h.id
  SKIP $offset LIMIT $limit
  WITH h.c AS c, score, h.matched AS matched
  RETURN collect({node: ${conceptProjection('c')}, score: score, matched: matched}) AS page
}
RETURN size(hits) AS total, page, fuzzyUsed`;
}

/** The parameters of searchCypher for a query; null when there is nothing to search for. */
export function searchParameters(q: Omit<SearchQuery, 'kinds'>): Record<string, unknown> | null {
  const { exact, fuzzy } = luceneQueries(q.plan);
  if (exact === null) return null;
  const edits = q.plan.chunks.flatMap((c) => c.words).reduce((n, w) => n + w.edits, 0);
  return {
    index: CONCEPT_SEARCH_INDEX.name,
    exact,
    fuzzy,
    text: q.plan.text,
    lengthSlack: neo4j.int(Math.max(1, edits)),
    offset: neo4j.int(q.offset),
    limit: neo4j.int(q.limit),
  };
}

/**
 * Runs a planned search in one round trip: the full-text index finds the candidates (typo-tolerant ones only when
 * the text as typed matches nothing), Cypher ranks them in tiers (exact name, exact synonym, exact xref, name
 * prefix, synonym or xref prefix, near match, the rest; by relevance inside a tier; ties by name then id)
 * and returns one page and the total. `matched` comes from the tier, or below the prefix tiers from bestMatch.
 */
export async function searchConcepts(db: Reads, q: SearchQuery): Promise<SearchResult> {
  const params = searchParameters(q);
  if (params === null) return { total: 0, hits: [] };
  const [row] = await db.read<{
    total: number;
    page: Array<{ node: unknown; score: number; matched: string | null }>;
    fuzzyUsed: boolean;
  }>(searchCypher(q.kinds, q.includeObsolete ?? false), params);
  const matchPlan = row?.fuzzyUsed ? q.plan : withoutFuzzy(q.plan);
  const hits = (row?.page ?? []).map((p) => {
    const node = toConcept(asConceptRow(p.node as never));
    return {
      node,
      // Rounded for display; rounding keeps the order (it never turns a higher score into a lower one).
      score: Math.round(p.score * 10_000) / 10_000,
      matched: p.matched ?? bestMatch({ ...node, xrefs: node.xrefCuries }, matchPlan),
    };
  });
  return { total: row?.total ?? 0, hits };
}
