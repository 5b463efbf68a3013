import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { createApp } from '../../src/app';
import type { AppConfig } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/request/context';
import type { Context } from '../../src/request/context';
import { createLogger } from '../../src/logger';
import type { Logger } from '../../src/logger';
import type { Database } from '../../src/neo4j/database';
import { newServiceRequest } from '../../src/request/request';
import { buildAppSchema } from '../../src/schema';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

export interface TestApi {
  apollo: ApolloServer<Context>;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  /** The HTTP server `apollo.stop()` drains (not listening until a test makes it listen). */
  server: Awaited<ReturnType<typeof createApp>>['server'];
  cypher: Awaited<ReturnType<typeof createApp>>['cypher'];
  /** The app's Prometheus metrics (GET /metrics); undefined with `metrics: false`. */
  metrics: Awaited<ReturnType<typeof createApp>>['metrics'];
  /** The app's response cache; undefined unless `responseCache` was given. */
  responseCache: Awaited<ReturnType<typeof createApp>>['responseCache'];
  /** Runs one operation through Apollo Server (all plugins, formatError), with a fresh per-request context. */
  run<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/**
 * The configuration's defaults (config.ts, as with no environment variable set), with what the tests rely on: no
 * GraphiQL, and no response cache, so that tests that write to the graph and read it again see their writes at once.
 * A test that wants either passes it.
 */
function testConfig(overrides: Partial<AppConfig>): AppConfig {
  const defaults = loadConfig({});
  return {
    ...defaults,
    graphiql: false,
    responseCache: { ...defaults.responseCache, maxBytes: 0 },
    ...overrides,
  };
}

/** The real schema and Apollo server over the test database, as the service builds them. */
export async function createTestApi(
  db: Database,
  options: Partial<AppConfig> & { logger?: Logger } = {},
): Promise<TestApi> {
  const { logger, ...overrides } = options;
  const config = testConfig(overrides);
  const { app, server, apollo, cypher, metrics, responseCache } = await createApp(config, {
    db,
    schema: await buildAppSchema(),
    logger: logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'json'),
  });
  return {
    app,
    server,
    apollo,
    cypher,
    metrics,
    responseCache,
    async run<T>(query: string, variables?: Record<string, unknown>) {
      const response = await apollo.executeOperation<T>(
        { query, variables },
        {
          contextValue: createContext(
            db,
            newServiceRequest('test', config.deadlines.requestTimeoutMs),
            cypher,
          ),
        },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as GraphQLResult<T>;
    },
    stop: () => apollo.stop(),
  };
}

/** The data of a result that must have no errors (the errors are shown when there are some). */
export function dataOf<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  if (!result.data) throw new Error('no data');
  return result.data;
}

/** The ids `search(text)` returns, in order. */
export async function searchIds(api: TestApi, text: string): Promise<string[]> {
  const result = await api.run<{ search: { edges: Array<{ node: { id: string } }> } }>(
    'query ($text: String!) { search(text: $text) { edges { node { id } } } }',
    { text },
  );
  return dataOf(result).search.edges.map((e) => e.node.id);
}
/** Serves the test API over HTTP on a free loopback port; `url` is http://127.0.0.1:<port>. */
export async function listen(api: TestApi): Promise<{ server: Server; url: string }> {
  const server = api.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
