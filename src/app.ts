import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { cypherRouter } from './cypher/cypher.http';
import { CypherService } from './cypher/cypher.service';
import { formatError } from './graphql/errors';
import { knownOperationTypeRule, limitParseOptions, limitRules, noIntrospectionRule } from './graphql/limits';
import { costLimitPlugin } from './graphql/plugins/cost-limit.plugin';
import { errorLogPlugin } from './graphql/plugins/error-log.plugin';
import { graphiqlPlugin } from './graphql/plugins/graphiql.plugin';
import { lifecyclePlugin } from './graphql/plugins/lifecycle.plugin';
import { noPartialAnswersPlugin } from './graphql/plugins/no-partial-answers.plugin';
import { queryStatsPlugin } from './graphql/plugins/query-stats.plugin';
import { requestObserverPlugin } from './graphql/plugins/request-observer.plugin';
import { httpErrorHandler } from './http/error-handler';
import { announcedBodyLimit, corsFor, jsonPostsOnly, oneOperation } from './http/guards';
import { jsonBody } from './http/json-body';
import { probes } from './http/probes';
import { requestOf, trackRequests } from './http/request-tracking';
import { ResponseCache, responseCacheMiddleware, responseCachePlugin } from './http/response-cache';
import type { Logger } from './logger';
import type { Database } from './neo4j/database';
import { Metrics } from './observability/metrics';
import { RequestObserver } from './observability/request-observer';
import { createContext } from './request/context';
import type { Context } from './request/context';

/** The settings the HTTP application reads, as the configuration loader (config.ts) gives them. */
export type AppConfig = Pick<
  Config,
  | 'queryStats'
  | 'metricsEnabled'
  | 'cypher'
  | 'limits'
  | 'production'
  | 'introspection'
  | 'graphiql'
  | 'corsOrigins'
  | 'deadlines'
  | 'responseCache'
>;

/** What the application runs on. */
export interface AppRuntime {
  db: Database;
  schema: GraphQLSchema;
  logger: Logger;
}

export interface App {
  app: express.Express;
  /**
   * The HTTP server over `app`, not yet listening. `apollo.stop()` drains it: it stops accepting connections, lets
   * requests in flight finish (up to SHUTDOWN_GRACE_MS, then closes their connections) and only then returns.
   */
  server: http.Server;
  apollo: ApolloServer<Context>;
  cypher: CypherService;
  /** The app's own Prometheus registry and metrics (GET /metrics); undefined with METRICS_ENABLED=false. */
  metrics: Metrics | undefined;
  /** The cache of answers; undefined when it is off. */
  responseCache: ResponseCache | undefined;
}

/**
 * The HTTP application: POST /graphql, POST /cypher (read-only Cypher as JSON), GET /health (process up), GET /ready
 * (Neo4j answers, schema applied), GET /metrics.
 */
export async function createApp(config: AppConfig, { db, schema, logger }: AppRuntime): Promise<App> {
  const { limits, deadlines } = config;
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  /** Set when stopping starts: GET /ready answers 503 from then on, so a load balancer sends nothing new. */
  let draining = false;
  const cypher = new CypherService(db, config.cypher, logger);
  const metrics = config.metricsEnabled ? new Metrics() : undefined;
  const responseCache =
    config.responseCache.maxBytes > 0 ? new ResponseCache(db, config.responseCache, logger) : undefined;
  if (responseCache) metrics?.watchResponseCache(() => responseCache.stats());
  logBreakerChanges(db, logger);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // In production, a misspelt field gets no "Did you mean ...?": the schema is not revealed piecemeal either.
    hideSchemaDetailsFromClientErrors: config.production,
    // Introspection, when off, is refused by a validation rule of ours (limits.ts), with its own code.
    introspection: true,
    // Operation limits, all checked before execution: tokens while parsing, depth, aliases and directives while
    // validating, cost once the operation and its variables are known.
    parseOptions: limitParseOptions(limits),
    validationRules: [
      ...limitRules(limits),
      knownOperationTypeRule,
      ...(config.introspection ? [] : [noIntrospectionRule]),
    ],
    // Apollo 5's default, stated: a JSON array of operations is refused (the oneOperation guard answers it first,
    // with its own code).
    allowBatchedHttpRequests: false,
    // main.ts owns SIGINT/SIGTERM. Apollo's own handlers (on unless NODE_ENV=test) would call stop() a second time
    // while main's shutdown is stopping it, and in @apollo/server 5.5 that second call waits forever: npm start
    // never exited on Ctrl-C.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer: server,
        stopGracePeriodMillis: deadlines.shutdownGraceMs,
      }),
      lifecyclePlugin({ draining: () => (draining = true), stopping: () => responseCache?.stop() }),
      config.graphiql ? graphiqlPlugin<Context>() : ApolloServerPluginLandingPageDisabled(),
      // Apollo's default cache-control plugin wraps every field resolver to collect cache hints, which this schema
      // does not set: off, a page of nested relations resolves ~20,000 fields without that wrapper.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin<Context>(limits),
      noPartialAnswersPlugin<Context>(),
      ...(responseCache ? [responseCachePlugin(responseCache)] : []),
      ...(config.queryStats ? [queryStatsPlugin()] : []),
      requestObserverPlugin(),
      errorLogPlugin(logger),
    ],
  });
  await apollo.start();
  await responseCache?.start();

  const endpoints = ['/graphql', '/cypher'];
  const cors = corsFor(config.corsOrigins);
  app.use(trackRequests(new RequestObserver(logger, metrics), deadlines.requestTimeoutMs));
  app.use(probes(db, metrics, () => draining));
  // Compressed bodies are refused (415) by jsonBody: a small gzip body can inflate a thousandfold, and a GraphQL
  // request within the cap gains nothing from compression.
  app.use(endpoints, announcedBodyLimit(limits.maxBodyBytes));
  if (cors) app.use(endpoints, cors);
  app.use(
    '/graphql',
    jsonPostsOnly,
    jsonBody(limits.maxBodyBytes),
    oneOperation,
    ...(responseCache ? [responseCacheMiddleware(responseCache, config.queryStats)] : []),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(db, requestOf(res), cypher) }),
  );
  app.use('/cypher', cypherRouter(cypher, requestOf, limits.maxBodyBytes));
  app.use(httpErrorHandler(logger, limits.maxBodyBytes));

  return { app, server, apollo, cypher, metrics, responseCache };
}

/** An outage is logged once when found and once when over; the lines of the requests refused meanwhile are warnings. */
function logBreakerChanges(db: Database, logger: Logger): void {
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
}
