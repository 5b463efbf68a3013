/**
 * Plumbing shared by the three proof suites (hostile, faults, load): the suite runner (a hard time bound, cleanup of
 * every child on exit, error and Ctrl-C), latency histograms, the graph's fingerprint, and the results files.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import type { Database } from '../../src/neo4j/database';
import { PROJECT_ROOT } from '../../src/paths';

export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `--quick`: shorter phases and a smaller graph, for development runs; a full run is what the README reports. */
export function suiteArgs(): { quick: boolean } {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  return { quick: values.quick ?? false };
}

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
/** Synchronous last resorts, run by process.on('exit') when the async cleanups could not run (a hard exit). */
const lastResorts = new Set<() => void>();

/** Runs at the end of the suite, whatever the outcome, most recent first. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Runs synchronously when the process exits, even through process.exit(): kill a child that is still there. */
export function onExit(kill: () => void): () => void {
  lastResorts.add(kill);
  return () => lastResorts.delete(kill);
}

let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        say(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

/**
 * Runs a suite under a hard time bound: past `boundMs`, or on SIGINT/SIGTERM, it stops its children and exits
 * non-zero. `main` returns true when the suite's criterion holds; the process exits 0 only then.
 */
export function runSuite(name: string, boundMs: number, main: () => Promise<boolean>): void {
  process.on('exit', () => {
    for (const kill of lastResorts) kill();
  });
  const abort = (reason: string, code: number) => {
    say(`\n${name}: ${reason}; stopping the service and Neo4j`);
    // A cleanup that hangs must not hold the exit hostage.
    setTimeout(() => process.exit(code), 90_000).unref();
    void cleanUp().finally(() => process.exit(code));
  };
  // Not unref'd: a suite stuck on a promise that nothing will settle must still end, at the bound, with an error.
  const bound = setTimeout(() => abort(`over its time bound of ${boundMs / 1000} s`, 3), boundMs);
  process.once('SIGINT', () => abort('interrupted (SIGINT)', 130));
  process.once('SIGTERM', () => abort('terminated (SIGTERM)', 143));
  const started = performance.now();
  main()
    .then(
      (passed) => {
        say(`${name}: ${passed ? 'PASS' : 'FAIL'} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
        return passed ? 0 : 1;
      },
      (error: unknown) => {
        console.error(error);
        return 2;
      },
    )
    .then(async (code) => {
      await cleanUp();
      clearTimeout(bound);
      process.exit(code);
    });
}

/** Latencies in milliseconds, kept in microseconds (HDR histogram, 3 significant digits). */
export class Latencies {
  private readonly histogram = hdr.build({ numberOfSignificantValueDigits: 3 });

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The latency at percentile `p` (0 to 100), in ms; 0 when nothing was recorded. */
  at(p: number): number {
    return this.count === 0 ? 0 : round(this.histogram.getValueAtPercentile(p) / 1000);
  }

  get max(): number {
    return this.count === 0 ? 0 : round(this.histogram.maxValue / 1000);
  }

  summary(): { count: number; p50: number; p95: number; p99: number; max: number } {
    return { count: this.count, p50: this.at(50), p95: this.at(95), p99: this.at(99), max: this.max };
  }
}

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** What the suites compare before and after: the same graph, to the property, or something wrote. */
export interface GraphFingerprint {
  nodes: number;
  relationships: number;
  /** Every label and relationship type with its count, such as "Concept=10080,...;CAUSES=21000,...". */
  tokens: string;
  /** Properties of every node and relationship, counted. */
  properties: number;
}

export async function graphFingerprint(db: Database): Promise<GraphFingerprint> {
  const [nodes] = await db.read<{ nodes: number; properties: number }>(
    'MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS properties',
  );
  const [rels] = await db.read<{ relationships: number; properties: number }>(
    'MATCH ()-[r]->() RETURN count(r) AS relationships, sum(size(keys(r))) AS properties',
  );
  const labels = await db.read<{ token: string; n: number }>(
    'MATCH (n) UNWIND labels(n) AS token RETURN token, count(*) AS n ORDER BY token',
  );
  const types = await db.read<{ token: string; n: number }>(
    'MATCH ()-[r]->() RETURN type(r) AS token, count(*) AS n ORDER BY token',
  );
  const list = (rows: Array<{ token: string; n: number }>) => rows.map((r) => `${r.token}=${r.n}`).join(',');
  return {
    nodes: nodes?.nodes ?? 0,
    relationships: rels?.relationships ?? 0,
    tokens: `${list(labels)};${list(types)}`,
    properties: (nodes?.properties ?? 0) + (rels?.properties ?? 0),
  };
}

export const sameGraph = (a: GraphFingerprint, b: GraphFingerprint): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** bench/results/proof-<suite>-<timestamp>.{json,md}; returns the two paths, relative to the project. */
export async function writeResults(
  suite: string,
  json: unknown,
  markdown: string,
): Promise<{ json: string; markdown: string }> {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const stem = path.join(dir, `proof-${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(`${stem}.md`, markdown);
  return {
    json: path.relative(PROJECT_ROOT, `${stem}.json`),
    markdown: path.relative(PROJECT_ROOT, `${stem}.md`),
  };
}

/** A GitHub markdown table. */
export function markdownTable(header: string[], rows: Array<Array<string | number | boolean>>): string {
  const line = (cells: Array<string | number | boolean>) =>
    `| ${cells.map((c) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/** The table of a suite's criteria and their verdicts. */
export function criteriaTable(criteria: Readonly<Record<string, boolean>>): string {
  return markdownTable(
    ['criterion', 'verdict'],
    Object.entries(criteria).map(([c, ok]) => [c, verdict(ok)]),
  );
}

/** CPU time counters (Linux, in clock ticks): the whole machine's, and this process tree's. */
export interface CpuSnapshot {
  total: number;
  busy: number;
  /** This process and every process below it (the service, Neo4j's JVM, workers), those that exited included. */
  mine: number;
}

/** Reads /proc/stat and the /proc/<pid>/stat of this process tree. */
export async function cpuSnapshot(): Promise<CpuSnapshot> {
  const stat = await readFile('/proc/stat', 'utf8');
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const total = fields.slice(0, 8).reduce((s, v) => s + v, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const processes = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17): comm may hold spaces, so split after its
    // closing parenthesis. cutime and cstime hold the time of children that exited (a Neo4j stopped and started
    // again), so that the tree's total only grows.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (rest.length < 15) continue;
    const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
    processes.set(Number(entry), { ppid: Number(rest[1]), ticks });
  }
  const tree = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of processes) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let mine = 0;
  for (const pid of tree) mine += processes.get(pid)?.ticks ?? 0;
  return { total, busy: total - idle, mine };
}

/** The machine's CPU between two snapshots, in % of all its cores: busy, by this suite, by other processes. */
export function cpuBetween(
  a: CpuSnapshot,
  b: CpuSnapshot,
): { busyPct: number; suitePct: number; othersPct: number } {
  const total = b.total - a.total;
  if (total <= 0) return { busyPct: 0, suitePct: 0, othersPct: 0 };
  const busyPct = ((b.busy - a.busy) / total) * 100;
  const suitePct = Math.min(busyPct, ((b.mine - a.mine) / total) * 100);
  return {
    busyPct: round(busyPct),
    suitePct: round(suitePct),
    othersPct: round(Math.max(0, busyPct - suitePct)),
  };
}
