import { LAYER_MIGRATIONS } from '../../model/layers';
import type { Database } from '../../neo4j/database';
import { bumpGraphVersion } from '../../neo4j/graph-version';
import { createFulltextIndexes, dropFulltextIndexes, rebuildFulltext } from './fulltext';
import { takeImportLock } from './import-lock';
import type { ImportLease } from './import-lock';
import type { WriteOptions } from './options';
import type { PreparedImport, WriteRun } from './prepared';
import type { ImportReport } from './report';
import { earlierReleases, retireRelationships } from './retire';
import type { ScanWrites } from './scan-writes';
import { takeBack } from './take-back';

/** The term nodes of `prepared` that the graph holds already (WriteRun.existing). */
async function existingNodes(db: Database, prepared: readonly PreparedImport[]): Promise<Set<string>> {
  const existing = new Set<string>();
  for (const p of prepared) {
    const ids = p.ownNodeIds();
    for (let at = 0; at < ids.length; at += 10_000) {
      const rows = await db.read<{ id: string }>(
        'UNWIND $ids AS id MATCH (c:Concept {id: id}) RETURN c.id AS id',
        { ids: ids.slice(at, at + 10_000) },
      );
      for (const row of rows) existing.add(row.id);
    }
  }
  return existing;
}

/** The graph's concepts, from Neo4j's count store: no scan. */
export async function countConcepts(db: Database): Promise<number> {
  const [count] = await db.read<{ concepts: number }>('MATCH (c:Concept) RETURN count(c) AS concepts');
  return count?.concepts ?? 0;
}

/** Writes prepared files: the terms of each, then the relationships of each. `onReport` hears each file's report. */
export async function writeImports(
  db: Database,
  prepared: readonly PreparedImport[],
  options: WriteOptions = {},
  onReport: (report: ImportReport) => void = () => undefined,
): Promise<ImportReport[]> {
  // One import at a time (import-lock.ts): a second one is refused here, before it writes.
  const lease = await takeImportLock(db);
  return writeLocked(db, prepared, options, onReport, lease, null, null);
}

/** What the writes of one run, holding the lease, work with (writeLocked). */
interface LockedRun {
  readonly db: Database;
  readonly prepared: readonly PreparedImport[];
  /** Files still being scanned (into an empty graph, see importFiles), each awaited in its turn. */
  readonly later: ReadonlyArray<Promise<PreparedImport>>;
  readonly options: WriteOptions;
  readonly onReport: (report: ImportReport) => void;
  /** The graph's concepts before the run. */
  readonly concepts: number;
  /** Whether the full-text indexes are dropped for the writes and built again after. */
  readonly rebuild: boolean;
  /** Whether terms were written during the scans (importFiles into an empty graph). */
  readonly scanned: boolean;
  readonly scanWrites: ScanWrites | null;
  /** Set when one of `later` turned out bad. */
  scanFailed: boolean;
}

/**
 * Writes holding `lease`, which it gives back at the end. `counted`: the graph's concepts, being counted holding the
 * lease (null: counted here).
 */
export async function writeLocked(
  db: Database,
  prepared: readonly PreparedImport[],
  options: WriteOptions,
  onReport: (report: ImportReport) => void,
  lease: ImportLease,
  counted: Promise<number> | null,
  scanWrites: ScanWrites | null,
  later: ReadonlyArray<Promise<PreparedImport>> = [],
): Promise<ImportReport[]> {
  let concepts: number;
  try {
    concepts = await (counted ?? countConcepts(db));
  } catch (error) {
    await lease.release();
    throw error;
  }
  const terms = prepared.reduce((n, p) => n + p.termsToWrite, 0);
  // Terms written during the scans (importFiles into an empty graph): whether to drop the indexes was decided then.
  const scanned = (await scanWrites?.wrote()) === true;
  const rebuild = scanned ? scanWrites!.rebuild === true : rebuildFulltext(concepts, terms, options);
  const run: LockedRun = {
    db,
    prepared,
    later,
    options,
    onReport,
    concepts,
    rebuild,
    scanned,
    scanWrites,
    scanFailed: false,
  };
  // Once anything may have been written, the graph's version is bumped (neo4j/graph-version.ts) so that the service's
  // cached answers go, also when a write failed halfway.
  // The lease goes back meanwhile: the writes have ended.
  try {
    return await writeAll(run);
  } finally {
    await Promise.all([bumpGraphVersion(db).catch(() => undefined), lease.release()]);
  }
}

