/** The comparison's results: medians over rounds, ratios, and the table as console text, JSON and markdown. */
import type { Coverage } from './compare';
import type { LoadResult } from './load';
import type { OperationName } from './operations';
import type { ProfileSummary } from './profile';
import { SYSTEM_TITLES, SYSTEMS } from './system';
import type { SystemName } from './system';

export interface Row {
  operation: OperationName;
  system: SystemName;
  /** Medians over the rounds. */
  p50: number;
  p95: number;
  throughput: number;
  kbPerResponse: number;
  roundTrips: number;
  errors: number;
  rounds: Array<Pick<LoadResult, 'p50' | 'p95' | 'throughput' | 'requests'>>;
}

export interface Ratio {
  operation: OperationName;
  /** Our requests per second over @neo4j/graphql's: above 1, ours serves more. Null without a measurement. */
  oursOverPeerThroughput: number | null;
  /** Our p50 over raw Cypher's: 1 would be the floor. Null without a measurement. */
  oursOverRawP50: number | null;
  /** The same two ratios for ours with its response cache off. */
  uncachedOverPeerThroughput: number | null;
  uncachedOverRawP50: number | null;
}

export interface Results {
  at: string;
  quick: boolean;
  wallSeconds: number;
  graph: { generatedConcepts: number; generatedRelationships: number; seed: true };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; rounds: number };
  inputs: Record<OperationName, number>;
  identity: { ok: boolean; coverage: Coverage[] };
  rows: Row[];
  ratios: Ratio[];
  profile?: { operation: OperationName; summary: ProfileSummary; file: string };
  notes: string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One row per operation and system from its rounds. */
export function toRow(
  operation: OperationName,
  system: SystemName,
  rounds: readonly LoadResult[],
  roundTrips: number,
): Row {
  return {
    operation,
    system,
    p50: round(median(rounds.map((r) => r.p50)), 3),
    p95: round(median(rounds.map((r) => r.p95)), 3),
    throughput: round(median(rounds.map((r) => r.throughput)), 1),
    kbPerResponse: round(median(rounds.map((r) => r.bytesPerResponse)) / 1024, 1),
    roundTrips,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds: rounds.map(({ p50, p95, throughput, requests }) => ({ p50, p95, throughput, requests })),
  };
}

export function ratios(rows: readonly Row[]): Ratio[] {
  const operations = [...new Set(rows.map((r) => r.operation))];
  return operations.map((operation) => {
    const of = (system: SystemName) => rows.find((r) => r.operation === operation && r.system === system)!;
    const ratio = (a: number, b: number) => (a > 0 && b > 0 ? round(a / b) : null);
    return {
      operation,
      oursOverPeerThroughput: ratio(of('ours').throughput, of('peer').throughput),
      oursOverRawP50: ratio(of('ours').p50, of('raw').p50),
      uncachedOverPeerThroughput: ratio(of('uncached').throughput, of('peer').throughput),
      uncachedOverRawP50: ratio(of('uncached').p50, of('raw').p50),
    };
  });
}

/** The table for console.table: one line per operation and system. */
export function consoleRows(results: Results): Record<string, Record<string, number | string>> {
  return Object.fromEntries(
    results.rows.map((r) => [
      `${r.operation} / ${SYSTEM_TITLES[r.system]}`,
      {
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'req/s': r.throughput,
        'KB/resp': r.kbPerResponse,
        'round trips': r.roundTrips,
        errors: r.errors,
      },
    ]),
  );
}

export function consoleRatios(results: Results): Record<string, Record<string, number | null>> {
  return Object.fromEntries(
    results.ratios.map((r) => [
      r.operation,
      {
        'ours/@neo4j/graphql req/s': r.oursOverPeerThroughput,
        'ours/raw p50': r.oursOverRawP50,
        'cache off: req/s ratio': r.uncachedOverPeerThroughput,
        'cache off: p50 ratio': r.uncachedOverRawP50,
      },
    ]),
  );
}

