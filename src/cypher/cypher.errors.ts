import { Neo4jError } from 'neo4j-driver';
import { isDatabaseUnavailable } from '../graphql/errors';
import { DeadlineExceededError } from '../neo4j/database';

/**
 * The error codes of the read-only Cypher endpoint, the same in GraphQL (`errors[].extensions.code`) and over
 * POST /cypher (`error.code`, with the HTTP status below). Truncation is not an error: the result says
 * `truncated: true` and carries a CYPHER_TRUNCATED notice.
 */
export const CypherErrorCode = {
  /** A bad argument: limit, timeoutMs or params out of range or of the wrong shape. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The query text is longer than CYPHER_MAX_QUERY_LENGTH. */
  CYPHER_QUERY_TOO_LONG: 'CYPHER_QUERY_TOO_LONG',
  /** Not valid Cypher: a syntax or semantic error, or a parameter the query names but params lacks. */
  CYPHER_SYNTAX_ERROR: 'CYPHER_SYNTAX_ERROR',
  /** Valid Cypher that failed while running (division by zero, a wrong type...). */
  CYPHER_EXECUTION_ERROR: 'CYPHER_EXECUTION_ERROR',
  /** The plan writes (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, a writing procedure) or changes the schema. */
  CYPHER_WRITE_REFUSED: 'CYPHER_WRITE_REFUSED',
  /**
   * A read that reaches outside the graph or the server's state: LOAD CSV, a procedure not allowed, SHOW
   * TRANSACTIONS, SHOW SETTINGS, TERMINATE TRANSACTIONS. (User and database administration such as SHOW USERS is
   * planned as a schema/administration query and gets CYPHER_WRITE_REFUSED.)
   */
  CYPHER_REFUSED: 'CYPHER_REFUSED',
  /** The transaction ran past its timeout and Neo4j stopped it. */
  CYPHER_TIMEOUT: 'CYPHER_TIMEOUT',
  /** The query needed more memory than one transaction may use (db.memory.transaction.max). */
  CYPHER_MEMORY_LIMIT: 'CYPHER_MEMORY_LIMIT',
  /** The request's deadline (REQUEST_TIMEOUT_MS) passed before Neo4j answered. */
  TIMEOUT: 'TIMEOUT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type CypherErrorCode = (typeof CypherErrorCode)[keyof typeof CypherErrorCode];

export const HTTP_STATUS: Readonly<Record<CypherErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  CYPHER_QUERY_TOO_LONG: 413,
  CYPHER_SYNTAX_ERROR: 400,
  CYPHER_EXECUTION_ERROR: 422,
  CYPHER_WRITE_REFUSED: 403,
  CYPHER_REFUSED: 403,
  CYPHER_TIMEOUT: 504,
  CYPHER_MEMORY_LIMIT: 422,
  TIMEOUT: 504,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** An error with a message for the analyst: no driver class names, no stack. */
export class CypherError extends Error {
  constructor(
    readonly code: CypherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CypherError';
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/**
 * The query is planned as `EXPLAIN\n<query>`, so Neo4j's positions are one line down and 8 characters on: put them
 * back so that they point into the analyst's own text.
 */
export function fixPositions(message: string, prefixLength: number): string {
  return message.replace(
    /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/g,
    (_m, line: string, column: string, offset: string) =>
      `(line ${Math.max(1, Number(line) - 1)}, column ${column} (offset: ${Math.max(0, Number(offset) - prefixLength)}))`,
  );
}

/** The request's deadline passed (the same words in GraphQL and over POST /cypher). */
export const TIMEOUT_MESSAGE = 'The request ran out of time and was stopped; try again shortly.';

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  'Neo.TransientError.Transaction.LockClientStopped',
]);

const COMPILE_CODES = new Set([
  'Neo.ClientError.Statement.SyntaxError',
  'Neo.ClientError.Statement.SemanticError',
  'Neo.ClientError.Statement.ParameterMissing',
  'Neo.ClientError.Statement.ParameterNotProvided',
  'Neo.ClientError.Statement.NotSystemDatabaseError',
  'Neo.ClientError.Statement.UnsupportedAdministrationCommand',
]);

/** A Java class name with a package ("java.lang.IllegalArgumentException: ", "org.apache.lucene...ParseException: "). */
const JAVA_CLASS = /\b(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b:?\s*/g;

/**
 * Neo4j's message, trimmed to what an analyst can read: no Java stack lines, no Java class names. When Neo4j wraps
 * an exception ("... Caused by: org.apache.lucene...ParseException: Cannot parse 'AND'..."), only the first line of
 * the innermost cause is kept (the rest is a parser's grammar listing).
 */
export function neo4jMessage(error: Neo4jError, prefixLength: number): string {
  let text = fixPositions(error.message, prefixLength);
  const causeAt = text.lastIndexOf('Caused by: ');
  if (causeAt >= 0) text = text.slice(causeAt + 'Caused by: '.length).split('\n')[0] ?? '';
  text = text
    .split('\n')
    .filter((line) => !/^\s+at [\w.$<>]+\(/.test(line))
    .join('\n')
    .replace(JAVA_CLASS, '')
    .trim();
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/**
 * A driver error as a CypherError; null for errors the analyst cannot act on (the caller logs them and answers
 * INTERNAL_SERVER_ERROR). `timeoutMs` goes into the timeout message; `prefixLength` is the EXPLAIN prefix's length
 * when the error came from planning.
 */
export function toCypherError(error: unknown, timeoutMs: number, prefixLength = 0): CypherError | null {
  if (error instanceof CypherError) return error;
  if (error instanceof DeadlineExceededError) return new CypherError('TIMEOUT', TIMEOUT_MESSAGE);
  if (isDatabaseUnavailable(error)) {
    return new CypherError(
      'DATABASE_UNAVAILABLE',
      'The database is unavailable right now; try again shortly.',
    );
  }
  if (!(error instanceof Neo4jError)) return null;
  const code = error.code;
  if (TIMEOUT_CODES.has(code) || /Transaction\.Terminated$/.test(code)) {
    return new CypherError(
      'CYPHER_TIMEOUT',
      `The query ran longer than its timeout of ${timeoutMs} ms and was stopped. Narrow it (a label, an index ` +
        'lookup, a LIMIT, a shorter variable-length pattern), or ask for a longer timeoutMs.',
    );
  }
  if (/MemoryPoolOutOfMemoryError|MemoryLimit|OutOfMemory/.test(code)) {
    return new CypherError(
      'CYPHER_MEMORY_LIMIT',
      'The query needed more memory than one query may use and was stopped. Aggregate less at once, or add a LIMIT.',
    );
  }
  if (
    code === 'Neo.ClientError.Statement.AccessMode' ||
    code.startsWith('Neo.ClientError.Security.Forbidden')
  ) {
    return new CypherError('CYPHER_WRITE_REFUSED', 'Refused: only read-only queries can run here.');
  }
  if (code === 'Neo.ClientError.Procedure.ProcedureNotFound') {
    const name = /name `([^`]+)`/.exec(error.message)?.[1];
    return new CypherError(
      'CYPHER_REFUSED',
      `Refused: no procedure ${name ? `\`${name}\` ` : ''}is available here. Only the read-only catalogue procedures ` +
        'listed in docs/cypher.md can be called.',
    );
  }
  if (COMPILE_CODES.has(code))
    return new CypherError('CYPHER_SYNTAX_ERROR', neo4jMessage(error, prefixLength));
  if (code.startsWith('Neo.ClientError.Statement.') || code.startsWith('Neo.ClientError.Procedure.')) {
    return new CypherError(
      'CYPHER_EXECUTION_ERROR',
      `The query failed while running: ${neo4jMessage(error, prefixLength)}`,
    );
  }
  return null;
}
