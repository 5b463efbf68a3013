/**
 * System (b) of the comparison: an @neo4j/graphql server over the same graph, on the same HTTP stack as ours
 * (express 5, @apollo/server 5 through @as-integrations/express5), so that the difference measured is the GraphQL
 * layer, not the web framework. GET /health answers when it listens; GET /stats returns the Cypher queries it has
 * sent, counted at the driver (the round trips of a request are the difference around it).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import neo4j from 'neo4j-driver';
import type { Driver, ManagedTransaction, Session, SessionConfig } from 'neo4j-driver';
import { PEER_TYPE_DEFS } from './peer.typedefs';
import type { RunningSystem, SystemConnection } from './system';

/** Counts every `tx.run` the library makes through `session.executeRead` / `executeWrite` (the only ways it runs). */
function countingDriver(driver: Driver, counter: { queries: number }): Driver {
  const wrapWork =
    <T>(work: (tx: ManagedTransaction) => Promise<T> | T) =>
    async (tx: ManagedTransaction): Promise<T> =>
      work({
        run: (query: string, parameters?: Record<string, unknown>) => {
          counter.queries += 1;
          return tx.run(query, parameters);
        },
      } as ManagedTransaction);
  const session = (config?: SessionConfig): Session => {
    const real = driver.session(config);
    const executeRead = real.executeRead.bind(real);
    const executeWrite = real.executeWrite.bind(real);
    real.executeRead = (work, txConfig) => executeRead(wrapWork(work), txConfig);
    real.executeWrite = (work, txConfig) => executeWrite(wrapWork(work), txConfig);
    return real;
  };
  return {
    session,
    get executeQueryBookmarkManager() {
      return driver.executeQueryBookmarkManager;
    },
  } as unknown as Driver;
}

/** Starts the @neo4j/graphql server on `host:port` (0: any free port). */
export async function startPeerServer(connection: SystemConnection): Promise<RunningSystem> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    userAgent: 'bench-compare-peer',
  });
  const counter = { queries: 0 };
  let server: Server | undefined;
  try {
    const neoSchema = new Neo4jGraphQL({
      typeDefs: PEER_TYPE_DEFS,
      driver: countingDriver(driver, counter),
      // String comparisons, off by default: the page operation seeks past a name key (`nameKey: { gt: ... }`).
      features: { filters: { String: { GT: true } } },
    });
    const apollo = new ApolloServer({
      schema: await neoSchema.getSchema(),
      includeStacktraceInErrorResponses: false,
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    const app = express();
    app.disable('x-powered-by');
    app.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/stats', (_req, res) => {
      res.json({ queries: counter.queries });
    });
    app.use(
      '/graphql',
      express.json({ limit: '1mb' }),
      expressMiddleware(apollo, {
        context: async () => ({ sessionConfig: { database: connection.database } }),
      }),
    );
    const listening = app.listen(connection.port, connection.host);
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve);
      listening.once('error', reject);
    });
    const { port } = listening.address() as AddressInfo;
    let stopped: Promise<void> | undefined;
    return {
      url: `http://${connection.host}:${port}`,
      stop: () =>
        (stopped ??= (async () => {
          listening.closeAllConnections();
          await new Promise<void>((resolve) => listening.close(() => resolve()));
          await apollo.stop();
          await driver.close();
        })()),
    };
  } catch (error) {
    server?.close();
    await driver.close();
    throw error;
  }
}
