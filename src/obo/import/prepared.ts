import { stat } from 'node:fs/promises';
import type { ConceptKindName } from '../../model/kinds';
import type { Database } from '../../neo4j/database';
import { CONCEPT_KINDS } from '../../model/kinds';
import { OboImportError } from '../obo.types';
import { plannedEdges } from './edges';
import type { PlannedEdge } from './edges';
import type { SeedIndex } from './merge';
import { DEFAULT_BATCH_SIZE, DEFAULT_CANCER_ROOTS, DEFAULT_CONCURRENCY } from './options';
import type { ImportOptions } from './options';
import { writeRelationships } from './relationship-writes';
import { bump, ChangeTally } from './report';
import type { ImportReport } from './report';
import { cancerTerms, scan } from './scan';
import type { ScanResult, TermEntry } from './scan';
import { ScanFileWriter } from './scan-file-writer';
import type { ScanWrites } from './scan-writes';
import { ontologySource, sha256 } from './source';
import { writeTerms } from './term-writes';

/**
 * What one writeImports call knows of the graph: the ids of term nodes that were there before it or that an earlier
 * file of the call wrote (those are merged, the others created), and whether to create at all (ImportOptions.createNew).
 */
export interface WriteRun {
  readonly existing: Set<string>;
  readonly createNew: boolean;
}

/** A file checked and planned (pass 1), not written yet. */
export interface PreparedImport {
  readonly file: string;
  /** The file's Source node id (ontology and version) and its ontology's name. */
  readonly source: { readonly id: string; readonly ontology: string };
  /** Concepts the write passes write (terms of a mapped kind, merged ones included). */
  readonly termsToWrite: number;
  /** The report of a dry run: what would be written. */
  report(): ImportReport;
  /** The ids of the nodes of their own that the terms are written into (not merged into the article's concepts). */
  ownNodeIds(): string[];
  /** Pass 2: writes the terms. */
  writeTerms(db: Database, run: WriteRun): Promise<void>;
  /** Pass 3, after writeTerms: writes the relationships; returns the report. */
  writeRelationships(db: Database): Promise<ImportReport>;
}

/** What pass 1 of a file found, for PreparedFile. */
interface Scanned {
  readonly file: string;
  readonly options: ImportOptions;
  readonly batchSize: number;
  readonly concurrency: number;
  /** When the scan began (performance.now()) and how long it took. */
  readonly started: number;
  readonly scanMillis: number;
  readonly bytes: number;
  readonly checksum: string;
  readonly scanned: ScanResult;
  readonly seed: SeedIndex | null;
  readonly tally: ChangeTally;
  readonly created: Set<string>;
  readonly writer: ScanFileWriter | null;
  readonly scanWrites: ScanWrites | null;
}

/** The state of one prepared file, between its scan and its writes: what the write passes and the report read. */
export class PreparedFile {
  readonly file: string;
  readonly options: ImportOptions;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly scanned: ScanResult;
  readonly tally: ChangeTally;
  /** Nodes this file's terms created (WriteRun): relationships between two of them are created, not merged. */
  readonly created: Set<string>;
  readonly writer: ScanFileWriter | null;
  readonly scanWrites: ScanWrites | null;
  /** Whether the scan wrote the terms (ScanWrites): the terms' pass then writes only the ones it deferred. */
  readonly early: boolean;
  readonly source: ReturnType<typeof ontologySource>;
  readonly cancers: Set<string>;
  /** Terms of a mapped kind: what the write passes write. */
  readonly total: number;
  /** The terms' pass's time, and that with the writes before it (layer migrations, the Source node). */
  termsMillis = 0;
  termsPassMillis = 0;
  private readonly facts: Scanned;
  private readonly skipped: Record<string, number>;
  /** The kinds of the article's concepts, by id: a merged term's relationships are checked with its concept's kind. */
  private readonly seedKinds = new Map<string, ConceptKindName>();
  private readonly written: Record<string, number> = {};
  private obsolete = 0;
  private relationshipCounts: Record<string, number> | null = null;

  constructor(facts: Scanned) {
    this.facts = facts;
    this.file = facts.file;
    this.options = facts.options;
    this.batchSize = facts.batchSize;
    this.concurrency = facts.concurrency;
    this.scanned = facts.scanned;
    this.tally = facts.tally;
    this.created = facts.created;
    this.writer = facts.writer;
    this.scanWrites = facts.scanWrites;
    this.early = facts.writer?.state === 'on';
    this.source = ontologySource(facts.file, facts.scanned.header, facts.checksum);
    this.cancers = cancerTerms(facts.scanned.entries, facts.options.cancerRoots ?? DEFAULT_CANCER_ROOTS);
    this.skipped = { ...facts.scanned.skipped };
    if (facts.seed) {
      for (const list of facts.seed.byKey.values()) for (const c of list) this.seedKinds.set(c.id, c.kind);
    }
    for (const entry of this.scanned.entries.values()) {
      const kind = this.kindOf(entry);
      if (!kind) continue;
      if (entry.obsolete) this.obsolete++;
      bump(
        this.written,
        this.scanned.merges.has(entry.id) ? (this.seedKinds.get(this.nodeOf(entry.id)) ?? kind) : kind,
      );
    }
    this.total = [...this.scanned.entries.values()].filter((e) => this.kindOf(e) !== null).length;
  }

  kindOf(entry: TermEntry): ConceptKindName | null {
    return entry.kind === 'Condition' && this.cancers.has(entry.id) ? 'Cancer' : entry.kind;
  }

