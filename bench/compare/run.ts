/**
 * `npm run bench`: this service against @neo4j/graphql (the peer) and hand-written Cypher (the floor), in one run,
 * on one machine, against the same Neo4j and the same data (the seed plus a generated graph of 10,000 concepts and
 * 50,000 relationships). Each system runs in its own Node process; autocannon drives them in turn from this one.
 *
 * 1. An embedded Neo4j of its own (or BENCH_NEO4J_URI, whose data is replaced), the seed and the generated graph.
 * 2. The three systems, and the inputs of every operation (workload.ts).
 * 3. The identity check (compare.ts): every input, every system, the same data, no errors; nothing is timed
 *    otherwise.
 * 4. Round trips per request, one request at a time (round-trips.ts).
 * 5. Load (load.ts): for each operation, `rounds` rounds over the three systems (the order rotating), each one
 *    autocannon run of warm-up then measured time; medians over the rounds.
 * 6. The table, the ratios, bench/results/compare-<timestamp>.json and .md.
 *
 *   npm run bench [-- --quick] [-- --profile] [-- --concepts 10000 --connections 4 --duration 8 --warmup 2 --rounds 3]
 *
 * --quick: a 2,000-concept graph, short lists, one round of 1 s warm-up + 2 s: 36 s of load in all.
 * --profile: afterwards, a CPU profile of our service alone under the page load (node --cpu-prof), summarised;
 *   --profile-op lookup|search|twoHop profiles another operation.
 * Exits non-zero when the identity check fails, when any system answers an error, or past --timeout-minutes.
 */
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../src/paths';
import { benchNeo4j, loadBenchData } from '../harness';
import { checkIdentity, describeIdentity } from './compare';
import { runLoad } from './load';
import type { LoadOptions, LoadResult } from './load';
import { OPERATION_NAMES, prepareOperations } from './operations';
import type { OperationName, PreparedOperation } from './operations';
import { spawnSystem } from './processes';
import type { ChildSystem } from './processes';
import { summariseProfile } from './profile';
import { consoleRatios, consoleRows, EQUIVALENCE_NOTES, markdown, ratios, toRow } from './report';
import type { Results, Row } from './report';
import { measureRoundTrips } from './round-trips';
import { SYSTEM_TITLES, SYSTEMS } from './system';
import type { SystemName } from './system';
import { planWorkload, resolveWorkload } from './workload';
import type { WorkloadSizes } from './workload';

const say = (line: string) => process.stderr.write(`${line}\n`);

type Connection = Parameters<typeof spawnSystem>[1];

const runStarted = performance.now();
/** A progress line with the seconds since the start. */
const step = (line: string) => say(`[${((performance.now() - runStarted) / 1000).toFixed(1)} s] ${line}`);

interface Settings {
  quick: boolean;
  /** The operation to profile our service under, when asked (--profile [--profile-op lookup]). */
  profile: OperationName | null;
  concepts: number;
  sizes: WorkloadSizes;
  load: LoadOptions;
  rounds: number;
  timeoutMinutes: number;
}

const FULL = {
  concepts: 10_000,
  sizes: { lookup: 200, page: 50, search: 200, twoHop: 200 },
  duration: 8,
  warmup: 2,
  rounds: 3,
  timeout: 40,
};
const QUICK = {
  concepts: 2_000,
  sizes: { lookup: 12, page: 3, search: 12, twoHop: 12 },
  duration: 2,
  warmup: 1,
  rounds: 1,
  timeout: 8,
};
/** Concurrent connections: twice the cores of the machines this runs on, enough to keep a system busy. */
const CONNECTIONS = 4;
/** Requests per operation and system for the round-trip probe. */
const ROUND_TRIP_SAMPLE = 2;
/** The shortest load the profile is taken under. */
const PROFILE_SECONDS = 10;

