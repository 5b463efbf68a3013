import { conceptProjection, evidenceSources } from '../model/records';
import { RELATIONSHIP_TYPES } from '../model/kinds';
import type { RelationshipTypeName } from '../model/kinds';
import { TRAVERSAL_LIMITS } from './traversal.args';
import type { IntBounds } from './traversal.args';

/**
 * The Cypher of causalChains, paths and neighborhood. Each query answers one top-level call in one round trip:
 * it finds the paths (or nodes), then projects every concept and relationship they hold, with evidence, once.
 *
 * Nothing from input is spliced in except numbers checked here to be integers within the caps (variable-length
 * bounds and the number of unrolled levels cannot be parameters) and relationship types taken from
 * RELATIONSHIP_TYPES. Every other value is a parameter.
 */

/** A bound spliced into Cypher: an integer within its cap, or a programming error (the resolvers check first). */
function splicedInt(value: number, bounds: IntBounds, what: string): number {
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new Error(`${what} must be an integer from ${bounds.min} to ${bounds.max}, got ${value}`);
  }
  return value;
}

/** `A|B|C` for a relationship pattern, from the fixed vocabulary only, in its fixed order. */
export function typeAlternation(types: readonly RelationshipTypeName[]): string {
  const known = RELATIONSHIP_TYPES.filter((t) => types.includes(t));
  if (known.length === 0) throw new Error('A traversal needs at least one relationship type');
  return known.join('|');
}

/** Paths of one length in a deterministic order: by the names along the path, then by the ids. */
const PATH_ORDER = '[n IN nodes(p) | toLower(n.name)], [n IN nodes(p) | n.id]';

/** A relationship as a RelationshipRow map (plus `extra` entries), with the sources its evidence cites. */
function relationshipProjection(v: string, extra = ''): string {
  return (
    `${v} {key: elementId(${v}), type: type(${v}), .population, .statedAs, .evidenceSources, .evidenceQuotes, ` +
    `sources: ${evidenceSources(v)}${extra}}`
  );
}

/**
 * The columns that carry a list of paths to toPaths: each distinct concept and relationship once (a concept on
 * many paths is projected once), and each path as the ids of its nodes and, per hop, its relationship's key and
 * whether the hop follows the relationship's stored direction.
 */
function pathColumns(paths: string): string {
  return `COLLECT { UNWIND ${paths} AS p UNWIND nodes(p) AS n WITH DISTINCT n RETURN ${conceptProjection('n')} } AS nodes,
       COLLECT { UNWIND ${paths} AS p UNWIND relationships(p) AS r WITH DISTINCT r RETURN ${relationshipProjection('r')} } AS relationships,
       [p IN ${paths} | {
         ids: [n IN nodes(p) | n.id],
         hops: [i IN range(0, length(p) - 1) | {
           key: elementId(relationships(p)[i]),
           forward: startNode(relationships(p)[i]) = nodes(p)[i]
         }]
       }] AS paths`;
}

export interface CausalChainsCypherOptions {
  direction: 'UPSTREAM' | 'DOWNSTREAM';
  maxDepth: number;
  /** CAUSES and the opted-in types. */
  types: readonly RelationshipTypeName[];
  /** Adds the `$population` predicate on every hop. */
  byPopulation: boolean;
}

/**
 * Causal chains from `$from`: every simple path of 1 to maxDepth hops over `types`, shortest first, then by
 * PATH_ORDER, at most `$first`. Parameters: `$from`, `$first` (an integer), `$population` when byPopulation.
 *
 * Why unrolled levels instead of one `[:T*1..n]` pattern: variable-length patterns in Neo4j 5 are unique in
 * relationships only, so non-simple paths could only be dropped after they were fully expanded (ACYCLIC arrives
 * with Cypher 25). Here each length is its own fixed-length pattern whose "not an earlier node" predicates the
 * planner applies right after each expand, so a repeated node prunes that branch at once (and a cycle in the data
 * ends there). And since paths come shortest first, a length is only expanded while the shorter ones number fewer
 * than `$first`: on a graph with about five causes per concept, a depth-4 call with first 100 usually never expands length 4.
 */
