/**
 * Jest global setup: one Neo4j for the whole test run.
 *
 * - NEO4J_TEST_URI set: use that Neo4j (NEO4J_TEST_USERNAME / NEO4J_TEST_PASSWORD / NEO4J_TEST_DATABASE) and start
 *   nothing.
 * - Otherwise: start an embedded Neo4j on a free port with a fresh temp data dir, never .data/neo4j or port 7687,
 *   so `npm test` can run beside a running service. Worker processes inherit NEO4J_TEST_* from process.env.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ensureEmbeddedBuilt,
  findFreePort,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
} from '../../src/neo4j/embedded';

export interface TestNeo4jHandle {
  neo4j: EmbeddedNeo4j;
  dataDir: string;
}

declare global {
  var __TEST_NEO4J__: TestNeo4jHandle | undefined;
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_TEST_URI) {
    process.env.NEO4J_TEST_USERNAME ||= 'neo4j';
    process.env.NEO4J_TEST_DATABASE ||= 'neo4j';
    say(
      `\nTests use the external Neo4j at ${process.env.NEO4J_TEST_URI} (NEO4J_TEST_URI), user ${process.env.NEO4J_TEST_USERNAME}.`,
    );
    return;
  }

  await ensureEmbeddedBuilt(say); // prints only when it has to build
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'myoclonus-neo4j-test-'));
  const password = `test-${randomBytes(12).toString('hex')}`;
  let neo4j: EmbeddedNeo4j;
  try {
    neo4j = await startEmbeddedNeo4j({
      dataDir,
      boltPort: await findFreePort(),
      password,
      log: () => undefined,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  globalThis.__TEST_NEO4J__ = { neo4j, dataDir };
  process.env.NEO4J_TEST_URI = neo4j.uri;
  process.env.NEO4J_TEST_USERNAME = 'neo4j';
  process.env.NEO4J_TEST_PASSWORD = password;
  process.env.NEO4J_TEST_DATABASE = 'neo4j';
  say(
    `\nTests use an embedded Neo4j ${neo4j.version} at ${neo4j.uri} (pid ${neo4j.pid}, temp data in ${dataDir}).`,
  );
}
