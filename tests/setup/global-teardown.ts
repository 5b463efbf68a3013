/** Jest global teardown: stops the embedded Neo4j started by global-setup.ts and removes its temp data dir. */
import { rm } from 'node:fs/promises';
import type { TestNeo4jHandle } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __TEST_NEO4J__?: TestNeo4jHandle }).__TEST_NEO4J__;
  if (!handle) return;
  globalThis.__TEST_NEO4J__ = undefined;
  try {
    await handle.neo4j.stop();
  } finally {
    await rm(handle.dataDir, { recursive: true, force: true });
  }
}
