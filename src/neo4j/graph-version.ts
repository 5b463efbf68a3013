import type { Database, RequestScope } from './database';

/**
 * The graph's version, which the response cache (http/response-cache/) keys its answers on. It is made of
 *
 * - a counter on a `(:GraphVersion {id: 'graph'})` node, which every writer of this project bumps when it commits
 *   (the seed, `import:obo`); any other writer should bump it too (`bumpGraphVersion`, or the Cypher below);
 * - the node and relationship counts, read from Neo4j's count store (constant time), so that a writer that does not
 *   bump the counter but creates or deletes anything is still noticed.
 *
 * Each bump also draws a random stamp: a graph emptied and written again between two reads, with the same counts,
 * starts its counter again but not its stamp. `sum` and every stamp rather than one node's: two first bumps at once
 * may each create the node (there is no constraint on it), and a bump of either still changes the version.
 */
export const GRAPH_VERSION_CYPHER = `CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () {
  OPTIONAL MATCH (v:GraphVersion)
  WITH v ORDER BY v.stamp
  RETURN coalesce(sum(v.version), 0) AS counter, collect(v.stamp) AS stamps
}
RETURN counter, stamps, nodes, relationships`;

export const BUMP_GRAPH_VERSION_CYPHER = `MERGE (v:GraphVersion {id: 'graph'})
SET v.version = coalesce(v.version, 0) + 1, v.stamp = randomUUID(), v.changedAt = datetime()`;

/** The graph's current version, as a string: equal strings, same graph (as far as writers let it be known). */
export async function readGraphVersion(db: Database, scope?: RequestScope): Promise<string> {
  const [row] = await db.read<{ counter: number; stamps: string[]; nodes: number; relationships: number }>(
    GRAPH_VERSION_CYPHER,
    {},
    scope,
  );
  return `${row?.counter ?? 0}.${row?.stamps.join('+') ?? ''}.${row?.nodes ?? 0}.${row?.relationships ?? 0}`;
}

/**
 * Marks the graph as changed, in a transaction of its own. A writer with a transaction open runs
 * BUMP_GRAPH_VERSION_CYPHER in it instead, so that the mark commits with the change.
 */
export async function bumpGraphVersion(db: Database): Promise<void> {
  await db.write(BUMP_GRAPH_VERSION_CYPHER);
}
