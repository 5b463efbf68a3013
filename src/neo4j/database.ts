import neo4j, { Neo4jError } from 'neo4j-driver';
import type {
  Config as DriverConfig,
  Driver,
  ManagedTransaction,
  QueryResult,
  RecordShape,
} from 'neo4j-driver';
import type { Neo4jConnectionConfig } from '../config';
import { toPlainInPlace } from './values';

/** What one GraphQL request sent to Neo4j: `extensions.queryStats` with QUERY_STATS=true. */
export interface QueryStats {
  roundTrips: number;
  dbMillis: number;
}

export function newQueryStats(): QueryStats {
  return { roundTrips: 0, dbMillis: 0 };
}

/**
 * What one request's reads are bound to: each is counted in `stats`, and each gives up when `deadline` passes,
 * whether Neo4j is slow, hung or gone (DeadlineExceededError), asking Neo4j to stop the transaction at that moment.
 */
export interface RequestScope {
  readonly stats?: QueryStats;
  /** performance.now() at which the request's time is up. */
  readonly deadline?: number;
}

export function newRequestScope(timeoutMs: number): Required<RequestScope> {
  return { stats: newQueryStats(), deadline: performance.now() + timeoutMs };
}

/**
 * The reads a repository function or a batch function needs. `Database.forRequest` gives one bound to a request;
 * the Database itself is one too, unbound (scripts, tests).
 */
export interface Reads {
  read<T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
}

/** The request's deadline passed before Neo4j answered (code TIMEOUT). */
export class DeadlineExceededError extends Error {
  constructor() {
    super('The request ran out of time.');
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs `work`, but gives up at `deadline` (performance.now() ms): `work`'s promise is then left to settle on its own
 * and `abandon` runs (releasing what it holds without waiting on a hung server). Without a deadline, just `work`.
 */
export async function beforeDeadline<T>(
  deadline: number | undefined,
  work: (remainingMs: number | undefined) => Promise<T>,
  abandon: () => void = () => undefined,
): Promise<T> {
  if (deadline === undefined) return work(undefined);
  const remaining = Math.floor(deadline - performance.now());
  if (remaining <= 0) throw new DeadlineExceededError();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError()), remaining);
  });
  const running = work(remaining);
  try {
    return await Promise.race([running, expired]);
  } catch (error) {
    if (error instanceof DeadlineExceededError) {
      running.catch(() => undefined);
      abandon();
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
 * routes them to readers); records come back as plain objects, with driver values converted in place (see
 * toPlainInPlace).
 */
/** Driver error codes that mean Neo4j cannot be reached right now. */
const UNREACHABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** True for a driver error that says Neo4j cannot be reached (it is down, restarting, or the link is gone). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof Neo4jError && UNREACHABLE.has(error.code);
}

/**
 * The service's reads take their whole result in one PULL (the driver's -1) rather than 1,000 records at a time: every
 * query is bounded by design (pages of at most 100, bounded depths), and a page of nested relations returns several
 * thousand rows, which would otherwise come back in several exchanges. Analysts' Cypher has its own session and caps.
 */
const FETCH_ALL = -1;

/** How often, while Neo4j is unreachable, one probe checks whether it is back; and that probe's own deadline. */
const PROBE_INTERVAL_MS = 250;
const PROBE_TIMEOUT_MS = 1_000;

/**
 * The warm-up of a Neo4j that is back: at most this many distinct queries (the first the service ran), this many at
 * a time, for at most this long.
 */
const WARM_UP_QUERIES = 64;
const WARM_UP_CONCURRENCY = 2;
const WARM_UP_MAX_MS = 2_500;

/** A change of the circuit breaker, for the log. */
export type BreakerEvent =
  { state: 'open'; error: string } | { state: 'closed'; outageMs: number; warmUp: WarmUp };

/** What the last warm-up did: queries replayed (and of those, completed) and how long it took. */
export interface WarmUp {
  queries: number;
  completed: number;
  ms: number;
}

export class Database {
  /**
   * A circuit breaker. Once a query finds Neo4j unreachable, every read fails at once (ServiceUnavailable, which
   * clients see as 503 DATABASE_UNAVAILABLE) instead of each waiting on a dead or still-starting server, and one
   * background probe (every index online, 1 s deadline, every 250 ms) decides when Neo4j is back; the breaker then
   * closes after a warm-up (see `seen`). A Neo4j that is starting accepts connections before it can answer: without
   * this, requests in that window waited for their deadline.
   */
  private unreachableSince: number | null = null;
  private probing: NodeJS.Timeout | undefined;
  private closed = false;
  /**
   * The read queries the service has run (text → the parameters of one run), replayed before the breaker closes. A
   * restarted Neo4j has an empty query cache and a cold JVM: the first run of each query is slow, slower still under
   * load, and can outlast the request deadline. Planned during the warm-up, they are served at once when the breaker
   * closes.
   */
  private readonly seen = new Map<string, Record<string, unknown>>();
  private breakerListener: (event: BreakerEvent) => void = () => undefined;
  /** The last warm-up, when the breaker has closed at least once. */
  lastWarmUp: WarmUp | undefined;

  constructor(
    readonly driver: Driver,
    readonly name: string,
  ) {}

  /** True while the breaker is open (Neo4j found unreachable and not yet answering a probe). */
  get unreachable(): boolean {
    return this.unreachableSince !== null;
  }

  /** Throws at once while Neo4j is known to be unreachable. */
  assertReachable(): void {
    if (this.unreachableSince !== null) {
      throw new Neo4jError(
        'Neo4j is unreachable (waiting for it to answer a probe).',
        'ServiceUnavailable',
        '08000',
        'error: connection exception',
      );
    }
  }

