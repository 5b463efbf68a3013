import { z } from 'zod';
import { DEFAULT_CYPHER_LIMITS } from './cypher/cypher.limits';
import type { CypherLimits } from './cypher/cypher.limits';
import { DEFAULT_OPERATION_LIMITS } from './graphql/operation-limits';
import { DEFAULT_RESPONSE_CACHE } from './http/response-cache/options';
import type { ResponseCacheOptions } from './http/response-cache/options';
import type { OperationLimits } from './graphql/operation-limits';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);
/** 0 asks the system for any free port (tests). */
const httpPort = z.coerce.number().int().min(0).max(65535);
const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const memorySize = z.string().regex(/^\d+[kmgKMG]?$/, 'a size such as 512m or 1g');
/** `*`, or a comma-separated list of origins such as https://app.example.org (scheme, host, optional port). */
const corsOrigins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0),
  )
  .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)), {
    message: 'a comma-separated list of origins such as https://app.example.org, or *',
  })
  .refine((list) => !list.includes('*') || list.length === 1, { message: '* stands alone' });

/** Time budgets of one request (docs/operations.md, "Safe to expose"). */
export const DEFAULT_DEADLINES = {
  requestTimeoutMs: 10_000,
  /** Waiting for a free connection in the driver's pool. */
  connectionAcquisitionTimeoutMs: 5_000,
  /** Opening a new connection to Neo4j. */
  connectionTimeoutMs: 3_000,
  /** Retrying a transaction function (writes) after a transient error. */
  maxTransactionRetryTimeMs: 5_000,
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: 10_000,
} as const;

