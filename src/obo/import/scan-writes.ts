import type { Database } from '../../neo4j/database';
import { bumpGraphVersion } from '../../neo4j/graph-version';
import { createFulltextIndexes, dropFulltextIndexes, FULLTEXT_REBUILD_MIN_TERMS } from './fulltext';
import type { ImportOptions } from './options';

/**
 * Writing terms while the files are scanned, for importFiles into an empty graph (see "Into an empty graph" in run.ts):
 * the state the files of one run share. Writing starts, at a file's first full batch, only if the graph holds no
 * concepts (counted holding the import lock) and no article concepts (so no term merges); otherwise, or if Neo4j
 * cannot be reached, nothing is written during the scan and the terms' pass writes everything, as for writeImports.
 */
export class ScanWrites {
  /** The connection, once writing has started; null when it will not. */
  private started: Promise<Database | null> | null = null;
  /** Whether the full-text indexes were dropped for the writes (ImportOptions.rebuildFulltext), once decided. */
  rebuild: boolean | null = null;
  /** Term ids of the run's earlier files: a later file's terms with one of them are left to the terms' pass. */
  readonly claimed = new Set<string>();
  /** Nodes written during the scans, every file's: what undo() deletes. */
  private readonly created: Array<ReadonlySet<string>> = [];
  /** Terms read to be written during the scans so far, for the full-text decision. */
  private read = 0;

  constructor(
    private readonly context: Promise<{ db: Database; empty: boolean } | null>,
    private readonly options: ImportOptions,
  ) {}

  /** Whether a batch may be written now: writing has started, or whether to drop the indexes can be decided. */
  mayStart(): boolean {
    return (
      this.started !== null ||
      (this.options.rebuildFulltext ?? 'auto') !== 'auto' ||
      this.read >= FULLTEXT_REBUILD_MIN_TERMS
    );
  }

  counted(): void {
    this.read++;
  }

  /** The connection to write with (null: no writing during the scans); decides about the indexes the first time. */
  start(): Promise<Database | null> {
    this.started ??= this.context.then(async (context) => {
      if (!context?.empty) return null;
      const mode = this.options.rebuildFulltext ?? 'auto';
      this.rebuild = mode === 'always' || (mode === 'auto' && this.read >= FULLTEXT_REBUILD_MIN_TERMS);
      if (this.rebuild) await dropFulltextIndexes(context.db);
      return context.db;
    });
    return this.started;
  }

  /** Whether anything was written, or the indexes dropped, during the scans. */
  async wrote(): Promise<boolean> {
    return this.started !== null && (await this.started.catch(() => null)) !== null;
  }

  track(created: ReadonlySet<string>): void {
    this.created.push(created);
  }

  /** Source nodes the run's terms' passes created (a file's pass may run while the next file is scanned). */
  readonly sources: string[] = [];

  /**
   * Deletes the nodes the scans created, with their relationships (into an empty graph they are the only nodes the
   * run wrote, with its Source nodes, deleted too). Returns how many concepts it deleted.
   */
  async remove(db: Database): Promise<number> {
    const ids = this.created.flatMap((set) => [...set]);
    let deleted = 0;
    for (let at = 0; at < ids.length; at += 10_000) {
      const result = await db.write('UNWIND $ids AS id MATCH (c:Concept {id: id}) DETACH DELETE c', {
        ids: ids.slice(at, at + 10_000),
      });
      deleted += result.summary.counters.updates().nodesDeleted;
    }
    if (this.sources.length > 0) {
      await db.write('UNWIND $ids AS id MATCH (s:Source {id: id}) DETACH DELETE s', { ids: this.sources });
    }
    return deleted;
  }

  /**
   * After a scan failed (a bad file), takes out what the scans wrote: deletes the nodes they created (they have no
   * relationships yet) and builds the full-text indexes again if they were dropped. Returns how many nodes it deleted.
   */
  async undo(): Promise<number> {
    if (!(await this.wrote())) return 0;
    const db = (await this.started)!;
    const deleted = await this.remove(db);
    if (this.rebuild) {
      await createFulltextIndexes(db);
      await db.write('CALL db.awaitIndexes(300)');
    }
    await bumpGraphVersion(db);
    return deleted;
  }
}
