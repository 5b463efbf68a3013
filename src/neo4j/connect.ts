import path from 'node:path';
import type { Config as DriverConfig } from 'neo4j-driver';
import type { Config, Deadlines } from '../config';
import { PROJECT_ROOT } from '../paths';
import { createDriver, Database } from './database';
import { startEmbeddedNeo4j } from './embedded';
import type { EmbeddedNeo4j } from './embedded';

export interface Neo4jConnection {
  db: Database;
  uri: string;
  /** The embedded Neo4j this process started, if it started one. */
  embedded: EmbeddedNeo4j | null;
  close(): Promise<void>;
}

/** The driver's own waits, each below the request deadline (config.ts checks), so a request fails in time. */
export function driverOptions(deadlines: Deadlines): DriverConfig {
  return {
    connectionAcquisitionTimeout: deadlines.connectionAcquisitionTimeoutMs,
    connectionTimeout: deadlines.connectionTimeoutMs,
    maxTransactionRetryTime: deadlines.maxTransactionRetryTimeMs,
  };
}

async function tryConnect(uri: string, config: Config): Promise<Database | null> {
  const driver = createDriver({ uri, ...config.neo4j }, driverOptions(config.deadlines));
  try {
    await driver.verifyAuthentication();
    return new Database(driver, config.neo4j.database);
  } catch {
    await driver.close();
    return null;
  }
}

/**
 * Connects to Neo4j the one way the configuration says: NEO4J_URI when set (any Neo4j 5, `neo4j://` routing
 * included), else the embedded Neo4j, started here. With `reuseRunningEmbedded`, an embedded Neo4j already
 * running on the configured port (a running service's) is used instead of starting a second one on the same data.
 */
export async function connectNeo4j(
  config: Config,
  log: (line: string) => void,
  options: { reuseRunningEmbedded?: boolean } = {},
): Promise<Neo4jConnection> {
  if (config.neo4jUri) {
    const uri = config.neo4jUri;
    const db = new Database(
      createDriver({ uri, ...config.neo4j }, driverOptions(config.deadlines)),
      config.neo4j.database,
    );
    await db.driver.verifyConnectivity({ database: config.neo4j.database });
    log(`Using Neo4j at ${uri} (database ${config.neo4j.database})`);
    return { db, uri, embedded: null, close: () => db.close() };
  }
  const uri = `bolt://127.0.0.1:${config.embedded.port}`;
  if (options.reuseRunningEmbedded) {
    const running = await tryConnect(uri, config);
    if (running) {
      log(`Using the embedded Neo4j already running at ${uri}`);
      return { db: running, uri, embedded: null, close: () => running.close() };
    }
  }
  const embedded = await startEmbeddedNeo4j({
    dataDir: path.resolve(PROJECT_ROOT, config.embedded.dataDir),
    boltPort: config.embedded.port,
    password: config.neo4j.password,
    heap: config.embedded.heap,
    pageCache: config.embedded.pageCache,
    log,
  });
  // Embedded Community Neo4j has one user, neo4j, and one user database, neo4j.
  const db = new Database(
    createDriver(
      {
        uri: embedded.uri,
        username: 'neo4j',
        password: config.neo4j.password,
        database: 'neo4j',
      },
      driverOptions(config.deadlines),
    ),
    'neo4j',
  );
  return {
    db,
    uri: embedded.uri,
    embedded,
    close: async () => {
      await db.close();
      await embedded.stop();
    },
  };
}
