import type { CypherService } from '../cypher/cypher.service';
import type { Database, Reads } from '../neo4j/database';
import { Loaders } from './loaders';
import type { ServiceRequest } from './request';

/** What every resolver receives. */
export interface Context {
  /** The request: its id, deadline and stats (reported with QUERY_STATS=true), and what its log line says. */
  request: ServiceRequest;
  /** The request's reads: each counted in its stats, each giving up when its deadline passes. */
  db: Reads;
  loaders: Loaders;
  /** Analysts' read-only Cypher (one per process: it holds the limits and the logger). */
  cypher: CypherService;
}

/** The context of one request: its reads, and the loaders over them. */
export function createContext(db: Database, request: ServiceRequest, cypher: CypherService): Context {
  const reads = db.forRequest(request);
  return { request, db: reads, loaders: new Loaders(reads), cypher };
}
