import type { Logger } from '../logger';
import type { QueryStats } from '../neo4j/database';
import { operationName } from './metrics';
import type { Metrics, MetricsOutcome } from './metrics';

/** Codes that mean the service failed, not the request: counted as server errors. */
const SERVER_CODES: ReadonlySet<string> = new Set(['INTERNAL_SERVER_ERROR', 'DATABASE_UNAVAILABLE']);

/**
 * Server errors whose request lines are warnings: an outage of Neo4j is logged at error level once, when it is found
 * (service.ts), not once for each of the thousands of requests refused during it.
 */
const OUTAGE_CODES: ReadonlySet<string> = new Set(['DATABASE_UNAVAILABLE']);

/** One finished request to POST /graphql or POST /cypher. */
export interface FinishedRequest {
  requestId: string;
  endpoint: 'graphql' | 'cypher';
  /** The GraphQL operation's name (none: `anonymous`); `cypher_http` for POST /cypher. */
  operation: string | null | undefined;
  durationMs: number;
  stats: QueryStats;
  /** The error codes of the response; empty when it succeeded. */
  codes: readonly string[];
  /** Answered from the response cache (http/response-cache/). */
  cached?: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Writes the one log line of every request and counts it in the metrics (when they are on). The line holds the
 * request id, the operation's name, duration, Neo4j round trips and their time, and the outcome: never the query
 * text or variable values, which can describe a person's health.
 */
export class RequestObserver {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics | undefined,
  ) {}

  finished(request: FinishedRequest): void {
    const codes = [...new Set(request.codes)];
    const outcome: MetricsOutcome =
      codes.length === 0 ? 'ok' : codes.some((c) => SERVER_CODES.has(c)) ? 'server_error' : 'client_error';
    const line = {
      requestId: request.requestId,
      endpoint: request.endpoint,
      operationName: operationName(request.operation),
      durationMs: round2(request.durationMs),
      roundTrips: request.stats.roundTrips,
      dbMillis: round2(request.stats.dbMillis),
      outcome: codes.length === 0 ? 'ok' : codes.join(','),
      ...(request.cached ? { cached: true } : {}),
    };
    if (outcome === 'ok') this.logger.info(line, 'request');
    else if (outcome === 'client_error' || codes.every((c) => OUTAGE_CODES.has(c))) {
      this.logger.warn(line, 'request');
    } else this.logger.error(line, 'request');
    this.metrics?.observe({
      operation: request.operation,
      outcome,
      codes,
      seconds: request.durationMs / 1000,
      roundTrips: request.stats.roundTrips,
    });
  }
}