/** Every environment variable the service reads, with its default. docs/configuration.md lists the same. */
const envSchema = z
  .object({
    /** `production` turns introspection, GraphiQL and field suggestions off (each can be set on its own). */
    NODE_ENV: z.string().optional(),
    PORT: httpPort.default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    NEO4J_URI: z
      .string()
      .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/\S+$/, 'a bolt://, neo4j://, bolt+s:// or neo4j+s:// URI')
      .optional(),
    NEO4J_USERNAME: z.string().min(1).default('neo4j'),
    NEO4J_PASSWORD: z
      .string()
      .min(8, 'at least 8 characters (Neo4j refuses shorter passwords)')
      .default('myoclonus-local'),
    NEO4J_DATABASE: z.string().min(1).default('neo4j'),
    NEO4J_EMBEDDED_PORT: port.default(7687),
    NEO4J_EMBEDDED_DATA_DIR: z.string().min(1).default('.data/neo4j'),
    NEO4J_EMBEDDED_HEAP: memorySize.optional(),
    NEO4J_EMBEDDED_PAGECACHE: memorySize.optional(),
    SEED_DIR: z.string().min(1).default('seeds'),
    SEED_ON_EMPTY: bool.default(true),
    WARMUP_ON_START: bool.default(true),
    QUERY_STATS: bool.default(false),
    METRICS_ENABLED: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    CYPHER_DEFAULT_TIMEOUT_MS: positive(DEFAULT_CYPHER_LIMITS.defaultTimeoutMs),
    CYPHER_MAX_TIMEOUT_MS: positive(DEFAULT_CYPHER_LIMITS.maxTimeoutMs),
    CYPHER_DEFAULT_ROWS: positive(DEFAULT_CYPHER_LIMITS.defaultRows),
    CYPHER_MAX_ROWS: positive(DEFAULT_CYPHER_LIMITS.maxRows),
    CYPHER_MAX_QUERY_LENGTH: positive(DEFAULT_CYPHER_LIMITS.maxQueryLength),
    CYPHER_MAX_PARAMS_BYTES: positive(DEFAULT_CYPHER_LIMITS.maxParamsBytes),
    GRAPHQL_MAX_DEPTH: positive(DEFAULT_OPERATION_LIMITS.maxDepth),
    GRAPHQL_MAX_ALIASES: positive(DEFAULT_OPERATION_LIMITS.maxAliases),
    GRAPHQL_MAX_DIRECTIVES: positive(DEFAULT_OPERATION_LIMITS.maxDirectives),
    GRAPHQL_MAX_TOKENS: positive(DEFAULT_OPERATION_LIMITS.maxTokens),
    GRAPHQL_MAX_COST: positive(DEFAULT_OPERATION_LIMITS.maxCost),
    HTTP_MAX_BODY_BYTES: positive(DEFAULT_OPERATION_LIMITS.maxBodyBytes),
    GRAPHQL_INTROSPECTION: bool.optional(),
    GRAPHIQL: bool.optional(),
    CORS_ORIGINS: corsOrigins.default([]),
    REQUEST_TIMEOUT_MS: positive(DEFAULT_DEADLINES.requestTimeoutMs),
    NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS: positive(DEFAULT_DEADLINES.connectionAcquisitionTimeoutMs),
    NEO4J_CONNECTION_TIMEOUT_MS: positive(DEFAULT_DEADLINES.connectionTimeoutMs),
    NEO4J_MAX_TRANSACTION_RETRY_TIME_MS: positive(DEFAULT_DEADLINES.maxTransactionRetryTimeMs),
    SHUTDOWN_GRACE_MS: positive(DEFAULT_DEADLINES.shutdownGraceMs),
    RESPONSE_CACHE_MB: z.coerce
      .number()
      .min(0)
      .max(64 * 1024)
      .default(DEFAULT_RESPONSE_CACHE.maxBytes / 2 ** 20),
    RESPONSE_CACHE_CHECK_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(600_000)
      .default(DEFAULT_RESPONSE_CACHE.checkMs),
    RESPONSE_CACHE_TTL_MS: positive(DEFAULT_RESPONSE_CACHE.ttlMs),
  })
  // zod runs these even when a field failed: an invalid maximum is reported once, by its own check.
  .refine((e) => !(e.CYPHER_MAX_TIMEOUT_MS >= 1) || e.CYPHER_DEFAULT_TIMEOUT_MS <= e.CYPHER_MAX_TIMEOUT_MS, {
    path: ['CYPHER_DEFAULT_TIMEOUT_MS'],
    message: 'must not exceed CYPHER_MAX_TIMEOUT_MS',
  })
  .refine((e) => !(e.CYPHER_MAX_ROWS >= 1) || e.CYPHER_DEFAULT_ROWS <= e.CYPHER_MAX_ROWS, {
    path: ['CYPHER_DEFAULT_ROWS'],
    message: 'must not exceed CYPHER_MAX_ROWS',
  })
  // The driver gives up on a connection, and the /cypher timeout ends a query, before the request's deadline.
  .refine(
    (e) => !(e.REQUEST_TIMEOUT_MS >= 1) || e.NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS < e.REQUEST_TIMEOUT_MS,
    { path: ['NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS'], message: 'must be below REQUEST_TIMEOUT_MS' },
  )
  .refine((e) => !(e.REQUEST_TIMEOUT_MS >= 1) || e.NEO4J_CONNECTION_TIMEOUT_MS < e.REQUEST_TIMEOUT_MS, {
    path: ['NEO4J_CONNECTION_TIMEOUT_MS'],
    message: 'must be below REQUEST_TIMEOUT_MS',
  })
  .refine(
    (e) => !(e.REQUEST_TIMEOUT_MS >= 1) || e.NEO4J_MAX_TRANSACTION_RETRY_TIME_MS < e.REQUEST_TIMEOUT_MS,
    { path: ['NEO4J_MAX_TRANSACTION_RETRY_TIME_MS'], message: 'must be below REQUEST_TIMEOUT_MS' },
  )
  .refine((e) => !(e.REQUEST_TIMEOUT_MS >= 1) || e.CYPHER_MAX_TIMEOUT_MS < e.REQUEST_TIMEOUT_MS, {
    path: ['CYPHER_MAX_TIMEOUT_MS'],
    message: 'must be below REQUEST_TIMEOUT_MS',
  })
  // A Cypher params object within its own limit must fit in a body.
  .refine((e) => !(e.CYPHER_MAX_PARAMS_BYTES >= 1) || e.HTTP_MAX_BODY_BYTES >= e.CYPHER_MAX_PARAMS_BYTES, {
    path: ['HTTP_MAX_BODY_BYTES'],
    message: 'must be at least CYPHER_MAX_PARAMS_BYTES',
  });

