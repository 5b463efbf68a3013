import neo4j from 'neo4j-driver';
import type { Reads } from '../neo4j/database';
import type { PopulationName, RelationshipTypeName } from '../model/kinds';
import { causalChainsCypher, neighborhoodCypher, pathsCypher } from './traversal.cypher';
import { toNeighborhood, toPaths } from './traversal.record';
import type { NeighborhoodRecord, NeighborhoodRow, PathRecord, PathsRow } from './traversal.record';

/** Each function sends one query, counted in the request `db` reads for. Arguments are already validated (see the resolver). */

export interface CausalChainsQuery {
  from: string;
  direction: 'UPSTREAM' | 'DOWNSTREAM';
  maxDepth: number;
  types: readonly RelationshipTypeName[];
  population: PopulationName | null;
  first: number;
}

/** The causal chains from a concept; null when no concept has the id. */
export async function findCausalChains(db: Reads, q: CausalChainsQuery): Promise<PathRecord[] | null> {
  const cypher = causalChainsCypher({
    direction: q.direction,
    maxDepth: q.maxDepth,
    types: q.types,
    byPopulation: q.population !== null,
  });
  const params: Record<string, unknown> = { from: q.from, first: neo4j.int(q.first) };
  if (q.population !== null) params.population = q.population;
  const [row] = await db.read<PathsRow & { found: boolean }>(cypher, params);
  if (!row?.found) return null;
  return toPaths(row);
}

export interface PathsQuery {
  from: string;
  to: string;
  maxLength: number;
  types: readonly RelationshipTypeName[];
  directed: boolean;
  first: number;
}

export type PathsResult =
  | { found: true; paths: PathRecord[] }
  | { found: false; missing: Array<{ argument: 'from' | 'to'; id: string }> };

/** The shortest paths between two different concepts, or which of the ids name no concept. */
export async function findShortestPaths(db: Reads, q: PathsQuery): Promise<PathsResult> {
  const cypher = pathsCypher({ maxLength: q.maxLength, types: q.types, directed: q.directed });
  const [row] = await db.read<PathsRow & { fromFound: boolean; toFound: boolean }>(cypher, {
    from: q.from,
    to: q.to,
    first: neo4j.int(q.first),
  });
  const missing: Array<{ argument: 'from' | 'to'; id: string }> = [];
  if (!row?.fromFound) missing.push({ argument: 'from', id: q.from });
  if (!row?.toFound) missing.push({ argument: 'to', id: q.to });
  if (!row || missing.length > 0) return { found: false, missing };
  return { found: true, paths: toPaths(row) };
}

export interface NeighborhoodQuery {
  id: string;
  depth: number;
  types: readonly RelationshipTypeName[];
  /** The most concepts returned, the center included. */
  limit: number;
}

/** The neighborhood of a concept; null when no concept has the id. */
export async function findNeighborhood(db: Reads, q: NeighborhoodQuery): Promise<NeighborhoodRecord | null> {
  const keep = q.limit - 1;
  const [row] = await db.read<NeighborhoodRow & Record<string, unknown>>(
    neighborhoodCypher({ depth: q.depth, types: q.types }),
    { id: q.id, keep: neo4j.int(keep), fetch: neo4j.int(keep + 1) },
  );
  if (!row?.found) return null;
  return toNeighborhood(row);
}