export function causalChainsCypher(options: CausalChainsCypherOptions): string {
  const depth = splicedInt(options.maxDepth, TRAVERSAL_LIMITS.chainDepth, 'maxDepth');
  const types = typeAlternation(options.types);
  const hop = (i: number): string => {
    const rel = `[r${i}:${types}${
      options.byPopulation ? ` WHERE r${i}.population IS NULL OR r${i}.population = $population` : ''
    }]`;
    // Intermediate nodes carry no label test: these relationship types only ever join concepts.
    return options.direction === 'UPSTREAM' ? `<-${rel}-(n${i})` : `-${rel}->(n${i})`;
  };
  const levels: string[] = [];
  const lists: string[] = [];
  for (let length = 1; length <= depth; length++) {
    const hops = Array.from({ length }, (_, k) => k + 1);
    const pattern = `(s)${hops.map(hop).join('')}`;
    const simple = hops
      .map((i) => `NOT n${i} IN [${['s', ...hops.slice(0, i - 1).map((k) => `n${k}`)].join(', ')}]`)
      .join(' AND ');
    const guard =
      length === 1 ? '' : `\n  WITH s WHERE ${lists.map((l) => `size(${l})`).join(' + ')} < $first`;
    levels.push(`WITH s${lists.map((l) => `, ${l}`).join('')}, COLLECT {${guard}
  MATCH p = ${pattern}
  WHERE ${simple}
  RETURN p ORDER BY ${PATH_ORDER} LIMIT $first
} AS l${length}`);
    lists.push(`l${length}`);
  }
  return `OPTIONAL MATCH (s:Concept {id: $from})
${levels.join('\n')}
WITH s, (${lists.join(' + ')})[0..$first] AS matched
RETURN s IS NOT NULL AS found, ${pathColumns('matched')}`;
}

export interface PathsCypherOptions {
  maxLength: number;
  types: readonly RelationshipTypeName[];
  directed: boolean;
}

/**
 * All the shortest paths from `$from` to `$to` within maxLength hops over `types` (either direction unless
 * directed), in PATH_ORDER, at most `$first`. A shortest path never repeats a node. `$from` and `$to` must differ
 * (Neo4j's shortest-path search rejects equal ends). Parameters: `$from`, `$to`, `$first` (an integer).
 */
export function pathsCypher(options: PathsCypherOptions): string {
  const maxLength = splicedInt(options.maxLength, TRAVERSAL_LIMITS.pathLength, 'maxLength');
  const types = typeAlternation(options.types);
  return `OPTIONAL MATCH (a:Concept {id: $from})
OPTIONAL MATCH (b:Concept {id: $to})
WITH a, b, COLLECT {
  MATCH p = allShortestPaths((a)-[:${types}*..${maxLength}]-${options.directed ? '>' : ''}(b))
  RETURN p ORDER BY ${PATH_ORDER} LIMIT $first
} AS matched
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, ${pathColumns('matched')}`;
}

export interface NeighborhoodCypherOptions {
  depth: number;
  types: readonly RelationshipTypeName[];
}

/**
 * The concepts within `depth` hops of `$id` in either direction over `types`, nearest first, then by name and id;
 * `$keep` of them besides the center, and one more to tell whether the cap cut (`$fetch` = `$keep` + 1, both
 * integers). Each concept's depth is its distance: the planner expands breadth first and drops nodes already
 * reached (VarLengthExpand(Pruning,BFS)), so paths are never enumerated and cycles cost nothing. Then every
 * relationship of `types` between two kept concepts, in its stored direction.
 */
export function neighborhoodCypher(options: NeighborhoodCypherOptions): string {
  const depth = splicedInt(options.depth, TRAVERSAL_LIMITS.neighborhoodDepth, 'depth');
  const types = typeAlternation(options.types);
  return `OPTIONAL MATCH (c:Concept {id: $id})
WITH c, COLLECT {
  MATCH p = (c)-[:${types}*1..${depth}]-(n)
  WHERE n <> c
  WITH n, min(length(p)) AS depth
  ORDER BY depth, toLower(n.name), n.id
  LIMIT $fetch
  RETURN {node: n, depth: depth} AS near
} AS near
WITH c, size(near) > $keep AS truncated, CASE WHEN c IS NULL THEN [] ELSE [{node: c, depth: 0}] + near[0..$keep] END AS kept
WITH c, truncated, kept, [k IN kept | k.node] AS members
RETURN c IS NOT NULL AS found, truncated,
       COLLECT {
         UNWIND range(0, size(kept) - 1) AS i
         WITH i, kept[i].node AS n, kept[i].depth AS depth
         RETURN {depth: depth, node: ${conceptProjection('n')}} AS node ORDER BY i
       } AS nodes,
       COLLECT {
         UNWIND members AS a
         MATCH (a)-[r:${types}]->(b)
         WHERE b IN members
         RETURN ${relationshipProjection('r', ', from: a.id, to: b.id')} AS edge ORDER BY a.id, b.id, type(r)
       } AS edges`;
}
