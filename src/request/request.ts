import type { CacheTicket } from '../http/response-cache/store';
import { newQueryStats } from '../neo4j/database';
import type { QueryStats, RequestScope } from '../neo4j/database';

/**
 * One request to the service, made once when it arrives (http/request-tracking.ts) and carried to its GraphQL
 * context, the Apollo plugins and POST /cypher. Its reads are bound to it (a RequestScope: its stats and deadline);
 * what the handlers learn of it ends in its one log line.
 */
export interface ServiceRequest extends RequestScope {
  /** The client's X-Request-Id when well formed, else a new one. */
  readonly id: string;
  /** performance.now() when it arrived. */
  readonly started: number;
  /** performance.now() at which its time is up (REQUEST_TIMEOUT_MS after it arrived). */
  readonly deadline: number;
  /** Its Neo4j round trips and their time. */
  readonly stats: QueryStats;
  /** The code of a refusal sent before Apollo saw the request (body, batch), or of the /cypher router's answer. */
  code?: string;
  /** The operation and error codes of the GraphQL response, from the request observer plugin. */
  operation?: string | null;
  codes?: readonly string[];
  /** Set when the response cache may keep its answer: under this key, for this graph version. */
  ticket?: CacheTicket;
  /** Answered from the response cache. */
  cached?: boolean;
}

export function newServiceRequest(id: string, timeoutMs: number): ServiceRequest {
  const started = performance.now();
  return { id, started, deadline: started + timeoutMs, stats: newQueryStats() };
}
