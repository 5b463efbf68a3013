import path from 'node:path';
import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import { KIND_LABELS } from '../../model/kinds';
import type { ConceptKindName } from '../../model/kinds';
import type { Database } from '../../neo4j/database';
import { readOboFile } from '../parse/obo-reader';
import { CONSTRAINT_FAILED, WritePipeline } from './pipeline';
import type { PreparedFile, WriteRun } from './prepared';
import {
  MERGED_NODES_CYPHER,
  NEW_NODES_CYPHER,
  newNodeRow,
  ownNodeRow,
  ownNodesCypher,
  termRow,
} from './rows';
import type { TermRow } from './rows';

interface PendingTerm {
  kind: ConceptKindName;
  merged: boolean;
  row: TermRow;
}

/** Pass 2 of a file: writes its terms (PreparedImport.writeTerms). */
export async function writeTerms(file: PreparedFile, db: Database, run: WriteRun): Promise<void> {
  await new TermsPass(file, db, run).write();
}

/** Pass 2 of one file: the Source node, then the terms, streamed again, in batches. */
class TermsPass {
  private readonly pipeline: WritePipeline;
  /** After a scan that wrote the terms, those it left for this pass (ScanFileWriter.deferred). */
  private deferred: ReadonlySet<string> | null = null;
  private done = 0;

  constructor(
    private readonly file: PreparedFile,
    private readonly db: Database,
    private readonly run: WriteRun,
  ) {
    this.pipeline = new WritePipeline(file.concurrency);
  }

  async write(): Promise<void> {
    const { file } = this;
    const writeStarted = performance.now();
    const sourceWritten = this.writeSource();
    void sourceWritten.catch(() => undefined); // awaited before the first batch, or at the end

    const termsStarted = performance.now();
    if (file.early) await this.labelCancers();
    this.deferred = file.early ? file.writer!.deferred : null;
    this.done = this.deferred ? file.total - this.deferred.size : 0;
    let batch: PendingTerm[] = [];
    try {
      const stanzas = this.deferred?.size === 0 ? [] : readOboFile(file.file).stanzas();
      for await (const stanza of stanzas) {
        if (stanza.kind !== 'term' || (this.deferred && !this.deferred.has(stanza.term.id))) continue;
        const entry = file.scanned.entries.get(stanza.term.id)!;
        const kind = file.kindOf(entry);
        if (!kind) continue;
        const merge = file.scanned.merges.get(entry.id);
        batch.push({
          kind,
          merged: merge !== undefined,
          row: termRow(stanza.term, merge?.concept ?? entry.id),
        });
        if (batch.length >= file.batchSize) {
          const rows = batch;
          batch = [];
          await sourceWritten;
          await this.pipeline.add(() => this.writeTermBatch(rows));
        }
      }
      await sourceWritten;
      if (batch.length > 0) await this.pipeline.add(() => this.writeTermBatch(batch));
    } finally {
      await sourceWritten.catch(() => undefined);
      await this.pipeline.drain();
      // A later file of the same call that holds one of these terms merges it.
      for (const id of file.ownIds()) this.run.existing.add(id);
    }
    file.termsMillis = performance.now() - termsStarted;
    file.termsPassMillis = performance.now() - writeStarted;
  }

  /** The Source node, written while the first batch is read: it is in the graph before any term citing it. */
  private writeSource(): Promise<void> {
    const { file } = this;
    const source = file.source;
    return this.db
      .write(
        `MERGE (s:Source {id: $source.id})
       SET s.kind = 'ontology', s.title = $source.title, s.version = $source.version, s.ontology = $source.ontology,
           s.file = $source.file, s.checksum = $source.checksum, s.publisher = null, s.lastReviewed = null`,
        { source: { ...source, file: path.basename(file.file) } },
      )
      .then((result) => {
        file.tally.add(result);
        // Into an empty graph, a bad later file has it deleted again (ScanWrites.remove).
        if (file.early && result.summary.counters.updates().nodesCreated > 0) {
          file.scanWrites!.sources.push(source.id);
        }
      });
  }

  /** Written during the scan as conditions: the cancers among them get their label, now that the hierarchy is known. */
  private async labelCancers(): Promise<void> {
    const labelled = [...this.file.created].filter((id) => this.file.cancers.has(id));
    for (let at = 0; at < labelled.length; at += 10_000) {
      await this.db
        .write(`UNWIND $ids AS id MATCH (c:Concept {id: id}) SET c:${KIND_LABELS.Cancer.join(':')}`, {
          ids: labelled.slice(at, at + 10_000),
        })
        .then(this.file.tally.add);
    }
  }

  private isNew(r: PendingTerm): boolean {
    return !r.merged && this.run.createNew && !this.run.existing.has(r.row.id);
  }

  private async writeTermBatch(rows: PendingTerm[]): Promise<void> {
    try {
      await this.writeBatch(rows, true);
    } catch (error) {
      // Another writer created one of these nodes since writeImports looked: merge the batch instead.
      if ((error as { code?: string }).code !== CONSTRAINT_FAILED) throw error;
      await this.writeBatch(rows, false);
    }
    this.done += rows.length;
    const { file } = this;
    file.options.onProgress?.({ file: file.file, phase: 'terms', done: this.done, total: file.total });
  }

  private async writeBatch(rows: PendingTerm[], create: boolean): Promise<void> {
    const source = this.file.source.id;
    const results: QueryResult[] = [];
    await this.db.writeTransaction(async (tx: ManagedTransaction) => {
      results.length = 0;
      const merged = rows.filter((r) => r.merged).map((r) => r.row);
      if (merged.length > 0) results.push(await tx.run(MERGED_NODES_CYPHER, { rows: merged, source }));
      const groups = new Map<string, { kind: ConceptKindName; fresh: boolean; rows: unknown[][] }>();
      for (const r of rows) {
        if (r.merged) continue;
        const fresh = create && this.isNew(r);
        // Created nodes: one group whatever their kind (NEW_NODES_CYPHER); merged ones, a group per kind.
        const key = fresh ? 'new' : r.kind;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { kind: r.kind, fresh, rows: [] }));
        group.rows.push(fresh ? newNodeRow(r.row, r.kind) : ownNodeRow(r.row));
      }
      for (const { kind, fresh, rows: own } of groups.values()) {
        const cypher = fresh ? NEW_NODES_CYPHER : ownNodesCypher(kind);
        results.push(await tx.run(cypher, { rows: own, source }));
      }
    });
    results.forEach(this.file.tally.add);
    if (create) for (const r of rows) if (this.isNew(r)) this.file.created.add(r.row.id);
  }
}
