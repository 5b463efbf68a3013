/**
 * Shared benchmark plumbing: a Neo4j to run against (BENCH_NEO4J_URI, or an embedded one on a free port with a
 * temporary data directory, never the service's), the seed plus a generated graph, and latency sampling over HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { createDriver, Database } from '../src/neo4j/database';
import { ensureEmbeddedBuilt, findFreePort, startEmbeddedNeo4j } from '../src/neo4j/embedded';
import { applySchema } from '../src/neo4j/schema';
import { PROJECT_ROOT } from '../src/paths';
import { loadSeeds } from '../src/seed/seed.load';
import { writeSeed } from '../src/seed/seed.write';
import { generateGraph } from './generate';
import type { GeneratedGraph } from './generate';

export interface BenchNeo4j {
  uri: string;
  username: string;
  password: string;
  db: Database;
  close(): Promise<void>;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/** BENCH_NEO4J_URI (whose data is REPLACED), or an embedded Neo4j of the benchmark's own. */
export async function benchNeo4j(): Promise<BenchNeo4j> {
  const external = process.env.BENCH_NEO4J_URI;
  if (external) {
    const username = process.env.BENCH_NEO4J_USERNAME ?? 'neo4j';
    const password = process.env.BENCH_NEO4J_PASSWORD ?? '';
    const db = new Database(createDriver({ uri: external, username, password, database: 'neo4j' }), 'neo4j');
    return { uri: external, username, password, db, close: () => db.close() };
  }
  await ensureEmbeddedBuilt(say);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'myoclonus-bench-'));
  const password = 'bench-password';
  const neo4j = await startEmbeddedNeo4j({ dataDir, boltPort: await findFreePort(), password, log: say });
  const db = new Database(
    createDriver({ uri: neo4j.uri, username: 'neo4j', password, database: 'neo4j' }),
    'neo4j',
  );
  return {
    uri: neo4j.uri,
    username: 'neo4j',
    password,
    db,
    close: async () => {
      await db.close();
      await neo4j.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Deletes every node, a few thousand per transaction (one transaction for an imported ontology would pass the
 * server's transaction memory limit), then applies the schema.
 */
export async function emptyDatabase(db: Database): Promise<void> {
  for (;;) {
    const result = await db.write('MATCH (n) WITH n LIMIT 5000 DETACH DELETE n');
    if (result.summary.counters.updates().nodesDeleted === 0) break;
  }
  await applySchema(db);
}

/** Empties the database, then loads the seed and a generated graph of `concepts` concepts beside it. */
export async function loadBenchData(db: Database, concepts: number): Promise<GeneratedGraph> {
  await emptyDatabase(db);
  await writeSeed(db, await loadSeeds(path.join(PROJECT_ROOT, 'seeds')));
  const started = performance.now();
  const graph = await generateGraph(db, { concepts });
  await db.write('CALL db.awaitIndexes(300)');
  say(
    `Generated ${graph.concepts} concepts and ${graph.relationships} relationships beside the seed ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return graph;
}

export interface Sample {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Median Neo4j time per request (QUERY_STATS), where the service reports it. */
  dbP50: number | null;
  errors: number;
}

/** Sends `requests` GraphQL requests one after another (after `warmup` untimed ones) and records their latency. */
export async function sampleGraphQL(
  url: string,
  name: string,
  request: (i: number) => { query: string; variables?: Record<string, unknown> },
  { requests, warmup }: { requests: number; warmup: number },
): Promise<Sample> {
  const histogram = hdr.build({ numberOfSignificantValueDigits: 3 });
  const db = hdr.build({ numberOfSignificantValueDigits: 3 });
  let errors = 0;
  let sum = 0;
  for (let i = -warmup; i < requests; i++) {
    const body = JSON.stringify(request(i + warmup));
    const started = performance.now();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await response.json()) as {
      errors?: unknown[];
      extensions?: { queryStats?: { dbMillis: number } };
    };
    const elapsed = performance.now() - started;
    if (i < 0) continue;
    if (!response.ok || json.errors) {
      errors += 1;
      if (errors === 1)
        say(`${name}: first error: ${JSON.stringify(json.errors ?? response.status).slice(0, 500)}`);
    }
    // Microsecond resolution in the histograms.
    histogram.recordValue(Math.round(elapsed * 1000));
    sum += elapsed;
    const dbMillis = json.extensions?.queryStats?.dbMillis;
    if (dbMillis !== undefined) db.recordValue(Math.round(dbMillis * 1000));
  }
  const ms = (v: number) => Math.round(v) / 1000;
  return {
    name,
    requests,
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    mean: Math.round((sum / requests) * 1000) / 1000,
    dbP50: db.totalCount > 0 ? ms(db.getValueAtPercentile(50)) : null,
    errors,
  };
}

export { prng } from './prng';
