/**
 * Neo4j round trips per request, measured, one request at a time: ours reports them in every response
 * (QUERY_STATS=true: `extensions.queryStats.roundTrips`); @neo4j/graphql and the raw server count the queries they
 * send (GET /stats) and the difference around the requests is theirs.
 */
import { post } from './compare';
import type { PreparedItem } from './operations';
import { implementationOf } from './system';
import type { SystemName } from './system';

async function queriesSent(url: string): Promise<number> {
  const response = await fetch(`${url}/stats`);
  return ((await response.json()) as { queries: number }).queries;
}

/** The mean round trips of a request over `items`, sent one after another. */
export async function measureRoundTrips(
  system: SystemName,
  url: string,
  items: readonly PreparedItem[],
): Promise<number> {
  if (items.length === 0) return 0;
  if (implementationOf(system) === 'ours') {
    let total = 0;
    for (const item of items) {
      const { json } = await post(url, item.calls.ours);
      const stats = (json as { extensions?: { queryStats?: { roundTrips: number } } }).extensions?.queryStats;
      if (!stats) throw new Error('Our service reports no queryStats: is QUERY_STATS=true?');
      total += stats.roundTrips;
    }
    return Math.round((total / items.length) * 100) / 100;
  }
  const before = await queriesSent(url);
  for (const item of items) await post(url, item.calls[system]);
  return Math.round((((await queriesSent(url)) - before) / items.length) * 100) / 100;
}
