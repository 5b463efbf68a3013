/**
 * The glue of the TCK suite: it records every query the service sends, at the neo4j-driver boundary (the driver's
 * sessions and transactions), so that the suite pins the Cypher a GraphQL query produces whatever the layers above
 * the driver look like. Values that change from run to run (transaction timeouts, which count down to the request's
 * deadline, and request ids) are kept out of the rendered text and checked on their own.
 *
 * A change to the Cypher shows as a failing snapshot; once reviewed, rewrite the snapshots with
 * `npx jest tests/tck --ci=false -u --prettierPath=""` (Jest 29 cannot format inline snapshots with Prettier 3, and
 * the files are formatted by `prettier --write` afterwards anyway).
 */
import neo4j from 'neo4j-driver';
import type { Driver, ManagedTransaction, Session, SessionConfig, Transaction } from 'neo4j-driver';
import { DEFAULT_DEADLINES } from '../../src/config';
import type { Database } from '../../src/neo4j/database';
import { createTestApi, dataOf } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

/** One query as the driver was asked to send it. */
export interface SentQuery {
  /** How it was sent: an auto-commit query, a query in an explicit or managed transaction, or executeQuery. */
  via: 'session.run' | 'tx.run' | 'executeQuery';
  mode: 'READ' | 'WRITE';
  /** The session's fetch size (records per PULL; -1 for all at once), when the session sets one. */
  fetchSize?: number;
  cypher: string;
  params: Record<string, unknown>;
  /** The transaction config: its timeout (ms) and metadata, when given. */
  timeout?: number;
  metadata?: Record<string, unknown>;
}

interface TxConfig {
  timeout?: unknown;
  metadata?: Record<string, unknown>;
}

type Runner = Pick<Transaction, 'run'> | Pick<ManagedTransaction, 'run'>;

/** The queries a driver sends, from when `record` wraps it; `take` hands them over and starts afresh. */
export class QueryLog {
  private sent: SentQuery[] = [];

  add(query: SentQuery): void {
    this.sent.push(query);
  }

  take(): SentQuery[] {
    const sent = this.sent;
    this.sent = [];
    return sent;
  }
}

function timeoutOf(config: TxConfig | undefined): number | undefined {
  const timeout = config?.timeout;
  if (timeout === undefined || timeout === null) return undefined;
  return neo4j.isInt(timeout) ? timeout.toNumber() : Number(timeout);
}

/** A transaction whose `run` is recorded; everything else is the transaction's own. */
function recordedTx<T extends Runner>(
  tx: T,
  log: QueryLog,
  base: Omit<SentQuery, 'via' | 'cypher' | 'params'>,
): T {
  return new Proxy(tx, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'run' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (cypher: string, params?: Record<string, unknown>, ...rest: unknown[]) => {
        log.add({ ...base, via: 'tx.run', cypher, params: params ?? {} });
        return (value as (...args: unknown[]) => unknown).call(target, cypher, params, ...rest);
      };
    },
  });
}

function recordedSession(session: Session, config: SessionConfig | undefined, log: QueryLog): Session {
  const mode = config?.defaultAccessMode === neo4j.session.READ ? 'READ' : 'WRITE';
  const fetchSize = config?.fetchSize;
  const base = (txConfig?: TxConfig) => ({
    mode: mode as SentQuery['mode'],
    ...(fetchSize === undefined ? {} : { fetchSize }),
    ...(timeoutOf(txConfig) === undefined ? {} : { timeout: timeoutOf(txConfig) }),
    ...(txConfig?.metadata ? { metadata: txConfig.metadata } : {}),
  });
  const wrapWork =
    (work: (tx: ManagedTransaction) => unknown, txConfig?: TxConfig) => (tx: ManagedTransaction) =>
      work(recordedTx(tx, log, base(txConfig)));
  return new Proxy(session, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const original = value as (...args: unknown[]) => unknown;
      switch (property) {
        case 'run':
          return (cypher: string, params?: Record<string, unknown>, txConfig?: TxConfig) => {
            log.add({ ...base(txConfig), via: 'session.run', cypher, params: params ?? {} });
            return original.call(target, cypher, params, txConfig);
          };
        case 'beginTransaction':
          return (txConfig?: TxConfig) => {
            const begun = original.call(target, txConfig) as Promise<Transaction>;
            // A TransactionPromise: awaiting it gives the transaction, whose queries are recorded.
            return begun.then((tx) => recordedTx(tx, log, base(txConfig)));
          };
        case 'executeRead':
        case 'executeWrite':
          return (work: (tx: ManagedTransaction) => unknown, txConfig?: TxConfig) =>
            original.call(target, wrapWork(work, txConfig), txConfig);
        default:
          return original.bind(target);
      }
    },
  });
}

/**
 * Records every query `driver` sends from now on (its instance methods are wrapped; the driver stays the same
 * object, so whoever holds it, the Database included, goes through the recording).
 */
