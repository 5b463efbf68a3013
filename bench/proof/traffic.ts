/**
 * Normal traffic: a mix of the queries real clients send (a condition looked up with its causes and body regions, a
 * page of conditions with nested relations, search as you type, related conditions, upstream causal chains), with
 * variables drawn from the generated graph by a seeded PRNG, and autocannon to send it.
 */
import autocannon from 'autocannon';
import type { Database } from '../../src/neo4j/database';
import type { GeneratedGraph } from '../generate';
import { ORGANS } from '../generate';
import { prng } from '../prng';
import { Latencies, round } from './common';

export const OPS = ['lookup', 'nested', 'search', 'related', 'traversal'] as const;
export type Op = (typeof OPS)[number];

/** Share of each operation in the mix. */
export const WEIGHTS: Readonly<Record<Op, number>> = {
  lookup: 0.3,
  nested: 0.2,
  search: 0.25,
  related: 0.15,
  traversal: 0.1,
};

const QUERIES: Readonly<Record<Op, string>> = {
  lookup: `query Lookup($id: ID!) {
  condition(id: $id) {
    id name kind synonyms description
    causes { relationship population statedAs node { id name kind } evidence { quote source { id title } } }
    bodyRegions { population node { id name } evidence { quote } }
  }
}`,
  nested: `query Nested($name: String!) {
  conditions(first: 10, filter: { name: $name }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name
      parents { node { id name } }
      causes { population node { id name ... on Condition { causes { node { id name } } } } }
      bodyRegions { node { id name partOf { node { id name } } } }
      cancers { node { id name } }
    } }
  }
}`,
  search: `query Search($text: String!) {
  search(text: $text, first: 10) { totalCount edges { score matched node { id name kind } } }
}`,
  related: `query Related($id: ID!) {
  relatedConditions(id: $id, first: 10) { score explanation node { id name } }
}`,
  traversal: `query Chains($id: ID!) {
  causalChains(from: $id, direction: UPSTREAM, maxDepth: 4, first: 50) {
    length hops { relationship direction population node { id name } evidence { quote } }
  }
}`,
};

export interface TrafficRequest {
  op: Op;
  query: string;
  variables: Record<string, unknown>;
}

export interface TrafficMix {
  /** The next request of the mix (a fresh draw each time). */
  next(): TrafficRequest;
}

/** Name filters for the nested listing: the first organ words of the generated names (bench/generate.ts). */
const NAME_FILTERS = ORGANS.slice(0, 8);

/** The mix over a generated graph; `seed` makes the sequence of requests repeatable. */
export async function trafficMix(db: Database, graph: GeneratedGraph, seed = 7): Promise<TrafficMix> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Search as you type: the first word of a generated name and the start of the second, as traversal.ts does.
  const names = await db.read<{ name: string }>(
    'MATCH (c:Concept) WHERE c.generated RETURN c.name AS name ORDER BY c.id LIMIT 2000',
  );
  const texts = names.map(({ name }) => {
    const [first = '', second = ''] = name.split(' ');
    return `${first} ${second.slice(0, 2 + Math.floor(random() * 4))}`.trim();
  });
  const ids = graph.conditionIds;
  const cumulative = OPS.map(
    (op, i) => [op, OPS.slice(0, i + 1).reduce((s, o) => s + WEIGHTS[o], 0)] as const,
  );
  const variablesOf: Record<Op, () => Record<string, unknown>> = {
    lookup: () => ({ id: pick(ids) }),
    nested: () => ({ name: pick(NAME_FILTERS) }),
    search: () => ({ text: pick(texts) }),
    related: () => ({ id: pick(ids) }),
    traversal: () => ({ id: pick(ids) }),
  };
  return {
    next() {
      const roll = random();
      const op = (cumulative.find(([, c]) => roll < c) ?? cumulative[cumulative.length - 1]!)[0];
      return { op, query: QUERIES[op], variables: variablesOf[op]() };
    },
  };
}

export interface TrafficRun {
  connections: number;
  durationS: number;
  requests: number;
  /** Responses per second. */
  throughput: number;
  latency: ReturnType<Latencies['summary']>;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  /** autocannon's counts: connection errors (timeouts included), timeouts, non-2xx responses. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 200 answers whose body is not `{ data }` without `errors`. */
  graphqlErrors: number;
  byOp: Record<Op, { requests: number; failures: number; latency: ReturnType<Latencies['summary']> }>;
  /** The first few failures, for the report. */
  problems: string[];
}

