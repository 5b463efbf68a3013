/**
 * `npm run proof:faults`: Neo4j stops under steady load and starts again; the service fails fast while it is down,
 * serves again within 5 s of its return without a restart, and never gives a wrong or partial answer.
 *
 * Starts its own Neo4j (embedded, a fixed free port and data directory for the whole run, so that it can be stopped
 * and started again), loads the seed and a generated graph of 10,000 concepts, starts the service as a child process
 * (NODE_ENV=production, 127.0.0.1), and records the answer to a fixed set of deterministic queries (traffic.ts's mix,
 * drawn once) in a warm-up. Then 8 clients send those queries in closed loops while, 3 times over:
 *
 *   steady load 10 s → Neo4j stopped (SIGTERM, waited for) → 15 s down → Neo4j started again (waited for until
 *   ready) → load until every answer is correct again, and 10 s more.
 *
 * Every answer is classified: correct (200, the very body of the warm-up), unavailable (503, DATABASE_UNAVAILABLE,
 * no data), wrong (a 200 that is not the warm-up's body: errors, or other data; a 503 with data), other (any other
 * status or code), or no answer (connection failure, or no answer within 20 s).
 *
 * Criteria, every round: no wrong answer, no other answer and no missing answer at any time; every answer during
 * steady load correct; while Neo4j is stopped or starting, every answer unavailable (or correct, before the outage
 * was noticed), the p99 of the unavailable answers under 1 s, and no request longer than the service's deadline
 * (10 s, and 0.5 s to send the answer); from Neo4j reporting started, the first correct answer and 100% correct answers within 5 s; the same
 * service process throughout, GET /health 200 at the end.
 *
 *   npm run proof:faults [-- --quick]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDriver, Database } from '../../src/neo4j/database';
import { ensureEmbeddedBuilt, findFreePort, startEmbeddedNeo4j } from '../../src/neo4j/embedded';
import type { EmbeddedNeo4j } from '../../src/neo4j/embedded';
import { loadBenchData } from '../harness';
import {
  cpuBetween,
  cpuSnapshot,
  Latencies,
  markdownTable,
  onCleanup,
  round,
  runSuite,
  say,
  sleep,
  suiteArgs,
  criteriaTable,
  verdict,
  writeResults,
} from './common';
import { startServiceProcess } from './service-process';
import { trafficMix } from './traffic';
import type { Op } from './traffic';

const CLIENTS = 8;
/** The service's deadline (REQUEST_TIMEOUT_MS default): no request may take longer. */
const DEADLINE_MS = 10_000;
/** The answer to a request stopped at its deadline takes a moment to be sent: no request may take longer than this. */
const DEADLINE_SLACK_MS = 500;
/** "Fail fast": the p99 of the unavailable answers while Neo4j is down. */
const FAIL_FAST_P99_MS = 1_000;
/** From Neo4j reporting started to the first correct answer, and to every answer correct. */
const RECOVERY_MS = 5_000;
/** A client gives up on a request after this long (a request that long already broke the deadline). */
const CLIENT_TIMEOUT_MS = 20_000;
/** How many distinct deterministic requests the clients cycle through. */
const FIXED_REQUESTS = 24;

type Verdict = 'correct' | 'unavailable' | 'wrong' | 'other' | 'no answer';

interface Sample {
  /** ms since the suite's clock started. */
  start: number;
  end: number;
  op: Op;
  status: number;
  code: string | undefined;
  verdict: Verdict;
  detail?: string;
}

interface Expected {
  op: Op;
  body: string;
  /** The JSON request. */
  request: string;
}

/**
 * The largest of `values`, or `floor` when larger or when there are none. Not Math.max(...values): an outage
 * answered in a few ms gives over 100,000 samples, past the arguments a call can take.
 */
