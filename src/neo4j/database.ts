import neo4j from 'neo4j-driver';
import type {
  Config as DriverConfig,
  Driver,
  ManagedTransaction,
  QueryResult,
  RecordShape,
} from 'neo4j-driver';
import type { Neo4jConnectionConfig } from '../config';
import { toPlainMap } from './values';

/** What one GraphQL request sent to Neo4j: `extensions.queryStats` with QUERY_STATS=true. */
export interface QueryStats {
  roundTrips: number;
  dbMillis: number;
}

export function newQueryStats(): QueryStats {
  return { roundTrips: 0, dbMillis: 0 };
}

/** One driver per process; it owns the connection pool. */
export function createDriver(config: Neo4jConnectionConfig, options: DriverConfig = {}): Driver {
  return neo4j.driver(config.uri, neo4j.auth.basic(config.username, config.password), {
    userAgent: 'myoclonus-ontology-service',
    ...options,
  });
}

/**
 * The data boundary: every Cypher query of the service goes through here. Reads run in read transactions (a cluster
 * routes them to readers); records come back as plain objects, with driver values converted (see toPlain).
 */
export class Database {
  constructor(
    readonly driver: Driver,
    readonly name: string,
  ) {}

  /** Runs one read query; counts it in `stats` when given. Values in `params`, never spliced into `cypher`. */
  async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    stats?: QueryStats,
  ): Promise<T[]> {
    const started = performance.now();
    try {
      const result = await this.driver.executeQuery(cypher, params, {
        database: this.name,
        routing: neo4j.routing.READ,
        // Reads need no causal chaining to earlier writes of this process; skipping bookmarks saves work.
        bookmarkManager: null,
      });
      return result.records.map((r) => toPlainMap(r.toObject()) as T);
    } finally {
      if (stats) {
        stats.roundTrips += 1;
        stats.dbMillis += performance.now() - started;
      }
    }
  }

  /** Runs `work` in one write transaction: all of it commits, or none of it does. */
  async writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  /** Runs one write query outside a caller-managed transaction (schema commands, test fixtures). */
  async write(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult> {
    return this.driver.executeQuery(cypher, params, { database: this.name, routing: neo4j.routing.WRITE });
  }

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.read('RETURN 1 AS ok');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
