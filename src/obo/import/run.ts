import type { Database } from '../../neo4j/database';
import { takeImportLock } from './import-lock';
import { articleConcepts } from './merge';
import type { ImportOptions } from './options';
import { prepare } from './prepared';
import type { PreparedImport } from './prepared';
import type { ImportReport } from './report';
import { ScanWrites } from './scan-writes';
import { takeBack } from './take-back';
import { countConcepts, writeLocked } from './write';

export { OboImportError } from '../obo.types';
export { FULLTEXT_REBUILD_MIN_TERMS } from './fulltext';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CANCER_ROOTS,
  DEFAULT_CONCURRENCY,
  DEFAULT_PREFIX_KINDS,
} from './options';
export type { ImportOptions, ImportPhase, ImportProgress, WriteOptions } from './options';
export type { PreparedImport, WriteRun } from './prepared';
export { formatImportReport } from './report';
export type { ImportMerge, ImportReport, MergeRule } from './report';
export { ownNodeRow, termRow } from './rows';
export type { TermRow } from './rows';
export { ontologySource } from './source';
export { conceptsRemovedAfter } from './take-back';
export { writeImports } from './write';

/**
 * `npm run import:obo`: loads an OBO 1.2/1.4 ontology into the graph model, in three steps.
 *
 * 1. **Scan.** The file is streamed once, parsed and checked (parse errors, duplicate ids), and a compact index is kept:
 *    per term its id, name, kind, obsolete flag and the targets of its is_a and mapped relationships. Definitions,
 *    synonyms and cross-references, most of the file, are not kept. Nothing is written if the scan fails.
 * 2. **Terms.** The file is streamed again; terms are written in batches (UNWIND, one transaction per batch).
 * 3. **Relationships.** From the index, in batches.
 *
 * **Into an empty graph** (importFiles, when the graph holds no concepts), steps 1 and 2 are one: the scan writes the
 * terms as it reads them (ScanWrites), so that Neo4j stores them while Node parses, and the file is read once. Nothing
 * merges into an empty graph, and the one thing a term's row needs that only the whole file gives, whether it is a
 * cancer, is written in step 2 (the Cancer label). A scan that fails deletes what the scans wrote (they are nodes of
 * their own, with no relationships yet) before the error is thrown, so a bad file still leaves the graph as it was.
 *
 * importFiles runs the steps with the round trips that need no scan (reading the article's concepts, taking the
 * import lock, counting the graph) made while the files are scanned, so that Neo4j answers them while Node parses;
 * it may be handed a connection still being made (the command line connects and checks the schema meanwhile).
 *
 * With several files, every file is scanned before any is written (prepareImports); then file after file, its terms,
 * and its relationships beside the next file's terms, each file's relationships after the previous file's
 * (writeImports). A big import into an empty graph drops the full-text indexes before the terms and creates them again
 * once the terms are written, so that they build while the relationships are written (ImportOptions.rebuildFulltext):
 * cheaper than updating them at every commit. Terms the graph does not hold are written with CREATE, and so are the
 * relationships between them (ImportOptions.createNew); so that two imports never both write one relationship, one
 * import writes at a time (import-lock.ts).
 *
 * Mapping: a term's kind comes from its id prefix (DOID, MONDO, HP → Condition; UBERON → BodyRegion) or `kind`.
 * A condition that is, or descends by is_a from, a cancer root (DOID:162 "cancer") is a Cancer. `is_a` becomes
 * SUBTYPE_OF, `relationship: part_of` between body regions becomes PART_OF; other relationship types are counted as
 * skipped. Every term and relationship carries the ontology file as its evidence source (one Source node per
 * ontology and version) and the file's own words as the quote: the definition, else the `name:` line, and for a
 * relationship its two lines (`id: A ! a; is_a: B ! b`).
 *
 * Merging: a term whose id or alt_id is a cross-reference of one of the article's concepts is written into that
 * concept (importing DO does not create a second "lung cancer"); failing that, a term whose cross-references lead to
 * exactly one article concept, or whose name is exactly that concept's name, when no other term claims it. Kinds
 * must agree. Imported values live in the concept's ontology layer (model/layers.ts).
 *
 * Obsolete terms are written, flagged `obsolete`, with `replacedBy` and `consider`, and without relationships.
 * Alt ids are cross-references of their term, so `conceptByXref` resolves them. Re-importing the same file changes
 * nothing.
 */

