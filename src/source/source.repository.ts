import type { Reads } from '../neo4j/database';
import { sourceProjection, toSource } from '../concept/concept.record';
import type { SourceRecord, SourceRow } from '../concept/concept.record';

export const SOURCES_BY_IDS = `UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN ${sourceProjection('s')} AS s`;

/** Batch function of the sources loader: one query for all ids, results in id order, null where missing. */
export function sourcesBatch(db: Reads) {
  return async (ids: readonly string[]): Promise<Array<SourceRecord | null>> => {
    const rows = await db.read<{ s: SourceRow }>(SOURCES_BY_IDS, { ids: [...ids] });
    const byId = new Map(rows.map(({ s }) => [s.id, toSource(s)]));
    return ids.map((id) => byId.get(id) ?? null);
  };
}