  /** Opens the breaker when `error` says Neo4j cannot be reached. */
  noteFailure(error: unknown): void {
    // Not a pool wait past its timeout: that is a busy or hung Neo4j, bounded by the request deadline instead.
    if (!isUnreachable(error) || this.unreachableSince !== null || this.closed) return;
    this.unreachableSince = performance.now();
    this.breakerListener({ state: 'open', error: error instanceof Error ? error.message : String(error) });
    this.scheduleProbe();
  }

  /** Hears each opening and closing of the breaker (one listener; the service logs them). */
  onBreakerChange(listener: (event: BreakerEvent) => void): void {
    this.breakerListener = listener;
  }

  private scheduleProbe(): void {
    this.probing = setTimeout(() => {
      // Back means answering and every index online: a restarting Neo4j answers a trivial query before it has
      // opened its indexes, and queries that need one would then wait.
      this.readOnce<{ notOnline: number }>(
        "SHOW INDEXES YIELD state WHERE state <> 'ONLINE' RETURN count(*) AS notOnline",
        {},
        performance.now() + PROBE_TIMEOUT_MS,
      ).then(
        async ([row]) => {
          if (row?.notOnline !== 0 || !(await this.warmUp())) {
            if (!this.closed) this.scheduleProbe();
            return;
          }
          const outageMs = performance.now() - (this.unreachableSince ?? performance.now());
          this.unreachableSince = null;
          this.probing = undefined;
          this.breakerListener({ state: 'closed', outageMs, warmUp: this.lastWarmUp! });
        },
        () => {
          if (!this.closed) this.scheduleProbe();
        },
      );
    }, PROBE_INTERVAL_MS);
    this.probing.unref();
  }

  /**
   * Replays the queries seen so far, WARM_UP_CONCURRENCY at a time, until done or WARM_UP_MAX_MS have passed (what
   * is still running then is stopped by its transaction timeout). False when Neo4j went away again meanwhile.
   */
  private async warmUp(): Promise<boolean> {
    const started = performance.now();
    const until = started + WARM_UP_MAX_MS;
    const queue = [...this.seen];
    let completed = 0;
    let gone = false;
    const worker = async () => {
      for (let next = queue.shift(); next && !gone && performance.now() < until; next = queue.shift()) {
        try {
          await this.readOnce(next[0], next[1], until);
          completed += 1;
        } catch (error) {
          // A query past the warm-up's time is simply not warm yet; an unreachable Neo4j is not back after all.
          if (isUnreachable(error)) gone = true;
        }
      }
    };
    await Promise.all(Array.from({ length: WARM_UP_CONCURRENCY }, worker));
    this.lastWarmUp = { queries: this.seen.size, completed, ms: performance.now() - started };
    return !gone;
  }

  /**
   * Runs one read query under `scope` (counted in its stats, bounded by its deadline) when given. Values in
   * `params`, never spliced into `cypher`.
   *
   * An auto-commit transaction in a READ session: the server runs it as a read (a write is refused) and a cluster
   * routes it to a reader, like `executeRead`, but without the separate COMMIT round trip, a large part of the
   * latency of a one-row lookup. A retryable failure (a leader switch, a reader going away) is retried once on a
   * fresh session; anything else surfaces at once.
   */
  async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    scope: RequestScope = {},
  ): Promise<T[]> {
    const started = performance.now();
    const { stats, deadline } = scope;
    try {
      this.assertReachable();
      let rows: T[];
      try {
        rows = await this.readOnce<T>(cypher, params, deadline);
      } catch (error) {
        if (!(error instanceof Neo4jError) || !error.retryable) throw error;
        this.noteFailure(error);
        this.assertReachable();
        rows = await this.readOnce<T>(cypher, params, deadline);
      }
      if (this.seen.has(cypher) || this.seen.size < WARM_UP_QUERIES) this.seen.set(cypher, params);
      return rows;
    } catch (error) {
      this.noteFailure(error);
      throw error;
    } finally {
      if (stats) {
        stats.roundTrips += 1;
        stats.dbMillis += performance.now() - started;
      }
    }
  }

  /**
   * Under a deadline, Neo4j is asked to end the transaction when it passes (its transaction timeout), and the caller
   * stops waiting at that moment even if Neo4j never answers: the session is then closed in the background.
   */
  private async readOnce<T>(
    cypher: string,
    params: Record<string, unknown>,
    deadline?: number,
  ): Promise<T[]> {
    const session = this.driver.session({
      database: this.name,
      defaultAccessMode: neo4j.session.READ,
      fetchSize: FETCH_ALL,
    });
    let abandoned = false;
    try {
      return await beforeDeadline(
        deadline,
        async (remainingMs) => {
          const result = await session.run(
            cypher,
            params,
            remainingMs === undefined ? undefined : { timeout: remainingMs },
          );
          return result.records.map((r) => toPlainInPlace(r.toObject()) as T);
        },
        () => {
          abandoned = true;
          session.close().catch(() => undefined);
        },
      );
    } finally {
      if (!abandoned) await session.close();
    }
  }

  /** This request's reads: each counted in `scope`'s stats and bounded by its deadline. */
  forRequest(scope: RequestScope): Reads {
    return {
      read: <T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>) =>
        this.read<T>(cypher, params, scope),
    };
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

  /** True when the database answers a trivial query (within `scope`'s deadline, when given). */
  async ping(scope?: RequestScope): Promise<boolean> {
    try {
      await this.read('RETURN 1 AS ok', {}, scope);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probing);
    await this.driver.close();
  }
}