/** A short markdown summary: settings, the table, the ratios, the identity check, notes. */
export function markdown(results: Results): string {
  const { settings: s, graph: g } = results;
  const lines = [
    `# Comparison benchmark, ${results.at}${results.quick ? ' (--quick)' : ''}`,
    '',
    `Seed + ${g.generatedConcepts} generated concepts / ${g.generatedRelationships} relationships, one embedded ` +
      `Neo4j, four systems each in its own Node process on the same machine. autocannon: ${s.connections} ` +
      `connections, ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s measured, ${s.rounds} round(s) ` +
      `alternating the systems; medians over rounds. Wall time ${results.wallSeconds} s.`,
    '',
    '| operation | system | p50 ms | p95 ms | req/s | KB/resp | round trips | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.rows.map(
      (r) =>
        `| ${r.operation} | ${SYSTEM_TITLES[r.system]} | ${r.p50} | ${r.p95} | ${r.throughput} | ` +
        `${r.kbPerResponse} | ${r.roundTrips} | ${r.errors} |`,
    ),
    '',
    '| operation | ours / @neo4j/graphql (req/s) | ours / raw (p50) | cache off: ours / @neo4j/graphql | cache off: ours / raw |',
    '|---|---:|---:|---:|---:|',
    ...results.ratios.map(
      (r) =>
        `| ${r.operation} | ${r.oursOverPeerThroughput} | ${r.oursOverRawP50} | ` +
        `${r.uncachedOverPeerThroughput} | ${r.uncachedOverRawP50} |`,
    ),
    '',
    `Identity check: ${results.identity.ok ? 'passed' : 'FAILED'}, ` +
      results.identity.coverage
        .map((c) => `${c.operation} ${c.inputs} inputs (${c.nonEmpty} with data, ${c.ids} ids)`)
        .join(', ') +
      '.',
  ];
  if (results.profile) {
    const p = results.profile;
    lines.push(
      '',
      `CPU profile of our service alone under the ${p.operation} load (${p.file}, ${p.summary.totalMs} ms ` +
        `sampled, start-up included): idle ${p.summary.idlePercent}% of the time; self time of the busy rest: ` +
        p.summary.byArea.map((a) => `${a.name} ${a.percent}%`).join(', ') +
        '.',
      `Top functions: ${p.summary.byFunction.map((f) => `${f.name} ${f.percent}%`).join('; ')}.`,
    );
  }
  if (results.notes.length > 0) lines.push('', ...results.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

export const EQUIVALENCE_NOTES = [
  `Systems: ${SYSTEMS.map((s) => SYSTEM_TITLES[s]).join(', ')}; all over the same Neo4j and data, over HTTP on 127.0.0.1.`,
  'This service runs as deployed, with its response cache on (RESPONSE_CACHE_MB, default 64): requests cycle ' +
    'through the inputs, so once each was asked, its answer comes from the cache until the graph changes. ' +
    '"Cache off" is the same service with RESPONSE_CACHE_MB=0: the cost of an answer computed.',
  'Search: @neo4j/graphql and raw Cypher run the Lucene query our service builds for the text on the same index ' +
    '(concept_search); ours adds its score bands, `matched` and a fuzzy fallback. Texts are chosen so that every ' +
    'match fits on the page, and results are compared as sets.',
  'Page: ours pages with its cursors, raw Cypher seeks past the previous (name key, id), @neo4j/graphql seeks past ' +
    'the previous name key with its list query (`where: { nameKey: { gt } }`, sort, limit): its Relay connection ' +
    '(conditionsConnection, sort, after) fails on the Neo4j transaction memory limit (128 MiB) on every page after ' +
    'the first of the full graph. ' +
    'All three return the same 100 conditions in the same order.',
  'Two-hop: ours lists simple causal paths (causalChains, maxDepth 2); the others return causes and their ' +
    'causes as a tree, compared as the same set of chains (chains back to the start dropped).',
  'Evidence: ours resolves each quote’s Source node (asked for its id); the others return the stored source ids.',
];