/**
 * Pass 1 of every file, one after the other, against the article's concepts (loaded once, while the first file is
 * scanned): every file is checked before any is written. Throws OboParseError or OboImportError for a bad file. `db`
 * null: a dry run.
 */
export async function prepareImports(
  db: Database | Promise<Database> | null,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<PreparedImport[]> {
  const seed = articleConcepts(db, options);
  const prepared: PreparedImport[] = [];
  for (const file of files) prepared.push(await prepare(file, options, seed, null));
  return prepared;
}

/**
 * Prepares and writes files (prepareImports, then writeImports), taking the import lock and counting the graph's
 * concepts while the files are scanned: Neo4j answers those round trips while Node parses, rather than after. Throws
 * as the two do: nothing is written for a bad file or while another import holds the lock.
 */
export async function importFiles(
  db: Database | Promise<Database>,
  files: readonly string[],
  options: ImportOptions = {},
  onReport: (report: ImportReport) => void = () => undefined,
): Promise<ImportReport[]> {
  // `db` may still be connecting (the command line scans meanwhile): each round trip waits for it, the scan does not.
  const connected = Promise.resolve(db);
  const lease = connected.then((ready) => takeImportLock(ready));
  const counted = Promise.all([connected, lease]).then(([ready]) => countConcepts(ready));
  void counted.catch(() => undefined); // awaited below, or moot once the lock is refused
  const seed = articleConcepts(connected, options);
  // Into an empty graph, the terms are written while the files are scanned (ScanWrites).
  const scanWrites =
    options.createNew === false
      ? null
      : new ScanWrites(
          Promise.all([connected, counted, seed]).then(
            ([ready, concepts, article]) => ({
              db: ready,
              empty: concepts === 0 && (article === null || article.byKey.size + article.byName.size === 0),
            }),
            () => null,
          ),
          options,
        );
  // Each file is scanned after the one before it.
  const preparing: Array<Promise<PreparedImport>> = [];
  for (const file of files) {
    const next = (preparing.at(-1) ?? Promise.resolve()).then(() => prepare(file, options, seed, scanWrites));
    next.catch(() => undefined); // awaited below, or in writeLocked
    preparing.push(next);
  }
  let prepared: PreparedImport[];
  let later: Array<Promise<PreparedImport>> = [];
  try {
    const first = preparing.length > 0 ? await preparing[0] : undefined;
    if (first && (await scanWrites?.wrote())) {
      // Terms written during the first scan (an empty graph): the first file's relationships are written while the
      // next file is scanned, and so on; a bad later file has everything deleted again (writeLocked).
      prepared = [first];
      later = preparing.slice(1);
    } else {
      prepared = await Promise.all(preparing);
    }
  } catch (error) {
    // A bad file: take out what the scans wrote, and give the lease back, if it was taken.
    try {
      if (scanWrites) await takeBack(error, () => scanWrites.undo());
    } finally {
      await lease.then(
        (held) => held.release(),
        () => undefined,
      );
    }
    throw error;
  }
  const held = await lease; // another import holds it: ImportLockedError, nothing written
  return writeLocked(await connected, prepared, options, onReport, held, counted, scanWrites, later);
}

/** Imports one OBO file. Throws OboParseError or OboImportError, before writing anything, for a bad file. */
export async function importObo(
  db: Database | null,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (options.dryRun === true || !db) {
    const [prepared] = await prepareImports(db, [file], options);
    return prepared!.report();
  }
  const [report] = await importFiles(db, [file], options);
  return report!;
}