  /** The node a term is written into: the article concept it merges into, else its own. */
  nodeOf(termId: string): string {
    return this.scanned.merges.get(termId)?.concept ?? termId;
  }

  seedKind(node: string): ConceptKindName | undefined {
    return this.seedKinds.get(node);
  }

  /**
   * The relationships to write, or why each other one is skipped. Planned twice: once to count (countRelationships),
   * once in pass 3 to write, so that the relationship rows, with their quotes, are never all held at once.
   */
  plannedEdges(): Generator<PlannedEdge> {
    return plannedEdges(this);
  }

  /**
   * Counted when first asked for (the report, or pass 3 before it writes), not when the file is prepared: an import
   * counts them while Neo4j writes the terms, instead of before the first write, while Neo4j waits.
   */
  countRelationships(): Record<string, number> {
    if (this.relationshipCounts) return this.relationshipCounts;
    const counts: Record<string, number> = {};
    for (const edge of this.plannedEdges()) {
      if ('skip' in edge) bump(this.skipped, edge.skip);
      else bump(counts, edge.type);
    }
    return (this.relationshipCounts = counts);
  }

  *ownIds(): Generator<string> {
    for (const entry of this.scanned.entries.values()) {
      if (this.kindOf(entry) && !this.scanned.merges.has(entry.id)) yield entry.id;
    }
  }

  /** The file's report; `writeMillis` null: a dry run's. */
  report(termsMillis: number, relsMillis: number, writeMillis: number | null): ImportReport {
    const { started, scanMillis, scanned } = this.facts;
    const source = this.source;
    return {
      file: this.file,
      source: { id: source.id, title: source.title, version: source.version, checksum: this.facts.checksum },
      bytes: this.facts.bytes,
      terms: scanned.entries.size,
      written: this.written,
      obsolete: this.obsolete,
      typedefs: scanned.typedefs,
      synonyms: scanned.synonyms,
      xrefs: scanned.xrefs,
      altIds: scanned.altIds,
      relationships: this.countRelationships(),
      merged: [...scanned.merges.values()].sort((a, b) => a.term.localeCompare(b.term)),
      skipped: this.skipped,
      warnings: scanned.warnings,
      millis: {
        scan: scanMillis,
        terms: termsMillis,
        relationships: relsMillis,
        fulltext: 0,
        total: scanMillis + (writeMillis ?? 0),
      },
      span: { start: started, end: writeMillis === null ? started + scanMillis : performance.now() },
      changes: this.tally.changes,
      dryRun: writeMillis === null,
    };
  }

  /**
   * The file as a PreparedImport: a plain object whose steps are bound to the file, so that a caller may copy it and
   * replace a step (the tests make a write fail that way).
   */
  asImport(): PreparedImport {
    return {
      file: this.file,
      source: { id: this.source.id, ontology: this.source.ontology },
      termsToWrite: this.total,
      report: () => this.report(0, 0, null),
      ownNodeIds: () => [...this.ownIds()],
      writeTerms: (db, run) => writeTerms(this, db, run),
      writeRelationships: (db) => writeRelationships(this, db),
    };
  }
}

/** Pass 1 of one file, against the article's concepts `seeded` (null: a dry run, no merges), which may be on their way. */
const NO_KIND = /^terms with no kind for their prefix \((.*)\)$/;

/**
 * A file none of whose terms has a kind would import nothing but its Source node: refused, before anything is
 * written, with the prefixes it holds and the option that would import them.
 */
function refuseNothingToImport(file: string, scanned: ScanResult): void {
  if (scanned.entries.size === 0) return;
  for (const entry of scanned.entries.values()) if (entry.kind) return;
  const prefixes = Object.entries(scanned.skipped).flatMap(([reason, n]) => {
    const prefix = NO_KIND.exec(reason)?.[1];
    return prefix === undefined ? [] : [`${prefix} ${n}`];
  });
  throw new OboImportError(
    `${file}: none of its ${scanned.entries.size} terms has a kind for its prefix (${prefixes.join(', ')}), so ` +
      `nothing would be imported; --kind <${CONCEPT_KINDS.join('|')}> imports every term of the file as that kind`,
  );
}

export async function prepare(
  file: string,
  options: ImportOptions,
  seeded: Promise<SeedIndex | null>,
  scanWrites: ScanWrites | null,
): Promise<PreparedImport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new OboImportError(`batch size must be a whole number from 1 to 10000, got ${batchSize}`);
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new OboImportError(`${file}: no such file`);

  const tally = new ChangeTally();
  const created = new Set<string>();
  const hashed = sha256(file);
  const writer =
    scanWrites && new ScanFileWriter(scanWrites, file, hashed, batchSize, concurrency, created, tally.add);
  let checksum: string;
  let scanned: ScanResult;
  try {
    [checksum, scanned] = await Promise.all([hashed, scan(file, options, seeded, writer)]);
    refuseNothingToImport(file, scanned);
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  const seed = await seeded;
  const scanMillis = performance.now() - started;
  if (scanWrites) for (const [id, entry] of scanned.entries) if (entry.kind) scanWrites.claimed.add(id);
  const prepared = new PreparedFile({
    file,
    options,
    batchSize,
    concurrency,
    started,
    scanMillis,
    bytes: info.size,
    checksum,
    scanned,
    seed,
    tally,
    created,
    writer,
    scanWrites,
  });
  return prepared.asImport();
}
