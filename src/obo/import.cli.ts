import path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { CONCEPT_KINDS } from '../model/kinds';
import type { ConceptKindName } from '../model/kinds';
import { connectNeo4j } from '../neo4j/connect';
import type { Neo4jConnection } from '../neo4j/connect';
import { applySchema } from '../neo4j/schema';
import {
  conceptsRemovedAfter,
  DEFAULT_BATCH_SIZE,
  DEFAULT_CANCER_ROOTS,
  formatImportReport,
  importFiles,
  OboImportError,
  prepareImports,
} from './import/run';
import type { ImportOptions, ImportPhase, ImportProgress, ImportReport } from './import/run';
import { OboParseError } from './obo.types';

const USAGE = `Usage: npm run import:obo -- <file.obo> [more files] [options]

Loads OBO 1.2/1.4 ontologies into the graph: Disease Ontology terms become conditions (cancers recognised under
${DEFAULT_CANCER_ROOTS.join(', ')}), UBERON terms body regions; is_a becomes SUBTYPE_OF and part_of PART_OF. Terms merge
into the article's concepts through their ids and cross-references. Each file is checked whole before anything
is written (into an empty graph, terms are written as they are read, and deleted again if a file turns out bad);
re-importing a file changes nothing.
  --kind <Kind>          the kind of every term (${CONCEPT_KINDS.join(', ')}), instead of the one its prefix gives
  --cancer-root <CURIE>  a term whose is_a descendants are cancers (repeatable; default ${DEFAULT_CANCER_ROOTS.join(', ')})
  --batch-size <n>       terms or relationships per transaction (default ${DEFAULT_BATCH_SIZE})
  --no-name-match        do not merge terms into the article's concepts by exact name
  --rebuild-indexes      drop the full-text indexes during the writes and build them once after: faster for a big
                         import, but search and conceptByXref fail meanwhile; for a graph no one is using (done
                         anyway, unless --no-rebuild-indexes, for 2,000 terms or more into an empty graph)
  --strict               refuse a file with a recoverable defect (a [Term] with no name, a tag the parser does not
                         know), which is otherwise imported with a warning naming its line
  --dry-run              check the file and print what would be imported; do not connect to Neo4j
  --json                 print the report as JSON
  --no-progress          no progress bar (there is none when stderr is not a terminal)
Uses NEO4J_URI when set; otherwise the embedded Neo4j (a running service's, or one started for the run).`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the progress bar goes; none when undefined. */
  progressStream?: NodeJS.WriteStream;
}

const PHASE_LABEL: Readonly<Record<ImportPhase, string>> = {
  // Reading checks the file whole; into an empty graph it writes the terms too.
  scan: 'reading      ',
  terms: 'terms        ',
  relationships: 'relationships',
};

/**
 * Progress on a terminal: a bar per file and phase, kept up to date together (cli-progress's MultiBar), since a file's
 * relationships are written while the next file is read.
 */
