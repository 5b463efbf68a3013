import type { RelationshipTypeName } from '../../model/kinds';
import type { Database } from '../../neo4j/database';
import { WritePipeline } from './pipeline';
import type { PreparedFile } from './prepared';
import type { ImportReport } from './report';
import { NEW_RELATIONSHIPS_CYPHER, relationshipCypher } from './rows';

/**
 * Batches of created relationships written at once. Merged ones go one at a time: MERGE batches side by side lock
 * shared parents and deadlock, and the retries cost more than the overlap gains. CREATE batches deadlock rarely,
 * and a deadlocked batch is retried whole, so two of them overlap.
 */
const RELATIONSHIP_CONCURRENCY = 2;

/**
 * Rows of a batch. Merged: (from, to, quote), a batch per type (relationshipCypher). Created: (from, to, link), one
 * batch for every type (NEW_RELATIONSHIPS_CYPHER), `link` indexing RelationshipsPass.links.
 */
type Rows = Array<[string, string, string] | [string, string, number]>;

/** Pass 3 of a file, after its terms: writes its relationships, from the index; returns the file's report. */
export async function writeRelationships(file: PreparedFile, db: Database): Promise<ImportReport> {
  const started = performance.now();
  await new RelationshipsPass(file, db).write();
  const relsMillis = performance.now() - started;
  return file.report(file.termsMillis, relsMillis, file.termsPassMillis + relsMillis);
}

/** Pass 3 of one file: batches by type and by statement, created between two nodes this file created, else merged. */
class RelationshipsPass {
  private readonly total: number;
  private done = 0;
  /** `type` null: created relationships, of any type. */
  private readonly pending = new Map<string, { type: RelationshipTypeName | null; rows: Rows }>();
  private readonly links: Array<{ type: RelationshipTypeName; line: string }> = [];
  /** Created relationships already planned: a term that states the same link twice gets one relationship. */
  private readonly planned = new Set<string>();
  private readonly pipeline = new WritePipeline(RELATIONSHIP_CONCURRENCY);

  constructor(
    private readonly file: PreparedFile,
    private readonly db: Database,
  ) {
    this.total = Object.values(file.countRelationships()).reduce((a, b) => a + b, 0);
  }

  async write(): Promise<void> {
    const { file, pending } = this;
    for (const edge of file.plannedEdges()) {
      if ('skip' in edge) continue;
      const fresh = file.created.has(edge.from) && file.created.has(edge.to);
      if (fresh) {
        const link = `${edge.type} ${edge.from} ${edge.to}`;
        if (this.planned.has(link)) continue;
        this.planned.add(link);
      }
      const key = fresh ? '' : edge.type;
      let group = pending.get(key);
      if (!group) pending.set(key, (group = { type: fresh ? null : edge.type, rows: [] }));
      group.rows.push(
        fresh ? [edge.from, edge.to, this.linkOf(edge.type, edge.line)] : [edge.from, edge.to, edge.quote()],
      );
      if (group.rows.length >= file.batchSize) {
        pending.delete(key);
        await this.writeBatch(group.type, group.rows);
      }
    }
    try {
      for (const { type, rows } of pending.values()) await this.writeBatch(type, rows);
    } finally {
      await this.pipeline.drain();
    }
  }

  private linkOf(type: RelationshipTypeName, line: string): number {
    const at = this.links.findIndex((l) => l.type === type && l.line === line);
    return at >= 0 ? at : this.links.push({ type, line }) - 1;
  }

  /** Created batches run side by side (RELATIONSHIP_CONCURRENCY); a merged one after every write before it. */
  private async writeBatch(type: RelationshipTypeName | null, rows: Rows): Promise<void> {
    if (type === null) return this.pipeline.add(() => this.writeEdges(type, rows));
    await this.pipeline.drain();
    await this.writeEdges(type, rows);
  }

  private async writeEdges(type: RelationshipTypeName | null, rows: Rows): Promise<void> {
    const { file, db } = this;
    const source = file.source.id;
    const result =
      type === null
        ? await db.write(NEW_RELATIONSHIPS_CYPHER, {
            rows,
            source,
            types: this.links.map((l) => l.type),
            lines: this.links.map((l) => l.line),
          })
        : await db.write(relationshipCypher(type), { rows, source });
    file.tally.add(result);
    this.done += rows.length;
    file.options.onProgress?.({
      file: file.file,
      phase: 'relationships',
      done: this.done,
      total: this.total,
    });
  }
}
