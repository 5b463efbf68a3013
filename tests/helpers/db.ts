import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config as DriverConfig } from 'neo4j-driver';
import { createDriver, Database } from '../../src/neo4j/database';
import { applySchema } from '../../src/neo4j/schema';
import { PROJECT_ROOT } from '../../src/paths';
import { loadSeeds } from '../../src/seed/seed.load';
import type { SeedPlan } from '../../src/seed/seed.types';
import { writeSeed } from '../../src/seed/seed.write';

/** The test run's own Neo4j: NEO4J_TEST_URI (set by tests/setup/global-setup.ts, or by hand). */
export function testNeo4jUri(): string {
  const uri = process.env.NEO4J_TEST_URI;
  if (!uri)
    throw new Error('NEO4J_TEST_URI is not set: run the tests through jest (its global setup starts Neo4j)');
  return uri;
}

/**
 * The test run's own Neo4j (started by tests/setup/global-setup.ts, or NEO4J_TEST_URI): never the service's data.
 * `via` reaches it through another address (a TcpProxy's), with the driver `options` given.
 */
export function openTestDatabase(via?: { uri: string; options?: DriverConfig }): Database {
  const database = process.env.NEO4J_TEST_DATABASE ?? 'neo4j';
  const driver = createDriver(
    {
      uri: via?.uri ?? testNeo4jUri(),
      username: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_TEST_PASSWORD ?? '',
      database,
    },
    via?.options,
  );
  return new Database(driver, database);
}

export const SEED_DIR = path.join(PROJECT_ROOT, 'seeds');

let seedPlan: SeedPlan | undefined;

/** The real seed files, validated once per test file. */
export async function realSeedPlan(): Promise<SeedPlan> {
  seedPlan ??= await loadSeeds(SEED_DIR);
  return seedPlan;
}

/**
 * Deletes every node and relationship (the schema stays), a few thousand nodes per transaction: an imported ontology
 * deleted in one would pass the server's transaction memory limit (db.memory.transaction.max).
 */
export async function clearGraph(db: Database): Promise<void> {
  for (;;) {
    const result = await db.write('MATCH (n) WITH n LIMIT 2000 DETACH DELETE n');
    if (result.summary.counters.updates().nodesDeleted === 0) return;
  }
}

/** Empties the graph, applies the schema and writes the real seed: the state most tests start from. */
export async function resetToSeed(db: Database): Promise<SeedPlan> {
  await applySchema(db);
  await clearGraph(db);
  const plan = await realSeedPlan();
  await writeSeed(db, plan);
  return plan;
}

export interface GraphChecksum {
  nodes: number;
  relationships: number;
  hash: string;
}

/**
 * Node and relationship counts and a hash of every node's labels and properties and every relationship's ends,
 * type and properties: equal checksums mean an unchanged graph. The graph's version counter (a `GraphVersion` node,
 * neo4j/graph-version.ts) is bookkeeping, not content: every seed and import bumps it, changed or not; and so is the
 * import lock (an `ImportLock` node, obo/import/import-lock.ts).
 */
export async function graphChecksum(db: Database): Promise<GraphChecksum> {
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) WHERE NOT n:GraphVersion AND NOT n:ImportLock RETURN labels(n) AS labels, properties(n) AS props',
  );
  const rels = await db.read<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    `MATCH (a)-[r]->(b)
     RETURN coalesce(a.id, elementId(a)) AS from, type(r) AS type, coalesce(b.id, elementId(b)) AS to,
            properties(r) AS props`,
  );
  const nodeItems = nodes.map((n) => stableJson([[...n.labels].sort(), n.props])).sort();
  const relItems = rels.map((r) => stableJson([r.from, r.type, r.to, r.props])).sort();
  const hash = createHash('sha256')
    .update(JSON.stringify([nodeItems, relItems]))
    .digest('hex');
  return { nodes: nodeItems.length, relationships: relItems.length, hash };
}

/** JSON with object keys sorted, so equal values always serialise the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
