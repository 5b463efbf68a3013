import neo4j from 'neo4j-driver';
import { asConceptRow, conceptProjection, notObsolete, toConcept } from '../model/records';
import type { ConceptRecord } from '../model/records';
import type { Reads } from '../neo4j/database';
import { RELATED_WEIGHTS } from './related.scoring';
import type { RelatedReason, RelatedReasonKind } from './related.scoring';

/**
 * Every connection of one condition to other conditions that the score counts, one row per (other condition, kind,
 * concepts in between), scored and ranked in the database so only the best `first` come back. Each branch is one
 * or two hops: bounded work whatever the size of the graph around the condition. Obsolete ontology terms are never
 * suggested (a guard only: the importer gives them no relationships). (The unique index is on
 * :Concept(id), so the lookup matches :Concept and tests the kind label after; `:Condition {id}` would scan.)
 */
export const RELATED_QUERY = `MATCH (c:Concept {id: $id}) WHERE c:Condition
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
WHERE ${notObsolete('o')}
WITH c, o, reasons, reduce(total = 0, r IN reasons | total + $weights[r.kind]) AS score
ORDER BY score DESC, toLower(o.name), o.id
LIMIT $first
RETURN c.name AS subject, ${conceptProjection('o')} AS node, score,
       [r IN reasons | {kind: r.kind, outgoing: r.outgoing, via: [v IN r.via | v {.id, .name}]}] AS reasons`;

export interface RelatedRecord {
  node: ConceptRecord;
  score: number;
  reasons: RelatedReason[];
}

/** The conditions most related to `id`, best first; null when `id` is not a condition. */
export async function relatedConditions(
  db: Reads,
  id: string,
  first: number,
): Promise<{ subject: string; items: RelatedRecord[] } | null> {
  const rows = await db.read<{
    subject: string;
    node: unknown;
    score: number;
    reasons: Array<{
      kind: RelatedReasonKind;
      outgoing: boolean | null;
      via: Array<{ id: string; name: string }>;
    }>;
  }>(RELATED_QUERY, { id, first: neo4j.int(first), weights: RELATED_WEIGHTS });
  if (rows.length === 0) {
    // Nothing related, or no such condition: only this rare case pays a second round trip to tell which.
    const [exists] = await db.read<{ found: boolean }>(
      'RETURN EXISTS { MATCH (c:Concept {id: $id}) WHERE c:Condition } AS found',
      { id },
    );
    if (!exists?.found) return null;
  }
  return {
    subject: rows[0]?.subject ?? id,
    items: rows.map((row) => ({
      node: toConcept(asConceptRow(row.node as never)),
      score: row.score,
      reasons: row.reasons.map((r) => ({ ...r, weight: RELATED_WEIGHTS[r.kind] })),
    })),
  };
}