export function record(driver: Driver): QueryLog {
  const log = new QueryLog();
  const session = driver.session.bind(driver);
  const executeQuery = driver.executeQuery.bind(driver);
  driver.session = (config?: SessionConfig) => recordedSession(session(config), config, log);
  driver.executeQuery = ((
    cypher: string,
    params?: Record<string, unknown>,
    config?: { routing?: string },
  ) => {
    log.add({
      via: 'executeQuery',
      mode: config?.routing === neo4j.routing.READ ? 'READ' : 'WRITE',
      cypher,
      params: params ?? {},
    });
    return executeQuery(cypher, params, config as never);
  }) as Driver['executeQuery'];
  return log;
}

/** Neo4j integers as numbers and object keys sorted, so equal parameters always print the same. */
export function normaliseValue(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, normaliseValue(v)]),
    );
  }
  return value;
}

/**
 * The Cypher without the indentation of the source it was written in: trailing spaces and blank edges gone, and
 * the lines after the first moved left by their common indentation (a template literal's first line starts at
 * the backtick, the others wherever the code was indented).
 */
export function normaliseCypher(cypher: string): string {
  const lines = cypher
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rest = lines.slice(1).filter((line) => line !== '');
  const indent =
    rest.length === 0 ? 0 : Math.min(...rest.map((line) => line.length - line.trimStart().length));
  return lines.map((line, i) => (i === 0 ? line.trimStart() : line.slice(indent))).join('\n');
}

/** A node's or relationship's elementId: it names the database it was made in, so it differs from run to run. */
export const ELEMENT_ID = /^\d+:[0-9a-f-]{36}:\d+$/;

const maskElementIds = (value: unknown): unknown =>
  typeof value === 'string' && ELEMENT_ID.test(value)
    ? '<element id>'
    : Array.isArray(value)
      ? value.map(maskElementIds)
      : value;

/** Each query as reviewable text: how it was sent, its Cypher, its parameters one a line (element ids masked). */
export function renderQueries(sent: readonly SentQuery[]): string {
  return sent
    .map((q, i) => {
      const header = [
        `-- query ${i + 1}: ${q.mode} ${q.via}`,
        q.fetchSize === undefined ? '' : `, fetch ${q.fetchSize === -1 ? 'all' : q.fetchSize}`,
        q.timeout === undefined ? '' : ', timeout',
      ].join('');
      const metadata = q.metadata
        ? [`-- metadata ${JSON.stringify(normaliseValue({ ...q.metadata, requestId: '<request id>' }))}`]
        : [];
      const params = Object.entries(normaliseValue(q.params) as Record<string, unknown>).map(
        ([name, value]) => `-- $${name} = ${JSON.stringify(maskElementIds(value))}`,
      );
      return [header, ...metadata, normaliseCypher(q.cypher), ...params].join('\n');
    })
    .join('\n\n');
}

/** Well-formed timeouts and metadata: the values the rendered text leaves out. */
export function expectVolatileValues(sent: readonly SentQuery[], requestTimeoutMs: number): void {
  for (const q of sent) {
    if (q.timeout !== undefined) {
      expect(Number.isInteger(q.timeout)).toBe(true);
      expect(q.timeout).toBeGreaterThan(0);
      expect(q.timeout).toBeLessThanOrEqual(requestTimeoutMs);
    }
    if (q.metadata) expect(q.metadata.requestId).toBe(REQUEST_ID);
  }
}

/** The request id createTestApi gives every request. */
const REQUEST_ID = 'test';
/** The request timeout of the suite's API: long enough for a loaded machine, and a bound on every timeout sent. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface TckRun<T> {
  data: T;
  /** The queries the operation sent, in the order it sent them. */
  sent: SentQuery[];
  /** The same, rendered for an inline snapshot. */
  cypher: string;
}

export interface TckFailure {
  /** The error codes of the operation, in order. */
  codes: unknown[];
  sent: SentQuery[];
  cypher: string;
}

export interface Tck {
  /** Runs one operation (it must succeed) and returns its data and the queries it sent. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<TckRun<T>>;
  /** Runs one operation that must fail and returns its error codes and the queries it sent. */
  fail(query: string, variables?: Record<string, unknown>): Promise<TckFailure>;
}

/**
 * One test file's setup: the seed written once (beforeAll), the real schema and Apollo server over a database whose
 * driver is recorded, torn down in afterAll.
 */
export function useTck(): Tck {
  let db: Database;
  let api: TestApi;
  let log: QueryLog;
  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    log = record(db.driver);
    api = await createTestApi(db, {
      deadlines: { ...DEFAULT_DEADLINES, requestTimeoutMs: REQUEST_TIMEOUT_MS },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });
  return {
    async run<T>(query: string, variables?: Record<string, unknown>) {
      log.take();
      const data = dataOf(await api.run<T>(query, variables));
      const sent = log.take();
      expectVolatileValues(sent, REQUEST_TIMEOUT_MS);
      return { data, sent, cypher: renderQueries(sent) };
    },
    async fail(query: string, variables?: Record<string, unknown>) {
      log.take();
      const result = await api.run(query, variables);
      const sent = log.take();
      expect(result.errors?.length).toBeGreaterThan(0);
      expectVolatileValues(sent, REQUEST_TIMEOUT_MS);
      return {
        codes: (result.errors ?? []).map((e) => e.extensions?.code),
        sent,
        cypher: renderQueries(sent),
      };
    },
  };
}
