/**
 * `npm run bench:traversal`: p50/p95 latency of search, relatedConditions, causalChains (depth 4) and paths through
 * the HTTP API, on the seed plus a generated graph of 10,000 concepts and about 50,000 relationships, with Neo4j on
 * the same machine. Requests go one at a time (latency, not throughput), after a warm-up. Prints a table and writes
 * it as JSON to bench/results/.
 *
 *   npm run bench:traversal [-- --requests 300 --warmup 50 --concepts 10000]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/paths';
import { startBenchService } from './bench-service';
import { benchNeo4j, loadBenchData, prng, sampleGraphQL } from './harness';
import type { Sample } from './harness';

/** The aims of issue 3, in milliseconds at p95. */
const AIMS: Record<string, number> = {
  search: 20,
  relatedConditions: 20,
  'causalChains depth 4': 50,
  paths: 50,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '50' },
      concepts: { type: 'string', default: '10000' },
    },
  });
  const requests = Number(values.requests);
  const warmup = Number(values.warmup);
  const neo4j = await benchNeo4j();
  try {
    const graph = await loadBenchData(neo4j.db, Number(values.concepts));
    const service = await startBenchService(neo4j);
    try {
      const random = prng(7);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const names = await neo4j.db.read<{ name: string }>(
        'MATCH (c:Concept) WHERE c.generated RETURN c.name AS name ORDER BY c.id LIMIT 2000',
      );
      const prefixes = names.map(({ name }) => {
        const [first = '', second = ''] = name.split(' ');
        return `${first} ${second.slice(0, 2 + Math.floor(random() * 4))}`.trim();
      });
      const ops: Array<[string, (i: number) => { query: string; variables: Record<string, unknown> }]> = [
        [
          'search',
          () => ({
            query:
              'query ($text: String!) { search(text: $text, first: 10) { edges { score matched node { id name } } } }',
            variables: { text: pick(prefixes) },
          }),
        ],
        [
          'relatedConditions',
          () => ({
            query:
              'query ($id: ID!) { relatedConditions(id: $id, first: 10) { score explanation node { id name } } }',
            variables: { id: pick(graph.conditionIds) },
          }),
        ],
        [
          'causalChains depth 4',
          () => ({
            query: `query ($id: ID!) { causalChains(from: $id, direction: UPSTREAM, maxDepth: 4) {
              length hops { relationship population node { id name } evidence { quote } } } }`,
            variables: { id: pick(graph.conditionIds) },
          }),
        ],
        [
          'paths',
          () => ({
            query: `query ($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxLength: 4) {
              length hops { relationship node { id name } evidence { quote } } } }`,
            variables: { from: pick(graph.conditionIds), to: pick(graph.conditionIds) },
          }),
        ],
      ];
      const samples: Sample[] = [];
      for (const [name, request] of ops) {
        samples.push(await sampleGraphQL(service.url, name, request, { requests, warmup }));
      }
      const rows = samples.map((s) => ({
        ...s,
        aimP95: AIMS[s.name] ?? null,
        met: AIMS[s.name] === undefined ? null : s.p95 <= AIMS[s.name]!,
      }));
      console.log(
        `\nLatency through HTTP, one request at a time, ${requests} requests after ${warmup} warm-up, ` +
          `seed + ${graph.concepts} generated concepts / ${graph.relationships} relationships:\n`,
      );
      console.table(
        Object.fromEntries(
          rows.map((r) => [
            r.name,
            {
              'p50 ms': r.p50,
              'p95 ms': r.p95,
              'p99 ms': r.p99,
              'mean ms': r.mean,
              'Neo4j p50 ms': r.dbP50,
              'aim p95 ms': r.aimP95,
              met: r.met,
              errors: r.errors,
            },
          ]),
        ),
      );
      const dir = path.join(PROJECT_ROOT, 'bench', 'results');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `traversal-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      await writeFile(
        file,
        JSON.stringify(
          {
            at: new Date().toISOString(),
            requests,
            warmup,
            graph: { concepts: graph.concepts, relationships: graph.relationships },
            rows,
          },
          null,
          2,
        ),
      );
      console.log(`\nWrote ${path.relative(PROJECT_ROOT, file)}`);
      if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
    } finally {
      await service.stop();
    }
  } finally {
    await neo4j.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
