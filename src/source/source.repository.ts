import type { Reads } from '../neo4j/database';
import { sourceProjection, toSource } from '../model/records';
import type { SourceRecord, SourceRow } from '../model/records';

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

/** Every source the graph holds, by id. */
export async function allSources(db: Reads): Promise<SourceRecord[]> {
  const rows = await db.read<{ s: SourceRow }>(
    `MATCH (s:Source) RETURN ${sourceProjection('s')} AS s ORDER BY s.id`,
    {},
  );
  return rows.map((r) => toSource(r.s));
}

/** One source by id; null when there is none. */
export async function findSource(db: Reads, id: string): Promise<SourceRecord | null> {
  const rows = await db.read<{ s: SourceRow }>(
    `MATCH (s:Source {id: $id}) RETURN ${sourceProjection('s')} AS s`,
    { id },
  );
  return rows[0] ? toSource(rows[0].s) : null;
}
