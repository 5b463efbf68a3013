import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import type { Database } from '../../neo4j/database';
import { OboImportError } from '../obo.types';

/**
 * One `import:obo` at a time per graph. The importer creates the terms and relationships the graph does not hold
 * (rather than merging them); two imports over the same terms at once could then write a relationship twice. So
 * writeImports holds a lease on a `(:ImportLock {id: 'obo-import'})` node (unique by the `import_lock_id_unique`
 * constraint, neo4j/schema.ts) while it writes: it takes the lease, renews it every IMPORT_LOCK_RENEW_MS, and gives
 * it back at the end. A second import meanwhile is refused before it writes anything, with when the first began. A
 * lease whose holder was killed lapses after IMPORT_LOCK_LEASE_MS, and the next import takes it.
 */

export const IMPORT_LOCK_LEASE_MS = 60_000;
export const IMPORT_LOCK_RENEW_MS = 15_000;

/** Another import holds the lease: nothing was written. */
export class ImportLockedError extends OboImportError {
  constructor(readonly since: string) {
    super(
      `another import has been writing to this graph since ${since}; run it again once that one has ended ` +
        `(the lock of an import that was killed lapses within ${IMPORT_LOCK_LEASE_MS / 1000} s)`,
    );
    this.name = 'ImportLockedError';
  }
}

const TAKE = `MERGE (l:ImportLock {id: 'obo-import'})
WITH l, timestamp() AS now
WHERE l.holder IS NULL OR l.expires < now
SET l.holder = $holder, l.since = now, l.expires = now + $lease
RETURN l.holder AS holder`;

const RENEW = `MATCH (l:ImportLock {id: 'obo-import'}) WHERE l.holder = $holder
SET l.expires = timestamp() + $lease`;

const GIVE_BACK = `MATCH (l:ImportLock {id: 'obo-import'}) WHERE l.holder = $holder
SET l.holder = null, l.since = null, l.expires = null`;

export interface LeaseOptions {
  lease?: number;
  renew?: number;
}

/** The import lease, held: renewed until given back. */
export interface ImportLease {
  /** Gives the lease back (never throws: a lease not given back lapses). */
  release(): Promise<void>;
}

/** Takes the import lease; throws ImportLockedError while another holds it. */
export async function takeImportLock(
  db: Database,
  { lease = IMPORT_LOCK_LEASE_MS, renew = IMPORT_LOCK_RENEW_MS }: LeaseOptions = {},
): Promise<ImportLease> {
  const holder = randomUUID();
  const taken = await db.write(TAKE, { holder, lease: neo4j.int(lease) });
  if (taken.records.length === 0) {
    const [row] = await db.read<{ since: number | null }>(
      "MATCH (l:ImportLock {id: 'obo-import'}) RETURN l.since AS since",
    );
    throw new ImportLockedError(row?.since ? new Date(row.since).toISOString() : 'a moment ago');
  }
  const timer = setInterval(() => {
    db.write(RENEW, { holder, lease: neo4j.int(lease) }).catch(() => undefined);
  }, renew);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await db.write(GIVE_BACK, { holder }).catch(() => undefined);
    },
  };
}

/** Runs `work` holding the import lease; throws ImportLockedError, without running it, while another holds it. */
export async function withImportLock<T>(
  db: Database,
  work: () => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const lease = await takeImportLock(db, options);
  try {
    return await work();
  } finally {
    await lease.release();
  }
}
