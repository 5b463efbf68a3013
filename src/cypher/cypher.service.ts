import neo4j from 'neo4j-driver';
import type { Record as Neo4jRecord, ResultSummary, Session, Transaction } from 'neo4j-driver';
import type { Logger } from '../logger';
import type { Database, RequestScope } from '../neo4j/database';
import { beforeDeadline } from '../neo4j/database';
import type { Plain } from '../neo4j/values';
import type { CypherLimits } from './cypher.limits';
import { CypherError, toCypherError } from './cypher.errors';
import type { CypherErrorCode } from './cypher.errors';
import { checkPlan } from './cypher.policy';
import { collectGraphIds, ParamsError, toCypherJson, toDriverParams } from './cypher.values';

export { DEFAULT_CYPHER_LIMITS } from './cypher.limits';
export type { CypherLimits } from './cypher.limits';

export interface CypherRequest {
  query: unknown;
  params?: unknown;
  limit?: unknown;
  timeoutMs?: unknown;
  /** For the log and the transaction's metadata (SHOW TRANSACTIONS on the server names it). */
  requestId?: string;
  /** The request's stats (the queries it sends to Neo4j and their time, for its log line) and deadline. */
  scope?: RequestScope;
}

/** Something the analyst should know about a successful result: truncation, or a Neo4j notification. */
export interface CypherNotice {
  code: string;
  message: string;
}

export interface CypherResult {
  columns: string[];
  /** One JSON object per row, keyed by column. */
  rows: Array<{ [column: string]: Plain }>;
  /** True when the query had more rows than `limit`: only the first `limit` came back. */
  truncated: boolean;
  limit: number;
  /** Wall-clock time of planning, running and streaming, in milliseconds. */
  millis: number;
  notices: CypherNotice[];
}

/** Codes whose messages are Neo4j's words about the query and its values, not the service's. */
const NEO4J_WORDED: ReadonlySet<CypherErrorCode> = new Set(['CYPHER_SYNTAX_ERROR', 'CYPHER_EXECUTION_ERROR']);

/** A query the caller already prefixed with EXPLAIN or PROFILE (the service plans every query itself). */
const OWN_EXECUTION_MODE = /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(EXPLAIN|PROFILE)\b/i;

/** `EXPLAIN` on a line of its own keeps the analyst's columns; CypherError puts line numbers back. */
const EXPLAIN_PREFIX = 'EXPLAIN\n';
/** Records the driver asks for at a time; fewer when the limit is smaller, so no batch overshoots the cap. */
const MAX_FETCH = 1_000;

interface Validated {
  query: string;
  params: Record<string, unknown>;
  limit: number;
  timeoutMs: number;
}

