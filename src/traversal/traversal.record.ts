import { toConcept, toEvidence } from '../model/records';
import type { ConceptRecord, ConceptRow, EdgeRecord, SourceRow } from '../model/records';
import type { PopulationName, RelationshipTypeName } from '../model/kinds';

/**
 * Plain records of the traversal queries (the GraphQL types Path, Hop and Neighborhood resolve from them), and the
 * conversion from the rows the Cypher of traversal.cypher.ts returns. Nothing here is a driver object.
 */

export type HopDirectionName = 'FORWARD' | 'BACKWARD';

/** A hop is an edge (the concept it reaches, the relationship, qualifiers, evidence) crossed one way. */
export interface HopRecord extends EdgeRecord {
  direction: HopDirectionName;
}

export interface PathRecord {
  start: ConceptRecord;
  end: ConceptRecord;
  length: number;
  hops: HopRecord[];
}

export interface NeighborhoodEdgeRecord {
  from: string;
  to: string;
  relationship: RelationshipTypeName;
  population: PopulationName | null;
  statedAs: string | null;
  evidence: EdgeRecord['evidence'];
}

export interface NeighborhoodRecord {
  center: ConceptRecord;
  nodes: Array<{ node: ConceptRecord; depth: number }>;
  edges: NeighborhoodEdgeRecord[];
  truncated: boolean;
}

/** A relationship as the traversal queries project it; `key` identifies it within one response only. */
export interface RelationshipRow {
  key: string;
  type: RelationshipTypeName;
  population: PopulationName | null;
  statedAs: string | null;
  evidenceSources: string[] | null;
  evidenceQuotes: string[] | null;
  sources: SourceRow[];
}

/** A path as the node ids along it and, per hop, its relationship's key and whether it follows it forward. */
export interface PathRow {
  ids: string[];
  hops: Array<{ key: string; forward: boolean }>;
}

export interface PathsRow {
  nodes: ConceptRow[];
  relationships: RelationshipRow[];
  paths: PathRow[];
}

export interface NeighborhoodRow {
  found: boolean;
  truncated: boolean;
  nodes: Array<{ depth: number; node: ConceptRow }>;
  edges: Array<RelationshipRow & { from: string; to: string }>;
}

function qualifiers(r: RelationshipRow) {
  return {
    relationship: r.type,
    population: r.population ?? null,
    statedAs: r.statedAs ?? null,
    evidence: toEvidence(r.evidenceSources, r.evidenceQuotes, r.sources),
  };
}

/**
 * Assembles paths from the distinct concepts and relationships of a response and the paths that refer to them.
 * Each concept and relationship is converted once, however many paths cross it.
 */
export function toPaths(row: PathsRow): PathRecord[] {
  const concepts = new Map(row.nodes.map((n) => [n.id, toConcept(n)]));
  const relationships = new Map(row.relationships.map((r) => [r.key, qualifiers(r)]));
  const concept = (id: string | undefined): ConceptRecord => {
    const found = id === undefined ? undefined : concepts.get(id);
    if (!found)
      throw new Error(`A path refers to concept ${id ?? '(none)'}, which the response does not hold`);
    return found;
  };
  return row.paths.map((path) => {
    const hops = path.hops.map((hop, i): HopRecord => {
      const rel = relationships.get(hop.key);
      if (!rel) throw new Error(`A path refers to a relationship the response does not hold (${hop.key})`);
      return { node: concept(path.ids[i + 1]), ...rel, direction: hop.forward ? 'FORWARD' : 'BACKWARD' };
    });
    return {
      start: concept(path.ids[0]),
      end: concept(path.ids[path.ids.length - 1]),
      length: hops.length,
      hops,
    };
  });
}

/** The neighborhood of a concept that exists (the row's `found` is true). */
export function toNeighborhood(row: NeighborhoodRow): NeighborhoodRecord {
  const nodes = row.nodes.map((n) => ({ node: toConcept(n.node), depth: n.depth }));
  const center = nodes[0];
  if (!center || center.depth !== 0) throw new Error('A neighborhood row must start with its center');
  return {
    center: center.node,
    nodes,
    edges: row.edges.map((e) => ({ from: e.from, to: e.to, ...qualifiers(e) })),
    truncated: row.truncated,
  };
}
