import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config';
import { warmUp } from './graphql/warmup';
import type { Logger } from './logger';
import { connectNeo4j } from './neo4j/connect';
import type { Neo4jConnection } from './neo4j/connect';
import { applySchema } from './neo4j/schema';
import { createContext } from './request/context';
import { newServiceRequest } from './request/request';
import { buildAppSchema } from './schema';
import { seedIfEmpty } from './seed/seed.service';

export interface RunningService {
  /** http://host:port of the HTTP server (the real port when PORT=0). */
  url: string;
  neo4j: Neo4jConnection;
  /** Stops accepting requests, lets those in flight finish, closes the driver and stops the embedded Neo4j. */
  stop(): Promise<void>;
}

/** Connects to Neo4j (embedded by default), applies the schema, seeds an empty graph and starts serving. */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const started = performance.now();
  const say = (line: string) => logger.info(line);

  // 1. Neo4j: NEO4J_URI, or the embedded server on 127.0.0.1.
  const neo4j = await connectNeo4j(config, say);
  let server: Server | undefined;
  try {
    // 2. Constraints and indexes, idempotently; then the article's ontology if the graph is empty.
    await applySchema(neo4j.db);
    if (config.seedOnEmpty) {
      const report = await seedIfEmpty(neo4j.db, config.seedDir);
      if (report) say(`First start: seeded an empty graph.\n${report}`);
    }

    // 3. GraphQL schema and HTTP server.
    const {
      server: listening,
      apollo,
      cypher,
    } = await createApp(config, { db: neo4j.db, schema: await buildAppSchema(), logger });
    server = listening;
    // 4. The common requests once, before anyone can send one (graphql/warmup.ts).
    if (config.warmupOnStart) {
      const report = await warmUp(apollo, () =>
        createContext(neo4j.db, newServiceRequest('warmup', config.deadlines.requestTimeoutMs), cypher),
      );
      const summary = `Warmed up: ${report.operations} requests in ${Math.round(report.millis)} ms`;
      if (report.errors.length > 0)
        logger.warn({ errors: report.errors }, `${summary}, ${report.errors.length} failed`);
      else say(summary);
    }
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve);
      listening.once('error', reject);
      listening.listen(config.port, config.host);
    });
    const { port } = listening.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    say(
      `GraphQL API ready at ${url}/graphql (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );

    let stopped: Promise<void> | undefined;
    return {
      url,
      neo4j,
      stop: () =>
        (stopped ??= (async () => {
          // Apollo's drain plugin: stop accepting, let requests in flight finish (SHUTDOWN_GRACE_MS at most).
          await apollo.stop();
          await neo4j.close();
        })()),
    };
  } catch (error) {
    server?.close();
    await neo4j.close().catch(() => undefined);
    throw error;
  }
}