function maxOf(values: readonly number[], floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

async function main(): Promise<boolean> {
  const { quick } = suiteArgs();
  const rounds = quick ? 1 : 3;
  const steadyMs = quick ? 5_000 : 10_000;
  const downMs = quick ? 8_000 : 15_000;
  const afterMs = quick ? 5_000 : 10_000;
  const concepts = quick ? 1_000 : 10_000;

  // Neo4j on a port and data directory of its own, kept across its restarts.
  await ensureEmbeddedBuilt(say);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'myoclonus-proof-faults-'));
  const boltPort = await findFreePort();
  const password = 'proof-password';
  const neo4jOptions = { dataDir, boltPort, password, log: say };
  let neo4j: EmbeddedNeo4j = await startEmbeddedNeo4j(neo4jOptions);
  onCleanup(async () => {
    await neo4j.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const db = new Database(
    createDriver({ uri: neo4j.uri, username: 'neo4j', password, database: 'neo4j' }),
    'neo4j',
  );
  let expected: Expected[];
  try {
    const graph = await loadBenchData(db, concepts);
    const mix = await trafficMix(db, graph, 11);
    expected = Array.from({ length: FIXED_REQUESTS }, () => {
      const { op, query, variables } = mix.next();
      return { op, body: '', request: JSON.stringify({ query, variables }) };
    });
  } finally {
    await db.close();
  }
  const service = await startServiceProcess({ neo4jUri: neo4j.uri, neo4jPassword: password });
  say(`Service pid ${service.pid} at ${service.url}`);

  // The expected answers: each request twice, the same body both times, data and no errors.
  for (const e of expected) {
    const first = await post(service.url, e.request);
    const second = await post(service.url, e.request);
    if (first.status !== 200 || first.text !== second.text || !first.text.startsWith('{"data":{')) {
      throw new Error(
        `Warm-up: ${e.op} is not a deterministic 200: ${first.status} ${first.text.slice(0, 300)}`,
      );
    }
    if (first.text.includes('"errors":'))
      throw new Error(`Warm-up: ${e.op} has errors: ${first.text.slice(0, 300)}`);
    e.body = first.text;
  }
  say(`Recorded the answers of ${expected.length} deterministic requests`);

  // Closed-loop clients, until told to stop.
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const samples: Sample[] = [];
  let running = true;
  const client = async (offset: number) => {
    for (let i = offset; running; i++) {
      const e = expected[i % expected.length]!;
      const start = now();
      const answer = await post(service.url, e.request).catch((error: unknown) => ({
        status: 0,
        text: '',
        failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }));
      samples.push({ start, end: now(), op: e.op, ...judge(e, answer) });
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i * 3));

  const timeline: RoundTimes[] = [];
  const cpuBefore = await cpuSnapshot();
  try {
    for (let r = 1; r <= rounds; r++) {
      const t: Partial<RoundTimes> = { round: r, steadyStart: now() };
      say(`Round ${r}: steady load, ${steadyMs / 1000} s`);
      await sleep(steadyMs);
      t.stopRequested = now();
      await neo4j.stop();
      t.stopped = now();
      say(
        `Round ${r}: Neo4j stopped in ${((t.stopped - t.stopRequested) / 1000).toFixed(1)} s; down for ${downMs / 1000} s`,
      );
      await sleep(downMs);
      t.startRequested = now();
      neo4j = await startEmbeddedNeo4j(neo4jOptions);
      t.started = now();
      say(`Round ${r}: Neo4j started in ${((t.started - t.startRequested) / 1000).toFixed(1)} s`);
      // Until every answer is correct again, then afterMs more (at most 60 s: a service that never recovers fails).
      const giveUp = t.started + 60_000;
      for (;;) {
        await sleep(200);
        const since = samples.filter((s) => s.end >= t.started!);
        const lastBad = maxOf(
          since.filter((s) => s.verdict !== 'correct').map((s) => s.end),
          t.started,
        );
        const recovered = since.some((s) => s.verdict === 'correct' && s.start > lastBad);
        if ((recovered && now() - lastBad >= afterMs) || now() > giveUp) break;
      }
      t.end = now();
      timeline.push(t as RoundTimes);
    }
  } finally {
    running = false;
    await Promise.all(clients);
  }
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot());
  const health = await fetch(`${service.url}/health`).then(
    (r) => r.status,
    () => 0,
  );
  const alive = service.alive();

  const results = timeline.map((t) => judgeRound(t, samples));
  const serviceErrors = service.loggedErrors();
  const overall = {
    samples: samples.length,
    wrong: samples.filter((s) => s.verdict === 'wrong').length,
    other: samples.filter((s) => s.verdict === 'other').length,
    noAnswer: samples.filter((s) => s.verdict === 'no answer').length,
    maxMs: round(maxOf(samples.map((s) => s.end - s.start))),
  };
  const criteria = {
    'no wrong or partial answer': overall.wrong === 0,
    'no other error, no missing answer': overall.other === 0 && overall.noAnswer === 0,
    'every answer correct under steady load': results.every((r) => r.steady.correct === r.steady.count),
    'while down: every answer 503 DATABASE_UNAVAILABLE (or correct before noticed)': results.every(
      (r) => r.outage.unavailable + r.outage.correct === r.outage.count,
    ),
    [`while down: fail fast, p99 of the 503s < ${FAIL_FAST_P99_MS} ms`]: results.every(
      (r) => r.outage.failures.p99 < FAIL_FAST_P99_MS,
    ),
    [`no request past the deadline (${DEADLINE_MS} ms, + ${DEADLINE_SLACK_MS} ms to send the answer)`]:
      overall.maxMs < DEADLINE_MS + DEADLINE_SLACK_MS,
    [`served again within ${RECOVERY_MS / 1000} s of Neo4j's start (first correct and 100% correct)`]:
      results.every(
        (r) =>
          r.recovery.firstCorrectMs !== null &&
          r.recovery.firstCorrectMs <= RECOVERY_MS &&
          r.recovery.allCorrectMs !== null &&
          r.recovery.allCorrectMs <= RECOVERY_MS,
      ),
    'no restart: the same service process throughout, GET /health 200': alive && health === 200,
  };
  const passed = Object.values(criteria).every(Boolean);

  const rows = results.map((r) => ({
    round: r.round,
    'Neo4j stop s': r.neo4jStopS,
    'Neo4j start s': r.neo4jStartS,
    'steady ok/n': `${r.steady.correct}/${r.steady.count}`,
    'steady req/s': r.steady.perSecond,
    'steady p99 ms': r.steady.latency.p99,
    'down n': r.outage.count,
    'down 503': r.outage.unavailable,
    'down ok': r.outage.correct,
    'down other': r.outage.count - r.outage.unavailable - r.outage.correct,
    '503 p50 ms': r.outage.failures.p50,
    '503 p99 ms': r.outage.failures.p99,
    '503 max ms': r.outage.failures.max,
    'max ms': r.maxMs,
    'first ok s': r.recovery.firstCorrectMs === null ? 'never' : round(r.recovery.firstCorrectMs / 1000, 2),
    '100% ok s': r.recovery.allCorrectMs === null ? 'never' : round(r.recovery.allCorrectMs / 1000, 2),
    'after req/s': r.recovery.perSecond,
    'after p99 ms': r.recovery.latency.p99,
    wrong: r.wrong,
  }));
  console.log(`\nFaults: ${rounds} rounds, ${CLIENTS} clients, ${expected.length} deterministic requests:\n`);
  console.table(rows);
  console.log(
    `\nOverall: ${overall.samples} answers, ${overall.wrong} wrong, ${overall.other} other errors, ` +
      `${overall.noAnswer} without answer, longest ${overall.maxMs} ms`,
  );
  for (const r of results) for (const p of r.problems.slice(0, 5)) console.log(`- round ${r.round}: ${p}`);
  console.log(`Service: pid ${service.pid} alive ${alive}, GET /health ${health}`);
  console.log(
    `CPU during the rounds: ${cpu.busyPct}% of ${os.cpus().length} cores busy, ${cpu.suitePct}% by this suite, ` +
      `${cpu.othersPct}% by other processes`,
  );
  console.log(`Service log: ${serviceErrors.count} lines at level error or above`);
  for (const [kind, n] of Object.entries(serviceErrors.kinds).slice(0, 8)) console.log(`- ${n} x ${kind}`);
  console.table(Object.fromEntries(Object.entries(criteria).map(([c, ok]) => [c, verdict(ok)])));

  const markdown = [
    `### Faults: ${verdict(passed)}`,
    '',
    `${rounds} rounds of: ${steadyMs / 1000} s steady load (${CLIENTS} closed-loop clients over ${expected.length} ` +
      `deterministic requests), Neo4j stopped for ${downMs / 1000} s, started again, load until served again and ` +
      `${afterMs / 1000} s more. Graph: seed + ${concepts} generated concepts. CPU during the rounds: ` +
      `${cpu.busyPct}% of ${os.cpus().length} cores busy (${cpu.othersPct}% by processes outside the suite).` +
      `${quick ? ' (--quick run)' : ''}`,
    '',
    markdownTable(
      [
        'round',
        'answers while down',
        '503 DATABASE_UNAVAILABLE',
        '503 p50 / p99 / max ms',
        'longest request ms',
        'first correct after start s',
        '100% correct after start s',
        'wrong answers',
      ],
      results.map((r) => [
        r.round,
        r.outage.count,
        r.outage.unavailable,
        `${r.outage.failures.p50} / ${r.outage.failures.p99} / ${r.outage.failures.max}`,
        r.maxMs,
        r.recovery.firstCorrectMs === null ? 'never' : round(r.recovery.firstCorrectMs / 1000, 2),
        r.recovery.allCorrectMs === null ? 'never' : round(r.recovery.allCorrectMs / 1000, 2),
        r.wrong,
      ]),
    ),
    '',
    criteriaTable(criteria),
    '',
  ].join('\n');
  console.log(markdown);
  const files = await writeResults(
    'faults',
    {
      at: new Date().toISOString(),
      quick,
      clients: CLIENTS,
      bounds: {
        deadlineMs: DEADLINE_MS,
        deadlineSlackMs: DEADLINE_SLACK_MS,
        failFastP99Ms: FAIL_FAST_P99_MS,
        recoveryMs: RECOVERY_MS,
      },
      phases: { steadyMs, downMs, afterMs },
      requests: expected.map((e) => ({
        op: e.op,
        request: JSON.parse(e.request) as unknown,
        bytes: e.body.length,
      })),
      rounds: results,
      overall,
      perSecond: perSecond(samples),
      service: { pid: service.pid, alive, health },
      serviceErrors,
      loadAverage: { end: os.loadavg(), cores: os.cpus().length },
      cpu,
      criteria,
      passed,
    },
    markdown,
  );
  say(`Wrote ${files.json} and ${files.markdown}`);
  return passed;
}