function progressBar(stream: NodeJS.WriteStream | undefined) {
  if (!stream?.isTTY) return { update: (_: ImportProgress) => undefined, stop: () => undefined };
  let bars: MultiBar | null = null;
  const shown = new Map<string, SingleBar>();
  return {
    update(p: ImportProgress) {
      bars ??= new MultiBar({ stream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
      const key = `${p.phase} ${p.file}`;
      const bar = shown.get(key);
      if (bar) {
        bar.setTotal(Math.max(p.total, p.done));
        bar.update(p.done);
        return;
      }
      const format = `${PHASE_LABEL[p.phase]} [{bar}] {value}${p.total > 0 ? '/{total}' : ''} {eta_formatted} {file}`;
      shown.set(
        key,
        bars.create(Math.max(p.total, p.done), p.done, { file: path.basename(p.file) }, { format }),
      );
    },
    stop() {
      bars?.stop();
      bars = null;
      shown.clear();
    },
  };
}

/** `npm run import:obo`: returns the exit code (0 imported, 1 a bad file or a failed import, 2 bad usage). */
export async function runImportCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput,
): Promise<number> {
  const { out, err } = output;
  let values;
  let files: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      options: {
        kind: { type: 'string' },
        'cancer-root': { type: 'string', multiple: true },
        'batch-size': { type: 'string' },
        'name-match': { type: 'boolean', default: true },
        'rebuild-indexes': { type: 'boolean' },
        'dry-run': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean' },
      },
    });
    values = parsed.values;
    files = parsed.positionals;
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (files.length === 0) {
    err(`No file given.\n\n${USAGE}`);
    return 2;
  }
  if (values.kind !== undefined && !(CONCEPT_KINDS as readonly string[]).includes(values.kind)) {
    err(`--kind must be one of ${CONCEPT_KINDS.join(', ')}; got "${values.kind}"`);
    return 2;
  }
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    err(`--batch-size must be a whole number from 1 to 10000; got "${values['batch-size']}"`);
    return 2;
  }
  const options = {
    kind: values.kind as ConceptKindName | undefined,
    cancerRoots: values['cancer-root'] ?? DEFAULT_CANCER_ROOTS,
    batchSize,
    matchNames: values['name-match'],
    strict: values.strict,
    rebuildFulltext:
      values['rebuild-indexes'] === undefined
        ? ('auto' as const)
        : values['rebuild-indexes']
          ? ('always' as const)
          : ('never' as const),
  };
  const bar = progressBar(values.progress ? output.progressStream : undefined);
  const reports: ImportReport[] = [];

  if (values['dry-run'])
    return dryRun(files, { ...options, onProgress: bar.update }, bar, values.json === true, output);

  let connection: Promise<Neo4jConnection>;
  try {
    connection = connectNeo4j(loadConfig(env), err, { reuseRunningEmbedded: true });
  } catch (error) {
    return failed(error, err, true);
  }
  // The files are scanned while Neo4j connects and the schema is checked: the scan needs neither, and the import
  // waits for both before its first round trip. Nothing is written unless this succeeds.
  const ready = connection.then(async (neo4j) => {
    await applySchema(neo4j.db);
    return neo4j.db;
  });
  try {
    // Every file is checked before any is written: a bad one stops the run with nothing written. Reports as files
    // complete (printed if a later one fails), then all of them in the files' order.
    const written = await importFiles(
      ready,
      files.map((f) => path.resolve(f)),
      { ...options, onProgress: bar.update },
      (report) => {
        bar.stop();
        reports.push(report);
      },
    );
    print(written, values.json === true, out);
    return 0;
  } catch (error) {
    bar.stop();
    if (reports.length > 0) print(reports, values.json === true, out);
    const connected = await ready.then(
      () => true,
      () => false,
    );
    return failed(error, err, !connected);
  } finally {
    await connection.then(
      (neo4j) => neo4j.close(),
      () => undefined,
    );
  }
}

/** `--dry-run`: checks the files and prints what would be imported, without connecting. */
async function dryRun(
  files: readonly string[],
  options: ImportOptions,
  bar: { stop(): void },
  json: boolean,
  { out, err }: CliOutput,
): Promise<number> {
  const reports: ImportReport[] = [];
  try {
    for (const prepared of await prepareImports(
      null,
      files.map((f) => path.resolve(f)),
      { ...options, dryRun: true },
    )) {
      reports.push(prepared.report());
    }
    bar.stop();
  } catch (error) {
    bar.stop();
    return failed(error, err, true);
  }
  print(reports, json, out);
  return 0;
}

function print(reports: ImportReport[], json: boolean, out: (line: string) => void): void {
  if (json) out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  else out(reports.map(formatImportReport).join('\n\n'));
}

function failed(error: unknown, err: (line: string) => void, beforeWriting: boolean): number {
  // A bad file is refused by the check that comes before the first write.
  const nothingWritten = beforeWriting || error instanceof OboParseError || error instanceof OboImportError;
  const message =
    error instanceof OboParseError || error instanceof OboImportError
      ? error.message
      : `Import failed: ${error instanceof Error ? error.message : String(error)}`;
  // Into an empty graph, terms are written while the files are read; a bad file has them deleted again.
  const removed = conceptsRemovedAfter(error);
  err(
    removed > 0
      ? `${message}\nThe ${removed} concepts written while the files were read were deleted again: the graph is as it was.`
      : nothingWritten
        ? `${message}\nNothing was written.`
        : `${message}\nThe batches written before the failure stay; importing the file again completes it.`,
  );
  return 1;
}

if (require.main === module) {
  // The importer is a short batch process that shares the machine's cores with Neo4j. With TurboFan's inlining,
  // V8's background compiler threads cost more CPU than they saved the main thread (docs/importing.md).
  // Set before any of the import's code is optimised; the service is not affected.
  setFlagsFromString('--no-turbo-inlining');
  void runImportCli(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progressStream: process.stderr,
  }).then((code) => process.exit(code));
}
