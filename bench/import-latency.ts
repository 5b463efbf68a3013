/**
 * The third part of `npm run bench:import`: is the graph still fast to query once real ontologies are in it?
 *
 * The seed, then the given OBO files imported on top (as a user would: the article's concepts merge with their
 * terms), then the service started with its response cache off, so that every answer is computed. Requests go one
 * at a time through HTTP, each picking its input at random (fixed seed) among the imported terms:
 *
 * - search: a term's name cut after its first word and a few letters of the next (search-as-you-type);
 * - ancestors of a condition (SUBTYPE_OF) and of a body region (PART_OF);
 * - descendants of a condition and of a body region that have any, within the hierarchy's depth (maxDepth 30);
 * - descendants of the hierarchies' roots, the worst case: every disease under DO's "disease", every cancer under
 *   "cancer", reported with their sizes and not held to the aim.
 *
 * The aims are those of the traversal issue (bench/traversal.ts): p95 under 20 ms for search, under 50 ms for a
 * traversal (its aim for depth-4 causal chains). They are held to the service in its steady state, which is what the
 * imported graph's size changes: the first COLD_REQUESTS requests of each kind are measured and reported apart
 * ("cold": a Neo4j started minutes earlier has compiled its write paths during the imports, not its read paths),
 * then every kind gets `warmup` more requests (300 by default in bench:import), then `requests` are measured.
 * Measured on this machine, on a Neo4j started before a few imports: search's p95 over 300 requests was 22.4 ms after
 * 30 searches, then 13.8, 14.1 and 12.9 ms in the next three rounds of 300; after 130 searches it was 18.9 ms. The
 * JVM compiles the read paths during the first few hundred requests, the graph's size does not change meanwhile.
 */
import 'reflect-metadata';
import path from 'node:path';
import { importObo } from '../src/obo/import/run';
import { PROJECT_ROOT } from '../src/paths';
import { loadSeeds } from '../src/seed/seed.load';
import { writeSeed } from '../src/seed/seed.write';
import { startBenchService } from './bench-service';
import { emptyDatabase, prng, sampleGraphQL } from './harness';
import type { BenchNeo4j, Sample } from './harness';

export const LATENCY_AIMS: Readonly<Record<string, number>> = {
  search: 20,
  'ancestors of a condition': 50,
  'ancestors of a body region': 50,
  'descendants of a condition': 50,
  'descendants of a body region': 50,
};

/** Requests of each kind measured first, on the service just started: reported apart, not held to the aims. */
export const COLD_REQUESTS = 30;

export interface LatencyRow extends Sample {
  aimP95: number | null;
  met: boolean | null;
  /** The kind's first COLD_REQUESTS requests (see the module's comment); null for the roots' trees. */
  cold: Sample | null;
  /** Entries in each answer (descendant counts for the roots). */
  size?: number;
}

const HIERARCHY = (field: 'ancestors' | 'descendants') => `query ($id: ID!) { concept(id: $id) {
  ... on Condition { ${field} { depth node { id name } } }
  ... on BodyRegion { ${field} { depth node { id name } } } } }`;

