import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import cors from 'cors';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode } from 'graphql';
import { DEFAULT_DEADLINES } from './config';
import type { Logger } from './logger';
import { cypherRouter } from './cypher/cypher.http';
import { CypherService, DEFAULT_CYPHER_LIMITS } from './cypher/cypher.service';
import type { CypherLimits } from './cypher/cypher.service';
import { createContext } from './graphql/context';
import type { Context } from './graphql/context';
import { isUtf8 } from './http/content-type';
import { jsonBody } from './http/json-body';
import {
  cacheableRequest,
  negotiatedType,
  notModified,
  NOT_CACHEABLE_FIELDS,
  ResponseCache,
} from './http/response-cache';
import type { CacheTicket, ResponseCacheOptions } from './http/response-cache';
import { ErrorCode, formatError, isDatabaseUnavailable, isDeadlineExceeded } from './graphql/errors';
import { graphiqlPlugin } from './graphql/graphiql';
import {
  costLimitPlugin,
  knownOperationTypeRule,
  limitParseOptions,
  limitRules,
  noIntrospectionRule,
} from './graphql/limits';
import { DEFAULT_OPERATION_LIMITS } from './graphql/operation-limits';
import type { OperationLimits } from './graphql/operation-limits';
import { queryStatsPlugin } from './graphql/query-stats.plugin';
import type { Database, QueryStats } from './neo4j/database';
import { newQueryStats, newRequestScope } from './neo4j/database';
import { Metrics } from './observability/metrics';
import { RequestObserver, requestObserverPlugin } from './observability/request-observer';
import { schemaApplied } from './neo4j/schema';

export interface AppOptions {
  db: Database;
  schema: GraphQLSchema;
  logger: Logger;
  queryStats: boolean;
  /** Serve Prometheus metrics at GET /metrics (config: METRICS_ENABLED); on when absent. */
  metrics?: boolean;
  /** Bounds of analysts' Cypher (config: CYPHER_*); the defaults when absent. */
  cypherLimits?: CypherLimits;
  /** Bounds of every request (config: GRAPHQL_MAX_*, HTTP_MAX_BODY_BYTES); the defaults when absent. */
  operationLimits?: OperationLimits;
  /** Production mode (NODE_ENV=production): errors never name schema fields ("Did you mean ...?"). */
  production?: boolean;
  /** Introspection allowed (GRAPHQL_INTROSPECTION); on when absent. */
  introspection?: boolean;
  /** GraphiQL for browsers at GET /graphql (GRAPHIQL); off when absent. */
  graphiql?: boolean;
  /** Origins a browser may call the API from (CORS_ORIGINS); none when absent, ['*'] for any. */
  corsOrigins?: readonly string[];
  /** Every request's deadline (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** How long stopping waits for requests in flight (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** Answers of queries kept per graph version (RESPONSE_CACHE_*); off when absent or maxBytes is 0. */
  responseCache?: ResponseCacheOptions;
}