function settings(): Settings {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-op': { type: 'string', default: 'page' },
      concepts: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'timeout-minutes': { type: 'string' },
    },
  });
  const base = values.quick ? QUICK : FULL;
  const number = (value: string | undefined, fallback: number, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${value}`);
    return n;
  };
  const profileOp = values['profile-op'] as OperationName;
  if (!OPERATION_NAMES.includes(profileOp)) {
    throw new Error(`--profile-op must be one of ${OPERATION_NAMES.join(', ')}, got ${profileOp}`);
  }
  return {
    quick: values.quick ?? false,
    profile: values.profile ? profileOp : null,
    concepts: number(values.concepts, base.concepts, 'concepts'),
    sizes: base.sizes,
    load: {
      connections: number(values.connections, CONNECTIONS, 'connections'),
      durationSeconds: number(values.duration, base.duration, 'duration'),
      warmupSeconds: number(values.warmup, base.warmup, 'warmup'),
    },
    rounds: Math.max(1, number(values.rounds, base.rounds, 'rounds')),
    timeoutMinutes: number(values['timeout-minutes'], base.timeout, 'timeout-minutes'),
  };
}

/** What must be stopped on the way out, last started first. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    await cleanups.pop()!().catch((error: unknown) =>
      say(`Clean-up: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/** The longest the way out may take (a child is SIGKILLed after 15 s, Neo4j after 60 s). */
const EXIT_TIMEOUT_MS = 90_000;
let exiting = false;

/** Stops everything started, then exits with `code`; the first call wins (an interrupt, the watchdog, the end). */
function exitAfterCleanUp(code: number): void {
  if (exiting) return;
  exiting = true;
  setTimeout(() => process.exit(code), EXIT_TIMEOUT_MS).unref();
  void cleanUp().finally(() => process.exit(code));
}

/** Starts one system in its own process and registers its stop. */
async function startSystem(system: SystemName, connection: Connection): Promise<ChildSystem> {
  const child = await spawnSystem(system, connection);
  cleanups.push(() => child.stop());
  step(`  ${SYSTEM_TITLES[system]} ready at ${child.url} (pid ${child.pid})`);
  return child;
}

/** The systems in the order of round `round`: each goes first once in three rounds. */
function rotation(round: number): SystemName[] {
  return SYSTEMS.map((_, i) => SYSTEMS[(i + round) % SYSTEMS.length]!);
}

async function profileOurs(
  connection: Connection,
  op: PreparedOperation,
  load: LoadOptions,
  stamp: string,
): Promise<NonNullable<Results['profile']>> {
  const dir = path.join(os.tmpdir(), `bench-compare-profile-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  // With its cache off: the profile is of answers computed, not of answers sent from memory.
  const child = await spawnSystem('uncached', connection, {
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  cleanups.push(() => child.stop());
  // Long enough for the start-up in the profile to be a small part of it.
  await runLoad(
    child.url,
    op.items.map((i) => i.calls.ours),
    { ...load, durationSeconds: Math.max(PROFILE_SECONDS, load.durationSeconds) },
  );
  await child.stop();
  const [name] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (!name) throw new Error('The profiled service wrote no .cpuprofile');
  const file = path.join(PROJECT_ROOT, 'bench', 'results', `compare-${stamp}-ours-${op.name}.cpuprofile`);
  await copyFile(path.join(dir, name), file);
  await rm(dir, { recursive: true, force: true });
  return {
    operation: op.name,
    summary: await summariseProfile(file),
    file: path.relative(PROJECT_ROOT, file),
  };
}

async function main(): Promise<number> {
  const s = settings();
  const watchdog = setTimeout(() => {
    say(`The benchmark ran past ${s.timeoutMinutes} minutes: stopping.`);
    exitAfterCleanUp(2);
  }, s.timeoutMinutes * 60_000);
  watchdog.unref();
  if (s.quick)
    say(`--quick: a smaller generated graph (${s.concepts} concepts), short input lists, one short round.`);

  // 1. Neo4j and the data; the peer and the floor start meanwhile (they touch no data until asked).
  step('Neo4j...');
  const neo4j = await benchNeo4j();
  cleanups.push(() => neo4j.close());
  const connection: Connection = {
    uri: neo4j.uri,
    username: neo4j.username,
    password: neo4j.password,
    database: 'neo4j',
  };
  step('Loading the seed and the generated graph; starting @neo4j/graphql and raw Cypher...');
  const others = Promise.all([startSystem('peer', connection), startSystem('raw', connection)]);
  others.catch(() => undefined); // awaited below; not an unhandled rejection if loading fails first
  const graph = await loadBenchData(neo4j.db, s.concepts);

  // 2. Ours (it applies the schema at start-up, so after the data), and the inputs.
  step('Starting our service, drawing the inputs...');
  const [plan, ours, uncached] = await Promise.all([
    planWorkload(neo4j.db, s.sizes),
    startSystem('ours', connection),
    startSystem('uncached', connection),
  ]);
  const [peer, raw] = await others;
  const systems: Record<SystemName, ChildSystem> = { ours, uncached, peer, raw };
  const urls = Object.fromEntries(SYSTEMS.map((system) => [system, systems[system].url])) as Record<
    SystemName,
    string
  >;
  step('Walking our pages for the page cursors...');
  const operations = prepareOperations(await resolveWorkload(plan, urls.uncached));

  // 3. The identity check.
  step('Identity check: every input of every operation, from the four systems...');
  const identity = await checkIdentity(urls, operations);
  say(describeIdentity(identity));
  if (!identity.ok) {
    say('The systems do not return the same data: nothing timed.');
    return 1;
  }

  // 4. Round trips.
  step('Round trips, one request at a time...');
  const roundTrips = new Map<string, number>();
  for (const op of operations) {
    // Each system counts its own queries: the three can be probed at once.
    await Promise.all(
      SYSTEMS.map(async (system) => {
        const sample = op.items.slice(0, ROUND_TRIP_SAMPLE);
        roundTrips.set(`${op.name}/${system}`, await measureRoundTrips(system, urls[system], sample));
      }),
    );
  }

  // 5. Load, in alternation.
  step('Load...');
  const results = new Map<string, LoadResult[]>();
  for (const op of operations) {
    for (let round = 0; round < s.rounds; round++) {
      for (const system of rotation(round)) {
        const result = await runLoad(
          urls[system],
          op.items.map((i) => i.calls[system]),
          s.load,
        );
        say(
          `  ${op.name} round ${round + 1}/${s.rounds} ${SYSTEM_TITLES[system]}: p50 ${result.p50} ms, ` +
            `p95 ${result.p95} ms, ${result.throughput} req/s` +
            (result.errors ? `, ${result.errors} ERRORS, first: ${result.firstError ?? '?'}` : ''),
        );
        const key = `${op.name}/${system}`;
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
  }
  const rows: Row[] = OPERATION_NAMES.flatMap((operation: OperationName) =>
    SYSTEMS.map((system) =>
      toRow(
        operation,
        system,
        results.get(`${operation}/${system}`) ?? [],
        roundTrips.get(`${operation}/${system}`) ?? 0,
      ),
    ),
  );

  // Every system stops before the profile, which runs ours alone.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await mkdir(path.join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  for (const system of SYSTEMS) await systems[system].stop();
  let profile: Results['profile'];
  if (s.profile) {
    const op = s.profile;
    say(`Profiling our service alone under the ${op} load...`);
    profile = await profileOurs(
      connection,
      operations.find((o) => o.name === op)!,
      s.load,
      stamp,
    );
  }

  // 6. The report.
  const report: Results = {
    at: new Date().toISOString(),
    quick: s.quick,
    wallSeconds: Math.round((performance.now() - runStarted) / 100) / 10,
    graph: { generatedConcepts: graph.concepts, generatedRelationships: graph.relationships, seed: true },
    settings: { ...s.load, rounds: s.rounds },
    inputs: Object.fromEntries(operations.map((o) => [o.name, o.items.length])) as Results['inputs'],
    identity: { ok: identity.ok, coverage: identity.coverage },
    rows,
    ratios: ratios(rows),
    profile,
    notes: [
      ...(s.quick
        ? [`--quick: a generated graph of ${graph.concepts} concepts instead of 10,000, one short round.`]
        : []),
      ...EQUIVALENCE_NOTES,
    ],
  };
  console.log(
    `\nseed + ${graph.concepts} generated concepts / ${graph.relationships} relationships; ` +
      `${s.load.connections} connections, ${s.load.warmupSeconds} s warm-up + ${s.load.durationSeconds} s, ` +
      `${s.rounds} round(s), medians${s.quick ? ' (--quick: smaller graph)' : ''}\n`,
  );
  console.table(consoleRows(report));
  console.table(consoleRatios(report));
  const base = path.join(PROJECT_ROOT, 'bench', 'results', `compare-${stamp}`);
  const md = markdown(report);
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${base}.md`, md);
  console.log(`\n${md}`);
  console.log(`Wrote ${path.relative(PROJECT_ROOT, base)}.json and .md`);
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) {
    say(`${errors} requests failed under load.`);
    return 1;
  }
  return 0;
}

process.once('SIGINT', () => {
  say('Interrupted: stopping the systems and Neo4j...');
  exitAfterCleanUp(130);
});
process.once('SIGTERM', () => exitAfterCleanUp(143));

main().then(
  (code) => exitAfterCleanUp(code),
  (error: unknown) => {
    console.error(error);
    exitAfterCleanUp(1);
  },
);