async function writeAll(locked: LockedRun): Promise<ImportReport[]> {
  const { db, prepared, options, concepts, rebuild } = locked;
  try {
    if (rebuild && !locked.scanned) await dropFulltextIndexes(db);
    // An empty graph has no seeded items to migrate, no nodes to look up and no earlier release.
    if (concepts > 0) for (const migration of LAYER_MIGRATIONS) await db.write(migration);
    const earlier = concepts > 0 ? await earlierReleases(db, prepared) : new Map<string, string[]>();
    const run: WriteRun = {
      existing: options.createNew === false || concepts === 0 ? new Set() : await existingNodes(db, prepared),
      createNew: options.createNew !== false,
    };
    const reports = await writeFiles(locked, run, earlier);
    if (rebuild) {
      const waited = performance.now();
      await db.write('CALL db.awaitIndexes(300)');
      // The wait for the indexes, past the relationships, is part of the import: counted in the last file's time.
      const last = reports.at(-1)!;
      last.millis.fulltext = performance.now() - waited;
      last.millis.total += last.millis.fulltext;
      last.span.end = performance.now();
    }
    return reports;
  } catch (error) {
    // A later file turned out bad: what the run wrote goes, as when a file is bad before any write (importFiles).
    if (locked.scanFailed) await takeBack(error, () => locked.scanWrites!.remove(db));
    // A failed import leaves the indexes there and online too.
    if (rebuild) await restoreIndexes(db, error);
    throw error;
  }
}

/**
 * A file's relationships are written while the next file's terms are (Node packs terms while Neo4j creates
 * relationships), and after the previous file's relationships: two files that state the same link must not both find
 * it missing and both create it. Every write has ended before this returns or throws.
 */
async function writeFiles(
  locked: LockedRun,
  run: WriteRun,
  earlier: ReadonlyMap<string, string[]>,
): Promise<ImportReport[]> {
  const { db, prepared } = locked;
  const relationships: Array<Promise<ImportReport>> = [];
  const reports: ImportReport[] = [];
  try {
    for (const next of [...prepared, ...locked.later]) {
      let p: PreparedImport;
      try {
        p = await next;
      } catch (error) {
        locked.scanFailed = true;
        throw error;
      }
      await p.writeTerms(db, run);
      const previous = relationships.at(-1) ?? Promise.resolve(null);
      // After the last file of an ontology in this run, what its earlier releases stated and it does not goes.
      // (None into an empty graph, the only one whose files may still be being scanned here.)
      const retire =
        earlier.size > 0 && prepared.findLast((q) => q.source.ontology === p.source.ontology) === p;
      const stale = retire ? (earlier.get(p.source.ontology) ?? []) : [];
      const written = previous
        .then(() => p.writeRelationships(db))
        .then((report) => retireStale(db, report, stale));
      written.catch(() => undefined); // awaited below
      relationships.push(written);
    }
    // Relationships do not touch what the full-text indexes cover: the indexes are built meanwhile.
    if (locked.rebuild) await createFulltextIndexes(db);
    for (const written of relationships) {
      const report = await written;
      reports.push(report);
      locked.onReport(report);
    }
  } finally {
    await Promise.allSettled(relationships);
  }
  return reports;
}

/** Retires what the earlier releases `stale` stated and the file does not, in the time of the file's relationships. */
async function retireStale(
  db: Database,
  report: ImportReport,
  stale: readonly string[],
): Promise<ImportReport> {
  if (stale.length === 0) return report;
  const started = performance.now();
  report.changes.relationshipsRetired = await retireRelationships(db, stale);
  const took = performance.now() - started;
  report.millis.relationships += took;
  report.millis.total += took;
  report.span.end = performance.now();
  return report;
}

/** After a failed write: builds the full-text indexes again, or throws naming both failures. */
async function restoreIndexes(db: Database, error: unknown): Promise<void> {
  try {
    await createFulltextIndexes(db);
    await db.write('CALL db.awaitIndexes(300)');
  } catch (restoreError) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; the full-text indexes could not be built ` +
        `again either (${restoreError instanceof Error ? restoreError.message : String(restoreError)}): ` +
        'the next import, or the service at its start, creates them',
      { cause: restoreError },
    );
  }
}
