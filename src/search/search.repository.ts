import neo4j from 'neo4j-driver';
import type { Database, QueryStats } from '../neo4j/database';
import { asConceptRow, conceptProjection, toConcept } from '../concept/concept.record';
import type { ConceptRecord } from '../concept/concept.record';
import { KIND_LABELS } from '../model/kinds';
import type { ConceptKindName } from '../model/kinds';

export interface SearchHit {
  node: ConceptRecord;
  score: number;
  matched: string;
}

export interface SearchQuery {
  /** Already normalised: trimmed, lower-cased, inner white space collapsed; not empty. */
  text: string;
  kinds: ConceptKindName[] | null;
  offset: number;
  limit: number;
  withTotal: boolean;
}

/** A label test per kind, from the fixed label map: CONDITION excludes cancers, which have their own kind. */
function kindClause(kind: ConceptKindName): string {
  if (kind === 'Condition') return '(c:Condition AND NOT c:Cancer)';
  return `c:${KIND_LABELS[kind].join(':')}`;
}

/** Lower-cases, trims and collapses white space, so "  Palatal   TREMOR " finds "palatal tremor". */
export function normaliseSearchText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Ranks concepts whose name or a synonym contains the text: an exact name 1.0, an exact synonym 0.9, a name prefix
 * 0.8, a synonym prefix 0.7, the start of a later word 0.6, anywhere else 0.5. Ties go by name then id. Each hit
 * reports the name or synonym that matched best. Plain substring matching: no query syntax is interpreted.
 */
export async function searchConcepts(db: Database, q: SearchQuery, stats?: QueryStats) {
  const kindFilter = q.kinds && q.kinds.length > 0 ? `WHERE ${q.kinds.map(kindClause).join(' OR ')}` : '';
  const matches = `MATCH (c:Concept) ${kindFilter}
  WITH c, [t IN [c.name] + coalesce(c.synonyms, []) WHERE toLower(t) CONTAINS $text |
    {text: t, rank: CASE
      WHEN toLower(t) = $text THEN CASE WHEN t = c.name THEN 1.0 ELSE 0.9 END
      WHEN toLower(t) STARTS WITH $text THEN CASE WHEN t = c.name THEN 0.8 ELSE 0.7 END
      WHEN toLower(t) CONTAINS (' ' + $text) THEN 0.6
      ELSE 0.5 END}] AS hits
  WHERE size(hits) > 0`;
  const cypher = `${q.withTotal ? `CALL { ${matches} RETURN count(c) AS total }\n` : ''}CALL {
  ${matches}
  WITH c, reduce(best = hits[0], h IN hits | CASE WHEN h.rank > best.rank THEN h ELSE best END) AS best
  WITH c, best ORDER BY best.rank DESC, toLower(c.name), c.id SKIP $offset LIMIT $limit
  RETURN collect({node: ${conceptProjection('c')}, score: best.rank, matched: best.text}) AS page
}
RETURN ${q.withTotal ? 'total' : 'null AS total'}, page`;
  const [row] = await db.read<{
    total: number | null;
    page: Array<{ node: unknown; score: number; matched: string }>;
  }>(cypher, { text: q.text, offset: neo4j.int(q.offset), limit: neo4j.int(q.limit) }, stats);
  const hits: SearchHit[] = (row?.page ?? []).map((p) => ({
    node: toConcept(asConceptRow(p.node as never)),
    score: p.score,
    matched: p.matched,
  }));
  return { total: row?.total ?? null, hits };
}