/** Seed + `files` imported, then the samples; `say` reports progress. */
export async function latencyAfterImport(
  neo4j: BenchNeo4j,
  files: readonly string[],
  { requests, warmup }: { requests: number; warmup: number },
  say: (line: string) => void,
): Promise<{ concepts: number; relationships: number; rows: LatencyRow[] }> {
  await emptyDatabase(neo4j.db);
  await writeSeed(neo4j.db, await loadSeeds(path.join(PROJECT_ROOT, 'seeds')));
  for (const file of files) await importObo(neo4j.db, file);
  await neo4j.db.write('CALL db.awaitIndexes(300)');
  const [counts] = await neo4j.db.read<{ concepts: number; relationships: number }>(
    'RETURN COUNT { (:Concept) } AS concepts, COUNT { (:Concept)-->(:Concept) } AS relationships',
  );
  say(`latency: seed + ${files.map((f) => path.basename(f)).join(' + ')}: ${counts?.concepts} concepts`);

  // Inputs: imported, non-obsolete terms; for descendants, those with at least one subtype or part.
  const read = (cypher: string) =>
    neo4j.db.read<{ id: string; name: string }>(`${cypher} RETURN c.id AS id, c.name AS name ORDER BY c.id`);
  const conditions = await read(
    "MATCH (c:Condition) WHERE c.id STARTS WITH 'DOID:' AND NOT coalesce(c.obsolete, false)",
  );
  const regions = await read(
    "MATCH (c:BodyRegion) WHERE c.id STARTS WITH 'UBERON:' AND NOT coalesce(c.obsolete, false)",
  );
  const innerConditions = await read(
    "MATCH (c:Condition) WHERE c.id STARTS WITH 'DOID:' AND EXISTS { (c)<-[:SUBTYPE_OF]-(:Condition) }",
  );
  const innerRegions = await read(
    "MATCH (c:BodyRegion) WHERE c.id STARTS WITH 'UBERON:' AND EXISTS { (c)<-[:PART_OF]-(:BodyRegion) }",
  );
  for (const [name, list] of Object.entries({ conditions, regions, innerConditions, innerRegions })) {
    if (list.length === 0) throw new Error(`latency: no ${name} among the imported terms`);
  }

  const service = await startBenchService(neo4j);
  try {
    const random = prng(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const prefix = (name: string) => {
      const [first = '', second = ''] = name.split(' ');
      return `${first} ${second.slice(0, 2 + Math.floor(random() * 4))}`.trim();
    };
    const ops: Array<[string, () => { query: string; variables: Record<string, unknown> }]> = [
      [
        'search',
        () => ({
          query:
            'query ($text: String!) { search(text: $text, first: 10) { edges { score matched node { id name } } } }',
          variables: { text: prefix(pick(random() < 0.8 ? conditions : regions).name) },
        }),
      ],
      [
        'ancestors of a condition',
        () => ({ query: HIERARCHY('ancestors'), variables: { id: pick(conditions).id } }),
      ],
      [
        'ancestors of a body region',
        () => ({ query: HIERARCHY('ancestors'), variables: { id: pick(regions).id } }),
      ],
      [
        'descendants of a condition',
        () => ({ query: HIERARCHY('descendants'), variables: { id: pick(innerConditions).id } }),
      ],
      [
        'descendants of a body region',
        () => ({ query: HIERARCHY('descendants'), variables: { id: pick(innerRegions).id } }),
      ],
    ];
    // Cold: each kind's first requests. Then a warm-up of every kind, then the measured requests.
    const cold = new Map<string, Sample>();
    for (const [name, request] of ops) {
      cold.set(name, await sampleGraphQL(service.url, name, request, { requests: COLD_REQUESTS, warmup: 0 }));
    }
    if (warmup > 0) {
      for (const [name, request] of ops)
        await sampleGraphQL(service.url, name, request, { requests: warmup, warmup: 0 });
    }
    const rows: LatencyRow[] = [];
    for (const [name, request] of ops) {
      const sample = await sampleGraphQL(service.url, name, request, { requests, warmup: 0 });
      const aim = LATENCY_AIMS[name] ?? null;
      rows.push({
        ...sample,
        aimP95: aim,
        met: aim === null ? null : sample.p95 <= aim,
        cold: cold.get(name)!,
      });
      say(`latency: ${name} done`);
    }
    // The worst case: the roots' whole trees, a few times each.
    for (const [id, label] of [
      ['DOID:4', 'disease'],
      ['DOID:162', 'cancer'],
    ] as const) {
      const query = { query: HIERARCHY('descendants'), variables: { id } };
      const answer = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(query),
      });
      const json = (await answer.json()) as { data?: { concept: { descendants?: unknown[] } | null } };
      const size = json.data?.concept?.descendants?.length;
      if (size === undefined) continue;
      const sample = await sampleGraphQL(service.url, `descendants of ${id} "${label}"`, () => query, {
        requests: 20,
        warmup: 3,
      });
      rows.push({ ...sample, aimP95: null, met: null, cold: null, size });
    }
    return { concepts: counts?.concepts ?? 0, relationships: counts?.relationships ?? 0, rows };
  } finally {
    await service.stop();
  }
}