export interface App {
  app: express.Express;
  /**
   * The HTTP server over `app`, not yet listening. `apollo.stop()` drains it: it stops accepting connections, lets
   * requests in flight finish (up to shutdownGraceMs, then closes their connections) and only then returns.
   */
  server: http.Server;
  apollo: ApolloServer<Context>;
  cypher: CypherService;
  /** The app's own Prometheus registry and metrics (GET /metrics); undefined with METRICS_ENABLED=false. */
  metrics: Metrics | undefined;
  /** The cache of answers; undefined when it is off. */
  responseCache: ResponseCache | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** GET /ready's own deadline: a probe (a load balancer's, Kubernetes') must get an answer before its own timeout. */
const READY_TIMEOUT_MS = 2_000;

/** One HTTP request as the log and metrics see it. */
interface Tracked {
  id: string;
  started: number;
  /** The code of a refusal sent before Apollo saw the request (body, batch), or of the /cypher router's answer. */
  code?: string;
  /** The operation and error codes of the GraphQL response, from the Apollo plugin. */
  operation?: string | null;
  codes?: readonly string[];
  /** Its Neo4j round trips, once a GraphQL context or the /cypher router counted them. */
  stats?: QueryStats;
  /** Set when the response cache may keep its answer: under this key, for this graph version. */
  ticket?: CacheTicket;
  /** Answered from the response cache. */
  cached?: boolean;
}

const tracked = new WeakMap<express.Request, Tracked>();

function trackOf(req: express.Request): Tracked {
  let t = tracked.get(req);
  if (!t) {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    t = { id, started: performance.now() };
    tracked.set(req, t);
  }
  return t;
}

/** The request id a client sent in X-Request-Id when it is well formed, else a new one (the same for one request). */
function requestIdOf(req: express.Request): string {
  return trackOf(req).id;
}

/** The code of a response refused before Apollo's pipeline ran (CSRF prevention, a malformed GraphQL request). */
function codeOfStatus(status: number): string | undefined {
  if (status < 400) return undefined;
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

/**
 * The HTTP application: POST /graphql, POST /cypher (read-only Cypher as JSON), GET /health (process up), GET /ready
 * (Neo4j answers, schema applied).
 */
export async function createApp({
  db,
  schema,
  logger,
  queryStats,
  cypherLimits,
  operationLimits = DEFAULT_OPERATION_LIMITS,
  metrics: metricsEnabled = true,
  production = false,
  introspection = true,
  graphiql = false,
  corsOrigins = [],
  requestTimeoutMs = DEFAULT_DEADLINES.requestTimeoutMs,
  shutdownGraceMs = DEFAULT_DEADLINES.shutdownGraceMs,
  responseCache: responseCacheOptions,
}: AppOptions): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  /** Set when stopping starts: GET /ready answers 503 from then on, so a load balancer sends nothing new. */
  let draining = false;
  const cypher = new CypherService(db, cypherLimits ?? DEFAULT_CYPHER_LIMITS, logger);
  const metrics = metricsEnabled ? new Metrics() : undefined;
  const observer = new RequestObserver(logger, metrics);
  const responseCache =
    responseCacheOptions && responseCacheOptions.maxBytes > 0
      ? new ResponseCache(db, responseCacheOptions, logger)
      : undefined;
  if (responseCache) metrics?.watchResponseCache(() => responseCache.stats());
  // An outage is logged once when found and once when over; the lines of the requests refused meanwhile are warnings.
  db.onBreakerChange((event) => {
    if (event.state === 'open') {
      logger.error(
        { neo4j: 'unreachable', error: event.error },
        'Neo4j unreachable: failing fast until it is back',
      );
    } else {
      logger.info(
        { neo4j: 'back', outageMs: Math.round(event.outageMs), warmUp: event.warmUp },
        'Neo4j is back: serving again',
      );
    }
  });
  /**
   * The request each GraphQL context belongs to, by its QueryStats object: Apollo hands plugins a shallow copy of
   * the context, so the context itself is not the same object, but its stats are.
   */
  const requestOfStats = new WeakMap<QueryStats, Tracked>();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // In production, a misspelt field gets no "Did you mean ...?": the schema is not revealed piecemeal either.
    hideSchemaDetailsFromClientErrors: production,
    // Introspection, when off, is refused by a validation rule of ours (limits.ts), with its own code.
    introspection: true,
    // Operation limits, all checked before execution: tokens while parsing, depth, aliases and directives while
    // validating, cost once the operation and its variables are known.
    parseOptions: limitParseOptions(operationLimits),
    validationRules: [
      ...limitRules(operationLimits),
      knownOperationTypeRule,
      ...(introspection ? [] : [noIntrospectionRule]),
    ],
    // Apollo 5's default, stated: a JSON array of operations is refused (the /graphql route below answers it first,
    // with its own code).
    allowBatchedHttpRequests: false,
    // main.ts owns SIGINT/SIGTERM. Apollo's own handlers (on unless NODE_ENV=test) would call stop() a second time
    // while main's shutdown is stopping it, and in @apollo/server 5.5 that second call waits forever: npm start
    // never exited on Ctrl-C.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: shutdownGraceMs }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              draining = true;
            },
            async serverWillStop() {
              responseCache?.stop();
            },
          };
        },
      },
      graphiql ? graphiqlPlugin<Context>() : ApolloServerPluginLandingPageDisabled(),
      // Apollo's default cache-control plugin wraps every field resolver to collect cache hints, which this schema
      // does not set: off, a page of nested relations resolves ~20,000 fields without that wrapper.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin<Context>(operationLimits),
      noPartialAnswersPlugin(),
      ...(responseCache
        ? [responseCachePlugin(responseCache, (stats) => requestOfStats.get(stats)?.ticket)]
        : []),
      ...(queryStats ? [queryStatsPlugin()] : []),
      requestObserverPlugin((stats, response) => {
        const t = requestOfStats.get(stats);
        if (t) Object.assign(t, response);
      }),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                // An outage or a deadline is in the request's own log line (its outcome), not a fault to trace.
                const original = error.originalError;
                if (isDatabaseUnavailable(original) || isDeadlineExceeded(original)) continue;
                if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
                  logger.error(
                    { requestId: contextValue.requestId, err: error.originalError ?? error },
                    error.message,
                  );
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  await responseCache?.start();

  // Every response names its request id; every request to /graphql and /cypher gets one log line, written here
  // when the response is sent, from what the Apollo plugin or the /cypher router recorded, or from the refusal
  // sent before either saw the request.
  app.use((req, res, next) => {
    const t = trackOf(req);
    res.setHeader('x-request-id', t.id);
    const endpoint = /^\/graphql(\/|$)/.test(req.path)
      ? 'graphql'
      : /^\/cypher(\/|$)/.test(req.path)
        ? 'cypher'
        : null;
    if (endpoint) {
      res.on('finish', () => {
        const code = t.code ?? codeOfStatus(res.statusCode);
        observer.finished({
          requestId: t.id,
          endpoint,
          operation: endpoint === 'cypher' ? 'cypher_http' : t.operation,
          durationMs: performance.now() - t.started,
          stats: t.stats ?? newQueryStats(),
          codes: t.codes ?? (code ? [code] : []),
          ...(t.cached ? { cached: true } : {}),
        });
      });
    }
    next();
  });

  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(await metrics.text());
    });
  }

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'stopping', neo4j: null, schema: null });
      return;
    }
    // A probe answers within its own short deadline, even when Neo4j hangs.
    const scope = newRequestScope(READY_TIMEOUT_MS);
    const reachable = await db.ping(scope);
    const applied = reachable ? await schemaApplied(db, scope).catch(() => false) : false;
    const ready = reachable && applied;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', neo4j: reachable, schema: applied });
  });

  // A body announced larger than the cap is refused before a byte of it is read (chunked bodies, whose length is not
  // announced, are counted as they arrive by jsonBody, which answers as soon as the cap is passed). Compressed bodies are refused (415): a small gzip body
  // can inflate a thousandfold, and a GraphQL request within the cap gains nothing from compression.
  app.use(
    ['/graphql', '/cypher'],
    (req: express.Request, _res: express.Response, next: express.NextFunction) => {
      const announced = Number(req.headers['content-length'] ?? 0);
      if (announced > operationLimits.maxBodyBytes) {
        next(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }));
        return;
      }
      next();
    },
  );

  // CORS only for the origins configured; with none, browsers on other sites cannot read any answer.
  if (corsOrigins.length > 0) {
    const corsMiddleware = cors({
      origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    });
    app.use('/graphql', corsMiddleware);
    app.use('/cypher', corsMiddleware);
  }

  app.use(
    '/graphql',
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      // A POST carries JSON or nothing useful: a form or text/plain body is refused before it is read (this is
      // also what keeps HTML forms on other sites from posting here).
      if (req.method !== 'POST' || (req.is('application/json') && isUtf8(req))) return next();
      trackOf(req).code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      res.status(415).json({
        errors: [
          {
            message: 'Send the request as Content-Type: application/json, in UTF-8.',
            extensions: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
          },
        ],
      });
    },
    jsonBody(operationLimits.maxBodyBytes),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      // One operation per request: a batch would multiply every other limit by its length.
      if (!Array.isArray(req.body)) return next();
      trackOf(req).code = ErrorCode.BATCHED_REQUESTS_DISABLED;
      res.status(400).json({
        errors: [
          {
            message: 'Batched requests are disabled: send one operation per request.',
            extensions: { code: ErrorCode.BATCHED_REQUESTS_DISABLED },
          },
        ],
      });
    },
    // Answers kept by the response cache are sent from here; the others get a ticket to be kept under.
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (!responseCache) return next();
      const request =
        req.method === 'POST'
          ? cacheableRequest(req.body, false)
          : // A GET is answered only when Apollo's CSRF prevention would let it through (a preflight header).
            req.method === 'GET' &&
              (req.headers['apollo-require-preflight'] !== undefined ||
                req.headers['x-apollo-operation-name'] !== undefined)
            ? cacheableRequest(req.query, true)
            : null;
      const type = negotiatedType(req.headers.accept);
      const ticket = request && type ? responseCache.ticket(request) : null;
      if (!ticket) return next();
      const t = trackOf(req);
      const answer = responseCache.lookup(ticket);
      if (!answer) {
        t.ticket = ticket;
        return next();
      }
      Object.assign(t, { cached: true, operation: answer.operation, codes: [] });
      res.setHeader('etag', answer.etag);
      if (notModified(req.headers, answer.etag)) {
        res.status(304).end();
        return;
      }
      res.status(200).setHeader('content-type', type!);
      res.end(queryStats ? withZeroQueryStats(answer.body) : answer.body);
    },
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const context = createContext(db, requestIdOf(req), cypher, requestTimeoutMs);
        const t = trackOf(req);
        t.stats = context.stats;
        requestOfStats.set(context.stats, t);
        return context;
      },
    }),
  );

  app.use(
    '/cypher',
    cypherRouter(
      cypher,
      requestIdOf,
      operationLimits.maxBodyBytes,
      requestTimeoutMs,
      (req, { code, stats }) => {
        Object.assign(trackOf(req), { code, stats });
      },
    ),
  );

  // Body-parser failures (malformed JSON, too large) answer in the endpoint's error shape (GraphQL's, or POST
  // /cypher's `{ error }`), never with an HTML page.
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    const type = (error as { type?: string }).type;
    const send = (httpStatus: number, code: string, message: string) => {
      trackOf(req).code = code;
      return req.path.startsWith('/cypher')
        ? res.status(httpStatus).json({ error: { code, message } })
        : res.status(httpStatus).json({ errors: [{ message, extensions: { code } }] });
    };
    if (status === 413 || type === 'entity.too.large') {
      // Answered at once; Node discards the rest of the body as it arrives (closing the connection instead would
      // reset it under a client still sending, which then never sees this answer).
      send(
        413,
        ErrorCode.BODY_TOO_LARGE,
        `Request body too large: the limit is ${operationLimits.maxBodyBytes} bytes.`,
      );
    } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      send(
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Send the body as JSON in UTF-8, uncompressed (no Content-Encoding).',
      );
    } else if (status && status >= 400 && status < 500) {
      send(
        status,
        'BAD_REQUEST',
        type === 'entity.parse.failed' ? 'Request body is not valid JSON.' : 'Bad request.',
      );
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      send(500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
    }
  });

  return { app, server, apollo, cypher, metrics, responseCache };
}

