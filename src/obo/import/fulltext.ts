import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../../neo4j/database';
import { CONCEPT_SEARCH_INDEX, CONCEPT_XREF_INDEX, SCHEMA_STATEMENTS } from '../../neo4j/schema';
import type { WriteOptions } from './options';

/** The full-text indexes of schema.ts, which Neo4j updates at each commit that touches a concept. */
const FULLTEXT_INDEXES = SCHEMA_STATEMENTS.filter(
  (s) => s.name === CONCEPT_SEARCH_INDEX.name || s.name === CONCEPT_XREF_INDEX.name,
);

/** Both in one transaction (and dropped in one): Neo4j then populates them in one job, with one scan of the concepts. */
export async function createFulltextIndexes(db: Database): Promise<void> {
  await db.writeTransaction(async (tx: ManagedTransaction) => {
    for (const index of FULLTEXT_INDEXES) await tx.run(index.cypher);
  });
}

export async function dropFulltextIndexes(db: Database): Promise<void> {
  await db.writeTransaction(async (tx: ManagedTransaction) => {
    for (const index of FULLTEXT_INDEXES) await tx.run(`DROP INDEX ${index.name} IF EXISTS`);
  });
}

/** Below this many terms, an import keeps the full-text indexes: rebuilding them has a fixed cost. */
export const FULLTEXT_REBUILD_MIN_TERMS = 2000;

/**
 * Whether to drop the full-text indexes for the writes and build them again after (ImportOptions.rebuildFulltext).
 * For a big import, building both afresh costs Neo4j less than updating them at each commit. While they are dropped, search and conceptByXref fail: so only into an empty graph unless asked.
 */
export function rebuildFulltext(concepts: number, terms: number, options: WriteOptions): boolean {
  const mode = options.rebuildFulltext ?? 'auto';
  if (mode !== 'auto') return mode === 'always';
  return terms >= FULLTEXT_REBUILD_MIN_TERMS && concepts === 0;
}
