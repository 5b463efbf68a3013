import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { connectNeo4j } from './neo4j/connect';
import type { Neo4jConnection } from './neo4j/connect';
import { applySchema } from './neo4j/schema';
import { buildAppSchema } from './schema';
import { seedIfEmpty } from './seed/seed.service';

/** Reads config, connects to Neo4j (embedded by default), applies the schema, seeds an empty graph, serves. */
async function bootstrap(): Promise<void> {
  const started = performance.now();
  // 1. Configuration, validated: a bad variable stops start-up with its name.
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  const say = (line: string) => logger.info(line);

  // 2. Neo4j: NEO4J_URI, or the embedded server on 127.0.0.1.
  const neo4j: Neo4jConnection = await connectNeo4j(config, say);
  let server: Server | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await neo4j.close();
    logger.info('Stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // 3. Constraints and indexes, idempotently; then the article's ontology if the graph is empty.
    await applySchema(neo4j.db);
    if (config.seedOnEmpty) {
      const report = await seedIfEmpty(neo4j.db, config.seedDir);
      if (report) say(`First start: seeded an empty graph.\n${report}`);
    }

    // 4. GraphQL schema and HTTP server.
    const { app } = await createApp({
      db: neo4j.db,
      schema: await buildAppSchema(),
      logger,
      queryStats: config.queryStats,
    });
    server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server?.once('listening', resolve);
      server?.once('error', reject);
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(`GraphQL API ready at http://${config.host}:${config.port}/graphql (started in ${seconds} s)`);
  } catch (error) {
    await neo4j.close().catch(() => undefined);
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`Start-up failed: ${message}`);
  process.exit(1);
});
