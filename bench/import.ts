/**
 * `npm run bench:import`: how fast `npm run import:obo` loads real ontologies, and how its memory grows with the file.
 *
 * 1. Speed: the full Disease Ontology release and the UBERON subset from ../shared/data/ontologies, imported by the
 *    real command line (`import:obo -- doid.obo uberon.obo`) into an empty database, `--runs` times; terms per
 *    second end to end (the command's wall clock: Node start, connection, checks and writes) and inside the importer
 *    (from the first file's scan to the last write). Neo4j's JVM compiles its write paths during the first imports
 *    after it starts, which makes them slower (on this machine its JIT compiler spent 5 s of CPU on the first import,
 *    1.8–2.5 s on the 3rd to 7th, under 0.2 s after a few dozen): `--warmup` imports (20 by default) come first and
 *    are reported apart: the first, as the import into a freshly started Neo4j, and the median of the 3rd to 7th, as
 *    the import into a Neo4j that has run two (what this benchmark measured when it took 2 warm-ups). After each timed
 *    import, the reference measured in the same run: a Node process that reads and parses both files whole, timed the
 *    same way (start to exit). It has no Neo4j and writes nothing; its only use is as a yardstick of the machine's speed
 *    at that moment, which varies by tens of percent on a shared machine: the import's time over the reference's is
 *    reported run by run and as a median, so that runs made at different times can be compared.
 * 2. Memory: peak RSS and peak V8 heap of the importer on files of growing size (the DO cancer slim, UBERON, DO, and
 *    DO four times over with renumbered ids), each in a process of its own, beside the reference measured in the same
 *    run: the same file read and parsed whole (what a non-streaming importer would hold).
 *
 * Prints tables and writes them as JSON to bench/results/. Starts its own Neo4j (or uses BENCH_NEO4J_URI, whose data
 * it REPLACES).
 *
 * 3. Latency: search, ancestors and descendants through the HTTP API once the seed, DO and UBERON are in the graph,
 *    against the traversal issue's aims (bench/import-latency.ts).
 *
 *   npm run bench:import [-- --runs 9 --warmup 20 --requests 200 --latency-warmup 300]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../src/paths';
import { benchNeo4j, emptyDatabase } from './harness';
import { COLD_REQUESTS, latencyAfterImport } from './import-latency';

const run = promisify(execFile);
const ONTOLOGIES = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ontologies');
const DO = path.join(ONTOLOGIES, 'doid-2016-09-01.obo');
const UBERON = path.join(ONTOLOGIES, 'uberon-musculoskeletal.obo');
const SLIM = path.join(ONTOLOGIES, 'doid-cancer-slim.obo');
const CHILD = path.join(__dirname, 'import-child.js');
const CLI = path.join(__dirname, '..', 'src', 'obo', 'import.cli.js');
const AIM_TERMS_PER_SECOND = 5000;

const say = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** DO `copies` times over, each copy's DOID numbers renumbered: a bigger file of the same shape. */
async function multiplied(file: string, copies: number, dir: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const at = text.indexOf('[Term]');
  const header = text.slice(0, at);
  const body = text.slice(at);
  const parts = [header];
  for (let k = 1; k <= copies; k++) {
    parts.push(body.replace(/DOID:(\d+)/g, (_m, n: string) => `DOID:${k}${n.padStart(7, '0')}`));
    if (!parts.at(-1)!.endsWith('\n')) parts.push('\n');
  }
  const out = path.join(dir, `doid-x${copies}.obo`);
  await writeFile(out, parts.join('\n'));
  return out;
}

interface ChildResult {
  mode: string;
  millis: number;
  terms: number;
  maxRssMb: number;
  heapPeakMb: number;
}