interface RoundTimes {
  round: number;
  steadyStart: number;
  stopRequested: number;
  stopped: number;
  startRequested: number;
  started: number;
  end: number;
}

/**
 * The numbers of one round, by the time each answer came: steady load before the stop, the outage (from the stop
 * to Neo4j reporting started: an answer that came then was served during the outage), the recovery after it.
 */
function judgeRound(t: RoundTimes, all: Sample[]) {
  const within = (from: number, to: number) => all.filter((s) => s.end >= from && s.end < to);
  const steady = within(t.steadyStart, t.stopRequested);
  const outage = within(t.stopRequested, t.started);
  const after = within(t.started, t.end);
  const round_ = [...steady, ...outage, ...after];
  const latencies = (list: Sample[]) => {
    const l = new Latencies();
    for (const s of list) l.record(s.end - s.start);
    return l.summary();
  };
  // Samples are recorded as they end: the first correct one in the list is the first to end.
  const firstCorrect = after.find((s) => s.verdict === 'correct');
  const bad = after.filter((s) => s.verdict !== 'correct');
  const lastBad = bad.length ? maxOf(bad.map((s) => s.end)) : t.started;
  // Every answer correct from this moment on (not before the first correct one).
  const allCorrectFrom = Math.max(lastBad, firstCorrect?.end ?? Infinity);
  const allCorrect = after.some((s) => s.verdict === 'correct' && s.start >= lastBad);
  const problems = round_
    .filter((s) => s.verdict === 'wrong' || s.verdict === 'other' || s.verdict === 'no answer')
    .map(
      (s) =>
        `${(s.start / 1000).toFixed(2)} s ${s.op}: ${s.verdict} ${s.status} ${s.code ?? ''} ${s.detail ?? ''}`,
    );
  return {
    round: t.round,
    neo4jStopS: round((t.stopped - t.stopRequested) / 1000, 2),
    neo4jStartS: round((t.started - t.startRequested) / 1000, 2),
    steady: {
      count: steady.length,
      correct: steady.filter((s) => s.verdict === 'correct').length,
      perSecond: round(steady.length / ((t.stopRequested - t.steadyStart) / 1000)),
      latency: latencies(steady),
    },
    outage: {
      count: outage.length,
      unavailable: outage.filter((s) => s.verdict === 'unavailable').length,
      correct: outage.filter((s) => s.verdict === 'correct').length,
      failures: latencies(outage.filter((s) => s.verdict === 'unavailable')),
      other: countBy(outage.filter((s) => s.verdict !== 'unavailable' && s.verdict !== 'correct')),
    },
    recovery: {
      /** From Neo4j reporting started to the end of the first correct answer (0 when it was already serving). */
      firstCorrectMs: firstCorrect ? round(Math.max(0, firstCorrect.end - t.started)) : null,
      /** From Neo4j reporting started to the end of the last answer that was not correct (or the first correct). */
      allCorrectMs: allCorrect ? round(Math.max(0, allCorrectFrom - t.started)) : null,
      answers: after.length,
      unavailable: after.filter((s) => s.verdict === 'unavailable').length,
      /** Answers per second and latency from Neo4j's start to the end of the round, beside steady load's. */
      perSecond: round(after.length / ((t.end - t.started) / 1000)),
      latency: latencies(after),
    },
    maxMs: round(maxOf(round_.map((s) => s.end - s.start))),
    wrong: round_.filter((s) => s.verdict === 'wrong').length,
    problems,
  };
}

