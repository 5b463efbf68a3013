import path from 'node:path';
import type { Database } from '../neo4j/database';
import { PROJECT_ROOT } from '../paths';
import { loadSeeds } from './seed.load';
import { formatSeedReport, writeSeed } from './seed.write';

/** Seeds the graph from `seedDir` when it holds no concept yet; returns the printed report, or null if not empty. */
export async function seedIfEmpty(db: Database, seedDir: string): Promise<string | null> {
  const [row] = await db.read<{ empty: boolean }>('RETURN NOT EXISTS { MATCH (:Concept) } AS empty');
  if (!row?.empty) return null;
  const plan = await loadSeeds(path.resolve(PROJECT_ROOT, seedDir), PROJECT_ROOT);
  return formatSeedReport(await writeSeed(db, plan));
}