async function child(args: string[]): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--expose-gc', CHILD, ...args], {
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '9' },
      warmup: { type: 'string', default: '20' },
      requests: { type: 'string', default: '200' },
      'latency-warmup': { type: 'string', default: '300' },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20)
    throw new Error('--runs must be a whole number from 1 to 20');
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 50)
    throw new Error('--warmup must be a whole number from 0 to 50');
  const requests = Number(values.requests);
  if (!Number.isInteger(requests) || requests < 10 || requests > 5000)
    throw new Error('--requests must be a whole number from 10 to 5000');
  const latencyWarmup = Number(values['latency-warmup']);
  if (!Number.isInteger(latencyWarmup) || latencyWarmup < 0 || latencyWarmup > 5000)
    throw new Error('--latency-warmup must be a whole number from 0 to 5000');
  for (const file of [DO, UBERON, SLIM]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: the benchmark reads ../shared/data/ontologies`);
  }
  const neo4j = await benchNeo4j();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-import-'));
  try {
    const env = {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: 'neo4j',
    };

    // 1. Speed, end to end through the command line.
    const speed: Array<{
      run: number;
      wallMs: number;
      importerMs: number;
      terms: number;
      referenceMs?: number;
    }> = [];
    const warm: typeof speed = [];
    for (let i = 1 - warmup; i <= runs; i++) {
      await emptyDatabase(neo4j.db);
      const started = performance.now();
      const { stdout } = await run(process.execPath, [CLI, DO, UBERON, '--json', '--no-progress'], {
        env,
        maxBuffer: 64 * 2 ** 20,
      });
      const wallMs = performance.now() - started;
      const reports = JSON.parse(stdout) as Array<{ terms: number; span: { start: number; end: number } }>;
      const terms = reports.reduce((n, r) => n + r.terms, 0);
      const importerMs =
        Math.max(...reports.map((r) => r.span.end)) - Math.min(...reports.map((r) => r.span.start));
      let referenceMs: number | undefined;
      if (i >= 1) {
        const referenceStarted = performance.now();
        await run(process.execPath, [CHILD, 'parse', DO, UBERON], { maxBuffer: 2 ** 20 });
        referenceMs = performance.now() - referenceStarted;
      }
      (i < 1 ? warm : speed).push({ run: i, wallMs, importerMs, terms, referenceMs });
      say(
        `${i < 1 ? 'warm-up' : 'run'} ${i < 1 ? i + warmup : i}: ${terms} terms in ${(wallMs / 1000).toFixed(2)} s (importer ${(importerMs / 1000).toFixed(2)} s)` +
          (referenceMs === undefined ? '' : `; reference ${(referenceMs / 1000).toFixed(2)} s`),
      );
    }
    const [counts] = await neo4j.db.read<{ concepts: number; relationships: number }>(
      'MATCH (c:Concept) WITH count(c) AS concepts MATCH (:Concept)-[r]->(:Concept) RETURN concepts, count(r) AS relationships',
    );
    const terms = speed[0]!.terms;
    const wall = median(speed.map((s) => s.wallMs));
    // What this benchmark measured with 2 warm-ups (before it took 20): the 3rd to 7th imports after Neo4j's start.
    const afterTwo = warm.length >= 7 ? median(warm.slice(2, 7).map((s) => s.wallMs)) : null;
    const importer = median(speed.map((s) => s.importerMs));
    const reference = median(speed.map((s) => s.referenceMs!));
    const ratios = speed.map((s) => s.wallMs / s.referenceMs!);

    // 2. Memory against file size, each import into an empty database, with the whole-file reference.
    const files = [SLIM, UBERON, DO, await multiplied(DO, 4, tmp)];
    const memory: Array<{
      file: string;
      mb: number;
      terms: number;
      importRssMb: number;
      importHeapMb: number;
      wholeRssMb: number;
      wholeHeapMb: number;
      termsPerSecond: number;
    }> = [];
    for (const file of files) {
      await emptyDatabase(neo4j.db);
      const imported = await child(['import', file, neo4j.uri, neo4j.password]);
      const whole = await child(['whole', file]);
      memory.push({
        file: path.basename(file),
        mb: (await stat(file)).size / 2 ** 20,
        terms: imported.terms,
        importRssMb: imported.maxRssMb,
        importHeapMb: imported.heapPeakMb,
        wholeRssMb: whole.maxRssMb,
        wholeHeapMb: whole.heapPeakMb,
        termsPerSecond: imported.terms / (imported.millis / 1000),
      });
      say(`memory: ${path.basename(file)} done`);
    }

    // 3. Latency of search and hierarchies once the seed, DO and UBERON are in the graph.
    const latency = await latencyAfterImport(neo4j, [DO, UBERON], { requests, warmup: latencyWarmup }, say);

    const f = (n: number, d = 1) => n.toFixed(d);
    const lines = [
      '',
      `Import of DO (${path.basename(DO)}) and UBERON (${path.basename(UBERON)}) into an empty database, ${runs} runs after ${warmup} warm-up imports`,
      `  terms                 ${terms} → ${counts?.concepts} concepts, ${counts?.relationships} relationships`,
      `  end to end (CLI)      median ${f(wall / 1000, 2)} s = ${Math.round(terms / (wall / 1000))} terms/s  (aim > ${AIM_TERMS_PER_SECOND}; ratio ${f(terms / (wall / 1000) / AIM_TERMS_PER_SECOND, 2)})`,
      `  inside the importer   median ${f(importer / 1000, 2)} s = ${Math.round(terms / (importer / 1000))} terms/s  (ratio to the aim ${f(terms / (importer / 1000) / AIM_TERMS_PER_SECOND, 2)})`,
      `  runs (wall s)         ${speed.map((s) => f(s.wallMs / 1000, 2)).join(', ')}`,
      `  reference             median ${f(reference / 1000, 2)} s: a Node process reading and parsing both files whole, after each run (${speed.map((s) => f(s.referenceMs! / 1000, 2)).join(', ')})`,
      `  import / reference    median ${f(median(ratios), 2)} (${ratios.map((r) => f(r, 2)).join(', ')}): the import's time in units of the machine's speed at that moment`,
      ...(warm.length > 0
        ? [
            `  warm-up (wall s)      ${warm.map((s) => f(s.wallMs / 1000, 2)).join(', ')}`,
            `  into a freshly started Neo4j (the first warm-up): ${f(warm[0]!.wallMs / 1000, 2)} s = ${Math.round(terms / (warm[0]!.wallMs / 1000))} terms/s`,
          ]
        : []),
      ...(afterTwo === null
        ? []
        : [
            `  after 2 imports (median of warm-ups 3 to 7): ${f(afterTwo / 1000, 2)} s = ${Math.round(terms / (afterTwo / 1000))} terms/s`,
          ]),
      '',
      'Peak memory of one import (own process; heap = live V8 heap) against file size; reference: the same file read and parsed whole',
      '  file                         MB   terms  import RSS  import heap  whole RSS  whole heap  import terms/s',
      ...memory.map(
        (m) =>
          `  ${m.file.padEnd(26)} ${f(m.mb).padStart(5)} ${String(m.terms).padStart(7)} ${f(m.importRssMb).padStart(9)} MB ${f(m.importHeapMb).padStart(9)} MB ${f(m.wholeRssMb).padStart(7)} MB ${f(m.wholeHeapMb).padStart(8)} MB ${String(Math.round(m.termsPerSecond)).padStart(14)}`,
      ),
    ];
    const first = memory[0]!;
    const last = memory.at(-1)!;
    lines.push(
      `  from the smallest to the largest file: size ×${f(last.mb / first.mb)}, import heap ×${f(last.importHeapMb / first.importHeapMb, 2)}, ` +
        `import RSS ×${f(last.importRssMb / first.importRssMb, 2)}; whole-file heap ×${f(last.wholeHeapMb / first.wholeHeapMb, 2)}`,
    );
    lines.push(
      '',
      `Latency after the import (seed + DO + UBERON: ${latency.concepts} concepts, ${latency.relationships} relationships), ` +
        `through HTTP, one request at a time, response cache off: the first ${COLD_REQUESTS} of each kind ("cold", ` +
        `reported apart), then ${latencyWarmup} more of each kind, then ${requests} of each kind measured`,
      '  request                              p50 ms   p95 ms   p99 ms  Neo4j p50  aim p95  met  errors  cold p50  cold p95',
      ...latency.rows.map(
        (r) =>
          `  ${`${r.name}${r.size === undefined ? '' : ` (${r.size} entries)`}`.padEnd(36)} ${f(r.p50, 2).padStart(7)} ${f(r.p95, 2).padStart(8)} ${f(r.p99, 2).padStart(8)} ${(r.dbP50 === null ? '-' : f(r.dbP50, 2)).padStart(10)} ${(r.aimP95 === null ? '-' : String(r.aimP95)).padStart(8)} ${(r.met === null ? '-' : r.met ? 'yes' : 'NO').padStart(4)} ${String(r.errors).padStart(7)} ${(r.cold ? f(r.cold.p50, 2) : '-').padStart(9)} ${(r.cold ? f(r.cold.p95, 2) : '-').padStart(9)}`,
      ),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    const results = path.join(PROJECT_ROOT, 'bench', 'results');
    await mkdir(results, { recursive: true });
    const out = path.join(results, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(
      out,
      JSON.stringify(
        {
          runs: speed,
          warmup: warm,
          terms,
          counts,
          wallMs: wall,
          importerMs: importer,
          referenceMs: reference,
          importOverReference: median(ratios),
          afterTwoMs: afterTwo,
          memory,
          latency,
        },
        null,
        2,
      ),
    );
    say(`\nWritten to ${path.relative(PROJECT_ROOT, out)}`);
    const errorsOf = (r: (typeof latency.rows)[number]) => r.errors + (r.cold?.errors ?? 0);
    const failed = latency.rows.filter((r) => errorsOf(r) > 0);
    if (failed.length > 0) {
      say(`Errors in the latency part: ${failed.map((r) => `${r.name} ${errorsOf(r)}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await neo4j.close();
  }
}

main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
