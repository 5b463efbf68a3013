/**
 * Runs a real Neo4j 5.26 Community in a child JVM, built from Maven Central artifacts by the Maven module in
 * neo4j-embedded/ (no Docker, no Neo4j installation). Used when no NEO4J_URI is configured, and by the test setup.
 *
 * - The JVM binds Bolt to 127.0.0.1:<boltPort> only, keeps Neo4j's data and logs under dataDir, and applies the
 *   settings of config/neo4j.conf (heap settings become -Xms/-Xmx).
 * - The password reaches the JVM through an environment variable and is set on the user neo4j at every start.
 * - The JVM shuts Neo4j down cleanly on SIGTERM/SIGINT and also when its stdin (a pipe from this process) closes, so
 *   a parent that dies, even by SIGKILL, leaves no JVM behind.
 *
 * Knows nothing about the application that uses it. This file is its public entry point; the parts live in
 * embedded-build.ts (Maven), embedded-java.ts, embedded-port.ts, embedded-launch.ts and embedded-jvm.ts.
 */
import { ensureEmbeddedBuilt } from './embedded-build';
import { checkJava } from './embedded-java';
import { launchEmbeddedJvm, validateOptions } from './embedded-launch';
import { defaultLog } from './embedded-output';
import { assertPortFree } from './embedded-port';
import type { EmbeddedNeo4j, EmbeddedNeo4jOptions } from './embedded.types';

export { EMBEDDED_MODULE_DIR, ensureEmbeddedBuilt } from './embedded-build';
export { checkJava, javaCommand } from './embedded-java';
export { DEFAULT_CONF_PATH, launchEmbeddedJvm, type LaunchOptions } from './embedded-launch';
export { assertPortFree, findFreePort } from './embedded-port';
export {
  EmbeddedNeo4jError,
  type EmbeddedNeo4j,
  type EmbeddedNeo4jErrorCode,
  type EmbeddedNeo4jOptions,
} from './embedded.types';

/**
 * Starts Neo4j in a child JVM: checks Java (>= 17) and that the Bolt port is free, builds the Maven module if
 * needed, then waits until the JVM reports that every database is available and the password is set.
 */
export async function startEmbeddedNeo4j(options: EmbeddedNeo4jOptions): Promise<EmbeddedNeo4j> {
  validateOptions(options);
  const log = options.log ?? defaultLog;
  await checkJava();
  await assertPortFree(options.boltPort);
  const { classpath: cp } = await ensureEmbeddedBuilt(log);
  return launchEmbeddedJvm({ ...options, log, classpath: cp });
}