/** An answer from the cache, with the `extensions.queryStats` of QUERY_STATS=true: no Neo4j query was sent. */
function withZeroQueryStats(body: Buffer): Buffer {
  // body is `{"data":...}\n`: the extensions go before the closing brace.
  return Buffer.concat([
    body.subarray(0, body.length - 2),
    Buffer.from(',"extensions":{"queryStats":{"roundTrips":0,"dbMillis":0}}}\n'),
  ]);
}

/** The root fields an operation selects, through its fragments too. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document?.definitions ?? []) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return names;
}

/**
 * Keeps every successful answer of a query in the response cache (the requests the /graphql route gave a ticket to),
 * and sets its ETag; when the request's If-None-Match names it, the answer is 304 Not Modified without a body.
 */
function responseCachePlugin(
  cache: ResponseCache,
  ticketOf: (stats: QueryStats) => CacheTicket | undefined,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation, operationName, request, document }) {
          const ticket = ticketOf(contextValue.stats);
          if (!ticket || operation?.operation !== 'query' || response.body.kind !== 'single') return;
          if (rootFieldNames(operation.selectionSet, document).some((f) => NOT_CACHEABLE_FIELDS.has(f)))
            return;
          const { errors, data } = response.body.singleResult;
          if (errors || !data || (response.http.status ?? 200) !== 200) return;
          const answer = cache.store(ticket, data, operationName ?? null);
          if (!answer) return;
          response.http.headers.set('etag', answer.etag);
          const headers = request.http?.headers;
          if (
            headers &&
            notModified(
              {
                'if-none-match': headers.get('if-none-match'),
                'cache-control': headers.get('cache-control'),
              },
              answer.etag,
            )
          ) {
            response.http.status = 304;
          }
        },
      };
    },
  };
}

/** HTTP statuses of the answers that say the service could not answer at all (no data is sent with them). */
const OUTAGE_STATUS: Readonly<Record<string, number>> = {
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 504,
};

/**
 * No partial answers: when any part of an operation failed because Neo4j was unavailable or the deadline passed,
 * the whole answer is `data: null` with those errors, and HTTP 503 or 504, so that no client (or cache) takes half
 * an answer for a whole one and retries are easy to decide.
 */
function noPartialAnswersPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const statuses = (singleResult.errors ?? [])
            .map((e) => OUTAGE_STATUS[String(e.extensions?.code)])
            .filter((s): s is number => s !== undefined);
          if (statuses.length === 0) return;
          singleResult.data = null;
          response.http.status = Math.min(...statuses);
        },
      };
    },
  };
}
