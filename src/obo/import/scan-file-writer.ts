import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import type { ConceptKindName } from '../../model/kinds';
import type { Database } from '../../neo4j/database';
import type { OboHeader, OboTerm } from '../obo.types';
import { CONSTRAINT_FAILED, WritePipeline } from './pipeline';
import { NEW_NODES_CYPHER, newNodeRow, termRow } from './rows';
import type { ScanWrites } from './scan-writes';
import { ontologySource } from './source';

/**
 * One file's part of ScanWrites: takes the terms as the scan reads them and writes them in batches (CREATE,
 * NEW_NODES_CYPHER; Condition for every condition, the Cancer label comes in the terms' pass, once the hierarchy is
 * known). Terms it does not write go to `deferred`, which the terms' pass writes: those an earlier file of the run
 * has, and those of a batch another writer got to first (a constraint error).
 */
export class ScanFileWriter {
  /** waiting: nothing written yet; on: writing; off: not writing during this scan (the terms' pass writes all). */
  state: 'waiting' | 'on' | 'off' = 'waiting';
  readonly deferred = new Set<string>();
  /** Rows of NEW_NODES_CYPHER (newNodeRow): the term's id first. */
  private rows: unknown[][] = [];
  private db: Database | null = null;
  private source: Promise<string> | null = null;
  private readonly pipeline: WritePipeline;

  constructor(
    private readonly run: ScanWrites,
    private readonly file: string,
    private readonly checksum: Promise<string>,
    private readonly batchSize: number,
    concurrency: number,
    /** Nodes written, for the relationships' pass (created between two of them) and for undo. */
    private readonly created: Set<string>,
    private readonly tally: (result: QueryResult) => void,
  ) {
    this.pipeline = new WritePipeline(concurrency);
    run.track(created);
  }

  header(header: OboHeader): void {
    this.source = this.checksum.then((checksum) => ontologySource(this.file, header, checksum).id);
    void this.source.catch(() => undefined); // the scan reports a file it cannot read
  }

  /** A term of a mapped kind, as the scan reads it: a promise while a batch is handed over. */
  term(term: OboTerm, kind: ConceptKindName): Promise<void> | undefined {
    if (this.state === 'off') return undefined;
    if (this.run.claimed.has(term.id)) {
      this.deferred.add(term.id);
      return undefined;
    }
    this.run.counted();
    this.rows.push(newNodeRow(termRow(term, term.id), kind));
    if (this.rows.length >= this.batchSize && this.run.mayStart()) return this.flush();
    return undefined;
  }

  /** The scan's end: the last batch, and every write ended. */
  async end(): Promise<void> {
    if (this.rows.length > 0) await this.flush();
    await this.pipeline.drain();
  }

  /** The scan failed: waits for the writes in flight (their nodes are then in `created`, for undo). */
  async abort(): Promise<void> {
    await this.pipeline.drain().catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (this.state === 'waiting') {
      this.db = await this.run.start();
      this.state = this.db ? 'on' : 'off';
    }
    if (this.state === 'off') return;
    const source = await this.source!;
    // More than a batch waits for the first write (see ScanWrites.mayStart).
    for (let at = 0; at < rows.length; at += this.batchSize) {
      const batch = rows.slice(at, at + this.batchSize);
      await this.pipeline.add(() => this.write(batch, source));
    }
  }

  private async write(rows: unknown[][], source: string): Promise<void> {
    try {
      const result = await this.db!.writeTransaction(
        async (tx: ManagedTransaction) => await tx.run(NEW_NODES_CYPHER, { rows, source }),
      );
      this.tally(result);
      for (const row of rows) this.created.add(row[0] as string);
    } catch (error) {
      // Someone else created one of these nodes meanwhile: the terms' pass merges the batch.
      if ((error as { code?: string }).code !== CONSTRAINT_FAILED) throw error;
      for (const row of rows) this.deferred.add(row[0] as string);
    }
  }
}
