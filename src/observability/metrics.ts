import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: a one-row lookup (a few ms) up to the 10 s request deadline. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Cypher queries one request sent: batching keeps this near the depth of the query. */
const ROUND_TRIP_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55];
/** Distinct operation labels per registry; past it, new names count as `other` (clients choose the names). */
const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** The metrics outcome of a request: `ok`, or whose fault its first error was. */
export type MetricsOutcome = 'ok' | 'client_error' | 'server_error';

/**
 * An operation name fit for a log line or a label: the name when it is 1 to 64 of [A-Za-z0-9_], `anonymous` when
 * there is none, `other` for anything else.
 */
export function operationName(name: string | null | undefined): string {
  if (name === undefined || name === null || name === '') return 'anonymous';
  return OPERATION_NAME.test(name) ? name : 'other';
}

/**
 * The Prometheus metrics of one app, in a registry of its own (several apps in one process, as in the tests, never
 * share or collide): requests, their latency, errors by code and Neo4j round trips, each by operation, plus
 * prom-client's default process metrics. Served as text at GET /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  private readonly errors: Counter<'operation' | 'code'>;
  private readonly roundTrips: Histogram<'operation'>;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'ontology_requests_total',
      help: 'Requests to POST /graphql (by operation name) and POST /cypher (operation cypher_http), by outcome.',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'ontology_request_duration_seconds',
      help: 'Time from the start of a request to its response, by operation.',
      labelNames: ['operation'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'ontology_request_errors_total',
      help: 'Errors in responses, by operation and error code (errors[].extensions.code, or error.code of /cypher).',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.roundTrips = new Histogram({
      name: 'ontology_neo4j_round_trips',
      help: 'Cypher queries one request sent to Neo4j, by operation.',
      labelNames: ['operation'],
      buckets: ROUND_TRIP_BUCKETS,
      registers,
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one finished request. `codes` are its error codes, empty when it succeeded. */
  observe(request: {
    operation: string | null | undefined;
    outcome: MetricsOutcome;
    codes: readonly string[];
    seconds: number;
    roundTrips: number;
  }): void {
    const operation = this.label(request.operation);
    this.requests.inc({ operation, outcome: request.outcome });
    this.duration.observe({ operation }, request.seconds);
    this.roundTrips.observe({ operation }, request.roundTrips);
    for (const code of new Set(request.codes)) {
      this.errors.inc({ operation, code: OPERATION_NAME.test(code) ? code : 'other' });
    }
  }

  /** Exposes the response cache's counts, read when the metrics are scraped. */
  watchResponseCache(stats: () => { hits: number; misses: number; entries: number; bytes: number }): void {
    const registers = [this.registry];
    new Gauge({
      name: 'ontology_response_cache_lookups',
      help: 'Requests the response cache was asked for since the start, by result (hit: answered from it).',
      labelNames: ['result'],
      registers,
      collect() {
        const s = stats();
        this.set({ result: 'hit' }, s.hits);
        this.set({ result: 'miss' }, s.misses);
      },
    });
    new Gauge({
      name: 'ontology_response_cache_bytes',
      help: 'Bytes of the answers the response cache holds.',
      registers,
      collect() {
        this.set(stats().bytes);
      },
    });
  }

  /** The text exposition of every metric, for GET /metrics (its content type is `this.registry.contentType`). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  private label(name: string | null | undefined): string {
    const operation = operationName(name);
    if (this.operations.has(operation)) return operation;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(operation);
    return operation;
  }
}