function countBy(list: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of list) {
    const key = `${s.verdict} ${s.status} ${s.code ?? ''}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Answers by second of the run and verdict: the shape of each outage. */
function perSecond(samples: Sample[]): Array<Record<string, number>> {
  const seconds: Array<Record<string, number>> = [];
  for (const s of samples) {
    const i = Math.floor(s.end / 1000);
    for (let k = seconds.length; k <= i; k++) seconds.push({ second: k });
    seconds[i]![s.verdict] = (seconds[i]![s.verdict] ?? 0) + 1;
  }
  return seconds;
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  return { status: response.status, text: await response.text() };
}

/** Classifies one answer against the warm-up's. */
function judge(
  e: Expected,
  answer: { status: number; text: string; failure?: string },
): Pick<Sample, 'status' | 'code' | 'verdict' | 'detail'> {
  if (answer.failure) return { status: 0, code: undefined, verdict: 'no answer', detail: answer.failure };
  const { status, text } = answer;
  if (status === 200 && text === e.body) return { status, code: undefined, verdict: 'correct' };
  let body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const code = body?.errors?.[0]?.extensions?.code;
  const detail = text.slice(0, 200);
  if (status === 200) return { status, code, verdict: 'wrong', detail };
  if (status === 503 && code === 'DATABASE_UNAVAILABLE') {
    // No partial answer: nothing in data.
    return body?.data === null || body?.data === undefined
      ? { status, code, verdict: 'unavailable' }
      : { status, code, verdict: 'wrong', detail: `503 with data: ${detail}` };
  }
  return { status, code, verdict: 'other', detail };
}

runSuite('proof:faults', 25 * 60_000, main);