interface ClientContext {
  op?: Op;
  sentAt?: number;
}

/** What one or more runs of traffic saw; a recorder passed to several runs pools them. */
export class TrafficRecorder {
  readonly latency = new Latencies();
  readonly perOp = Object.fromEntries(
    OPS.map((op) => [op, { requests: 0, failures: 0, latency: new Latencies() }]),
  ) as Record<Op, { requests: number; failures: number; latency: Latencies }>;
  graphqlErrors = 0;
  errors = 0;
  timeouts = 0;
  non2xx = 0;
  durationS = 0;
  readonly statuses: Record<string, number> = {};
  readonly problems: string[] = [];

  note(problem: string): void {
    if (this.problems.length < 10) this.problems.push(problem.slice(0, 400));
  }

  /** Adds autocannon's own counts of a finished run. */
  finished(result: autocannon.Result): void {
    this.errors += result.errors;
    this.timeouts += result.timeouts;
    this.non2xx += result.non2xx;
    this.durationS += result.duration;
    for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
      this.statuses[code] = (this.statuses[code] ?? 0) + (count ?? 0);
    }
  }

  summary(connections: number): TrafficRun {
    const requests = this.latency.count;
    return {
      connections,
      durationS: round(this.durationS, 2),
      requests,
      throughput: round(requests / this.durationS),
      latency: this.latency.summary(),
      statuses: { ...this.statuses },
      errors: this.errors,
      timeouts: this.timeouts,
      non2xx: this.non2xx,
      graphqlErrors: this.graphqlErrors,
      byOp: Object.fromEntries(
        OPS.map((op) => [
          op,
          {
            requests: this.perOp[op].requests,
            failures: this.perOp[op].failures,
            latency: this.perOp[op].latency.summary(),
          },
        ]),
      ) as TrafficRun['byOp'],
      problems: [...this.problems],
    };
  }
}

/**
 * Sends the mix with autocannon: `connections` connections, one request in flight on each, for `durationS`
 * seconds. Every response is checked: HTTP 200 and a `data` body without `errors`. Returns what `recorder` holds
 * then: this run alone, or with the runs recorded into it before.
 */
export async function runTraffic(
  url: string,
  mix: TrafficMix,
  { connections, durationS }: { connections: number; durationS: number },
  recorder = new TrafficRecorder(),
): Promise<TrafficRun> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/graphql`,
        connections,
        duration: durationS,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request, context) => {
              const c = context as ClientContext;
              const next = mix.next();
              c.op = next.op;
              c.sentAt = performance.now();
              return { ...request, body: JSON.stringify({ query: next.query, variables: next.variables }) };
            },
            onResponse: (status, body, context) => {
              const c = context as ClientContext;
              const op = c.op ?? 'lookup';
              const stats = recorder.perOp[op];
              stats.requests += 1;
              if (c.sentAt !== undefined) stats.latency.record(performance.now() - c.sentAt);
              const problem = checkBody(status, body);
              if (problem) {
                stats.failures += 1;
                if (status === 200) recorder.graphqlErrors += 1;
                recorder.note(`${op}: ${problem}`);
              }
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      recorder.latency.record(responseTime),
    );
    instance.on('reqError', (error: unknown) =>
      recorder.note(`request error: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  recorder.finished(result);
  return recorder.summary(connections);
}

/** Undefined for a good answer (200, `{ data }` without `errors`); else what is wrong with it. */
export function checkBody(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  // The service answers `{"data":...}` with no other key when all went well; parse only what looks otherwise.
  if (body.startsWith('{"data":{') && !body.includes('"errors":')) return undefined;
  try {
    const json = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    if (json.errors?.length)
      return `200 with errors: ${json.errors.map((e) => e.extensions?.code).join(', ')}`;
    if (json.data === null || typeof json.data !== 'object') return `200 without data: ${body.slice(0, 200)}`;
    return undefined;
  } catch {
    return `200 with a body that is not JSON: ${body.slice(0, 200)}`;
  }
}

/** Whether every request of a run was answered 200 with data and no errors. */
export function clean(run: TrafficRun): boolean {
  return run.errors === 0 && run.timeouts === 0 && run.non2xx === 0 && run.graphqlErrors === 0;
}