function intInRange(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CypherError('BAD_USER_INPUT', `${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/**
 * Read-only Cypher for analysts, behind layers that each hold on their own (tests/integration/cypher-*.test.ts):
 *
 * 1. the arguments are checked: query length, the limit and timeout in their ranges, params a JSON object of
 *    bounded size whose values go to Neo4j as parameters, never into the text;
 * 2. Neo4j plans the query (EXPLAIN) and checkPlan refuses anything not read-only, anything on another database,
 *    LOAD CSV, procedures outside the allowlist and server administration, before a row is read;
 * 3. the query runs in a read transaction (Neo4j itself refuses a write there) with a timeout, under the memory
 *    limit and procedure allowlist of config/neo4j.conf;
 * 4. rows stream in batches no larger than the limit, and streaming stops at the limit: the rest is discarded on
 *    the server, never fetched.
 *
 * Every call is logged with its query, parameter names, duration, row count and outcome.
 */
export class CypherService {
  constructor(
    private readonly db: Database,
    readonly limits: CypherLimits,
    private readonly logger: Logger,
  ) {}

  async run(request: CypherRequest): Promise<CypherResult> {
    const started = performance.now();
    const paramNames =
      request.params && typeof request.params === 'object' && !Array.isArray(request.params)
        ? Object.keys(request.params).slice(0, 50)
        : [];
    const logFields = {
      requestId: request.requestId,
      query: typeof request.query === 'string' ? request.query.slice(0, 2_000) : undefined,
      paramNames,
    };
    try {
      const input = this.validate(request);
      this.db.assertReachable();
      const result = await this.execute(input, request.requestId, started, request.scope ?? {});
      this.logger.info(
        {
          ...logFields,
          millis: result.millis,
          rows: result.rows.length,
          truncated: result.truncated,
          outcome: 'ok',
        },
        'cypher',
      );
      return result;
    } catch (error) {
      this.db.noteFailure(error);
      const timeoutMs =
        typeof request.timeoutMs === 'number' ? request.timeoutMs : this.limits.defaultTimeoutMs;
      const known = toCypherError(error, timeoutMs);
      const millis = Math.round((performance.now() - started) * 10) / 10;
      const outcome: CypherErrorCode = known?.code ?? 'INTERNAL_SERVER_ERROR';
      if (known) {
        // Neo4j's own messages can quote parameter values ("Text cannot be parsed to a Date: <value>"): only the
        // service's own messages, which never do, go into the log.
        const reason = NEO4J_WORDED.has(known.code) ? undefined : known.message;
        this.logger.info({ ...logFields, millis, rows: 0, outcome, reason }, 'cypher');
        throw known;
      }
      this.logger.error({ ...logFields, millis, rows: 0, outcome, err: error }, 'cypher');
      throw new CypherError('INTERNAL_SERVER_ERROR', 'Internal server error.');
    }
  }

  private validate(request: CypherRequest): Validated {
    const { limits } = this;
    if (typeof request.query !== 'string' || request.query.trim() === '') {
      throw new CypherError('BAD_USER_INPUT', 'query must be a non-empty string of Cypher.');
    }
    if (request.query.length > limits.maxQueryLength) {
      throw new CypherError(
        'CYPHER_QUERY_TOO_LONG',
        `The query is ${request.query.length} characters long; the most allowed is ${limits.maxQueryLength}. ` +
          'Pass values as params instead of writing them into the text.',
      );
    }
    const mode = OWN_EXECUTION_MODE.exec(request.query)?.[1];
    if (mode) {
      throw new CypherError(
        'BAD_USER_INPUT',
        `${mode.toUpperCase()} is not supported here: the service plans every query itself, and runs it only when ` +
          'the plan is read-only. Send the query without it.',
      );
    }
    // Converted first: that checks the nesting depth (at most 16), so measuring the size below cannot overflow the
    // stack on a params object nested thousands of levels deep.
    let params: Record<string, unknown>;
    try {
      params = toDriverParams(request.params);
    } catch (error) {
      if (error instanceof ParamsError) throw new CypherError('BAD_USER_INPUT', `params: ${error.message}.`);
      throw error;
    }
    if (request.params !== undefined && request.params !== null) {
      const bytes = Buffer.byteLength(JSON.stringify(request.params) ?? '', 'utf8');
      if (bytes > limits.maxParamsBytes) {
        throw new CypherError(
          'BAD_USER_INPUT',
          `params is ${bytes} bytes as JSON; the most allowed is ${limits.maxParamsBytes}.`,
        );
      }
    }
    return {
      query: request.query,
      params,
      limit: intInRange('limit', request.limit, limits.defaultRows, 1, limits.maxRows),
      timeoutMs: intInRange('timeoutMs', request.timeoutMs, limits.defaultTimeoutMs, 1, limits.maxTimeoutMs),
    };
  }

  private async execute(
    input: Validated,
    requestId: string | undefined,
    started: number,
    { stats, deadline }: RequestScope,
  ): Promise<CypherResult> {
    const executing = performance.now();
    // Each tx.run below is one query sent; BEGIN and ROLLBACK are not counted (as for the service's own reads).
    const sent = { queries: 0 };
    const session = this.db.driver.session({
      database: this.db.name,
      defaultAccessMode: neo4j.session.READ,
      fetchSize: Math.min(input.limit + 1, MAX_FETCH),
    });
    const held: { tx?: Transaction } = {};
    let abandoned = false;
    try {
      // The request's deadline bounds the wait too (the analyst's timeout is below it by configuration): past it,
      // the answer is TIMEOUT at once and the session is closed in the background, even if Neo4j never answers.
      return await beforeDeadline(
        deadline,
        (remainingMs) =>
          this.executeIn(session, input, requestId, started, sent, remainingMs, (tx) => {
            held.tx = tx;
          }),
        () => {
          abandoned = true;
          session.close().catch(() => undefined);
        },
      );
    } finally {
      // Nothing an analyst runs is ever committed.
      if (!abandoned) {
        if (held.tx?.isOpen()) await held.tx.rollback().catch(() => undefined);
        await session.close().catch(() => undefined);
      }
      if (stats) {
        stats.roundTrips += sent.queries;
        stats.dbMillis += performance.now() - executing;
      }
    }
  }

  private async executeIn(
    session: Session,
    input: Validated,
    requestId: string | undefined,
    started: number,
    sent: { queries: number },
    remainingMs: number | undefined,
    opened: (tx: Transaction) => void,
  ): Promise<CypherResult> {
    const tx = await session.beginTransaction({
      timeout: remainingMs === undefined ? input.timeoutMs : Math.min(input.timeoutMs, remainingMs),
      metadata: { app: 'myoclonus-cypher', ...(requestId ? { requestId } : {}) },
    });
    opened(tx);
    sent.queries += 1;
    const explained = await this.explain(tx, input);
    sent.queries += 1;
    const streamed = await streamRows(tx, input.query, input.params, input.limit);
    const ends = await resolveEnds(tx, streamed.records, sent);
    const rows = streamed.records.map((record) => {
      const row: { [column: string]: Plain } = {};
      for (const column of streamed.columns) row[column] = toCypherJson(record.get(column), ends);
      return row;
    });
    const notices: CypherNotice[] = explained.notifications.map((n) => ({
      code: n.code,
      message: n.description || n.title,
    }));
    if (streamed.truncated) {
      notices.unshift({
        code: 'CYPHER_TRUNCATED',
        message:
          `The query returned more than ${input.limit} rows; only the first ${input.limit} are here. Ask for a ` +
          `higher limit (at most ${this.limits.maxRows}), aggregate, or page with SKIP/LIMIT and ORDER BY.`,
      });
    }
    return {
      columns: streamed.columns,
      rows,
      truncated: streamed.truncated,
      limit: input.limit,
      millis: Math.round((performance.now() - started) * 10) / 10,
      notices,
    };
  }

  /** Plans the query without running it; refuses it unless checkPlan lets it through. */
  private async explain(tx: Transaction, input: Validated): Promise<ResultSummary> {
    let summary: ResultSummary;
    try {
      summary = (await tx.run(EXPLAIN_PREFIX + input.query, input.params)).summary;
    } catch (error) {
      throw toCypherError(error, input.timeoutMs, EXPLAIN_PREFIX.length) ?? error;
    }
    const refusal = checkPlan({ queryType: summary.queryType, plan: summary.plan }, this.db.name);
    if (refusal) throw new CypherError(refusal.code, refusal.message);
    return summary;
  }
}

export interface StreamedRows {
  columns: string[];
  records: Neo4jRecord[];
  truncated: boolean;
}

/**
 * Runs `query` in `tx` and reads at most `limit` rows. It asks for one more to know whether there are more; at that
 * row it stops, and the driver discards the rest on the server: the rows past the cap are never sent.
 */
export async function streamRows(
  tx: Transaction,
  query: string,
  params: Record<string, unknown>,
  limit: number,
): Promise<StreamedRows> {
  const result = tx.run(query, params);
  const records: Neo4jRecord[] = [];
  let truncated = false;
  for await (const record of result) {
    if (records.length === limit) {
      truncated = true;
      break;
    }
    records.push(record);
  }
  const columns = [...(await result.keys())];
  return { columns, records, truncated };
}

/**
 * Stable ids of the nodes at the ends of returned relationships. Ends met as nodes in the rows need nothing more;
 * the others are looked up in one query, in the same transaction (so the same snapshot and timeout).
 */
async function resolveEnds(
  tx: Transaction,
  records: readonly Neo4jRecord[],
  sent: { queries: number },
): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const ends = new Set<string>();
  for (const record of records) for (const value of record.values()) collectGraphIds(value, known, ends);
  const missing = [...ends].filter((e) => !known.has(e));
  if (missing.length > 0) {
    sent.queries += 1;
    const found = await tx.run(
      'UNWIND $ids AS e MATCH (n) WHERE elementId(n) = e RETURN e, coalesce(n.id, e) AS id',
      { ids: missing },
    );
    for (const r of found.records) known.set(r.get('e') as string, String(r.get('id')));
  }
  return known;
}
