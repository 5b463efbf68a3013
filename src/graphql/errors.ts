import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { Neo4jError } from 'neo4j-driver';
import { DeadlineExceededError, isUnreachable } from '../neo4j/database';

/** Stable error codes clients can rely on (`errors[].extensions.code`). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** The request's deadline (REQUEST_TIMEOUT_MS) passed before Neo4j answered. */
  TIMEOUT: 'TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** Introspection asked for while it is off (GRAPHQL_INTROSPECTION, off in production). */
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** A request that is not a GraphQL request at all: malformed JSON, no query, a GET that could be a CSRF. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A GET without a preflight header or JSON content type (Apollo's CSRF prevention). */
  CSRF_PREVENTED: 'CSRF_PREVENTED',
  /** A POST whose body is not application/json. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  // Operation limits (limits.ts), one code each; docs/operations.md, "Operation limits".
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  BATCHED_REQUESTS_DISABLED: 'BATCHED_REQUESTS_DISABLED',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
} as const;

export type LimitCode =
  | 'INTROSPECTION_DISABLED'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'TOO_MANY_TOKENS'
  | 'QUERY_TOO_COMPLEX'
  | 'BATCHED_REQUESTS_DISABLED'
  | 'BODY_TOO_LARGE';

/** An operation refused by one of the limits (or introspection, when off) before anything ran; formatError shows its code and message. */
export class OperationLimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
  ) {
    super(message, { extensions: { code, http: { status: 400 } } });
  }
}

/** The limit error under an error Apollo wrapped (a validation error keeps the rule's error as originalError). */
function limitErrorOf(error: unknown): OperationLimitError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current; i++) {
    if (current instanceof OperationLimitError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * graphql-js's own error when a document passes the parser's maxTokens (limits.ts). graphql 16 spells it "more that
 * N tokens"; "than" is accepted too, for when that is fixed.
 */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens\. Parsing aborted\.$/;

/** A client error about one argument: the message names the argument and what is wrong with it. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}

/** The id a query starts from names nothing (of the kind the query needs). */
export function notFound(argument: string, id: string, what = 'concept'): GraphQLError {
  return new GraphQLError(`No ${what} with id "${id}" (argument "${argument}")`, {
    extensions: { code: ErrorCode.NOT_FOUND, argument },
  });
}

/** Neo4j stopped a transaction of the service's own at the request's deadline (its transaction timeout). */
const NEO4J_TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/** True when the request's deadline ended the work: the service's own race, or Neo4j's transaction timeout. */
export function isDeadlineExceeded(error: unknown): boolean {
  return (
    error instanceof DeadlineExceededError ||
    (error instanceof Neo4jError && NEO4J_TIMEOUT_CODES.has(error.code))
  );
}

/** Apollo's CSRF prevention refuses a request with this message (and code BAD_REQUEST). */
const CSRF_REFUSAL = /^This operation has been blocked as a potential Cross-Site Request Forgery/;

/** True for driver errors that mean Neo4j cannot be reached right now (as opposed to a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Neo4jError)) return false;
  return (
    isUnreachable(error) ||
    // Every pooled connection is busy past NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS: Neo4j is not keeping up.
    /^Connection acquisition timed out/.test(error.message) ||
    error.code.startsWith('Neo.TransientError.General.DatabaseUnavailable') ||
    error.code === 'Neo.ClientError.Security.AuthenticationRateLimit'
  );
}

/**
 * What clients see of an error. Errors the service raised on purpose (they carry a code other than
 * INTERNAL_SERVER_ERROR) pass through; database outages get DATABASE_UNAVAILABLE; anything else becomes a generic
 * INTERNAL_SERVER_ERROR with no message, stack or driver detail (the log has them, under the request id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  // A limit's refusal, even where Apollo wrapped it as a validation error: its own code, no locations.
  const limit = limitErrorOf(error);
  if (limit) return { message: limit.message, extensions: { code: limit.code } };
  const tokens = code === ErrorCode.GRAPHQL_PARSE_FAILED ? TOKEN_LIMIT.exec(formatted.message) : null;
  if (tokens)
    return {
      message: `Token limit of ${tokens[1]} exceeded.`,
      extensions: { code: ErrorCode.TOO_MANY_TOKENS },
    };
  if (code === ErrorCode.BAD_REQUEST && CSRF_REFUSAL.test(formatted.message)) {
    return {
      message:
        'Refused as a possible cross-site request forgery: send a POST with Content-Type: application/json, or a ' +
        'GET with an apollo-require-preflight header.',
      extensions: { code: ErrorCode.CSRF_PREVENTED },
    };
  }
  if (isDeadlineExceeded(original)) {
    return {
      message: 'The request ran out of time and was stopped; try again shortly.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.TIMEOUT },
    };
  }
  if (isDatabaseUnavailable(original)) {
    return {
      message: 'The database is unavailable right now; try again shortly.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    };
  }
  // graphql-js's own errors at execution time (an argument's value that does not fit its type) are about the
  // request, not the server: they carry no original error and a message safe to show.
  if (
    original instanceof GraphQLError &&
    !original.originalError &&
    /^(Argument|Variable) "/.test(original.message) &&
    (!code || code === ErrorCode.INTERNAL_SERVER_ERROR)
  ) {
    return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
