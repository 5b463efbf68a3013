/**
 * The service as the latency benchmarks run it (bench:traversal, bench:import's latency part): on the benchmark's
 * Neo4j, on a free port, with QUERY_STATS for the Neo4j share of each request, and its response cache off so that
 * every answer is computed (the aims are for the queries, not for answers kept by the cache).
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startService } from '../src/service';
import type { BenchNeo4j } from './harness';

export function startBenchService(neo4j: BenchNeo4j): ReturnType<typeof startService> {
  return startService(
    loadConfig({
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
      PORT: '0',
      QUERY_STATS: 'true',
      SEED_ON_EMPTY: 'false',
      RESPONSE_CACHE_MB: '0',
    }),
    createLogger('warn', 'json'),
  );
}