export interface Neo4jConnectionConfig {
  uri: string;
  username: string;
  password: string;
  database: string;
}

export interface Config {
  port: number;
  host: string;
  /** Absent: start the embedded Neo4j. */
  neo4jUri: string | undefined;
  neo4j: Omit<Neo4jConnectionConfig, 'uri'>;
  embedded: { port: number; dataDir: string; heap: string | undefined; pageCache: string | undefined };
  seedDir: string;
  seedOnEmpty: boolean;
  /** Run the common requests once before listening (graphql/warmup.ts). */
  warmupOnStart: boolean;
  queryStats: boolean;
  /** Serve Prometheus metrics at GET /metrics. */
  metricsEnabled: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absent: readable lines on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | undefined;
  cypher: CypherLimits;
  limits: OperationLimits;
  /** NODE_ENV=production: the defaults below turn off, and errors never carry schema details. */
  production: boolean;
  /** Introspection queries allowed (GRAPHQL_INTROSPECTION; default: on unless production). */
  introspection: boolean;
  /** GraphiQL at GET /graphql for browsers (GRAPHIQL; default: on unless production). */
  graphiql: boolean;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS): none by default, or ['*'] for any. */
  corsOrigins: string[];
  deadlines: Deadlines;
  /** Answers kept per graph version (RESPONSE_CACHE_MB, _CHECK_MS, _TTL_MS); maxBytes 0: off. */
  responseCache: ResponseCacheOptions;
}

/** The time budgets (REQUEST_TIMEOUT_MS and the driver's timeouts below it, SHUTDOWN_GRACE_MS). */
export interface Deadlines {
  requestTimeoutMs: number;
  connectionAcquisitionTimeoutMs: number;
  connectionTimeoutMs: number;
  maxTransactionRetryTimeMs: number;
  shutdownGraceMs: number;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; a bad value is an error naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    neo4jUri: e.NEO4J_URI,
    neo4j: { username: e.NEO4J_USERNAME, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
    embedded: {
      port: e.NEO4J_EMBEDDED_PORT,
      dataDir: e.NEO4J_EMBEDDED_DATA_DIR,
      heap: e.NEO4J_EMBEDDED_HEAP,
      pageCache: e.NEO4J_EMBEDDED_PAGECACHE,
    },
    seedDir: e.SEED_DIR,
    seedOnEmpty: e.SEED_ON_EMPTY,
    warmupOnStart: e.WARMUP_ON_START,
    queryStats: e.QUERY_STATS,
    metricsEnabled: e.METRICS_ENABLED,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    cypher: {
      defaultTimeoutMs: e.CYPHER_DEFAULT_TIMEOUT_MS,
      maxTimeoutMs: e.CYPHER_MAX_TIMEOUT_MS,
      defaultRows: e.CYPHER_DEFAULT_ROWS,
      maxRows: e.CYPHER_MAX_ROWS,
      maxQueryLength: e.CYPHER_MAX_QUERY_LENGTH,
      maxParamsBytes: e.CYPHER_MAX_PARAMS_BYTES,
    },
    limits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
    },
    production,
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    graphiql: e.GRAPHIQL ?? !production,
    corsOrigins: e.CORS_ORIGINS,
    deadlines: {
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      connectionAcquisitionTimeoutMs: e.NEO4J_CONNECTION_ACQUISITION_TIMEOUT_MS,
      connectionTimeoutMs: e.NEO4J_CONNECTION_TIMEOUT_MS,
      maxTransactionRetryTimeMs: e.NEO4J_MAX_TRANSACTION_RETRY_TIME_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    responseCache: {
      maxBytes: Math.round(e.RESPONSE_CACHE_MB * 2 ** 20),
      checkMs: e.RESPONSE_CACHE_CHECK_MS,
      ttlMs: e.RESPONSE_CACHE_TTL_MS,
    },
  };
}
