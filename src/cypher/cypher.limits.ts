/**
 * The bounds of analysts' Cypher and their defaults, apart from cypher.service.ts so that the configuration (and the
 * command lines that read it) load without the Cypher service's modules.
 */

/** The bounds of analysts' Cypher; each comes from an environment variable (docs/configuration.md). */
export interface CypherLimits {
  /** CYPHER_DEFAULT_TIMEOUT_MS: the transaction timeout when the caller gives none. */
  defaultTimeoutMs: number;
  /** CYPHER_MAX_TIMEOUT_MS: the longest timeout a caller may ask for. */
  maxTimeoutMs: number;
  /** CYPHER_DEFAULT_ROWS: rows returned when the caller gives no limit. */
  defaultRows: number;
  /** CYPHER_MAX_ROWS: the highest limit a caller may ask for. */
  maxRows: number;
  /** CYPHER_MAX_QUERY_LENGTH: the longest query text, in characters. */
  maxQueryLength: number;
  /** CYPHER_MAX_PARAMS_BYTES: the largest params object, as JSON. */
  maxParamsBytes: number;
}

export const DEFAULT_CYPHER_LIMITS: CypherLimits = {
  defaultTimeoutMs: 5_000,
  // Below the request deadline (REQUEST_TIMEOUT_MS, 10 s), so an analyst's timeout is the one that fires.
  maxTimeoutMs: 8_000,
  defaultRows: 1_000,
  maxRows: 10_000,
  maxQueryLength: 10_000,
  maxParamsBytes: 65_536,
};
