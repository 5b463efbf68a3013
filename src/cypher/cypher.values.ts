import neo4j from 'neo4j-driver';
import type { Node, Path, Relationship } from 'neo4j-driver';
import type { Plain } from '../neo4j/values';
import { toPlain, toPlainMap } from '../neo4j/values';

/**
 * Values in and out of analysts' Cypher. Out: nodes, relationships and paths become plain JSON that names concepts
 * by their stable ids; everything else as toPlain. In: JSON parameters become driver values, whole numbers as
 * Cypher integers (so `LIMIT $n` works) and other numbers as floats.
 */

/** A node: its stable `id` property when it has one (every concept and source does), else its element id. */
export interface NodeJson {
  [key: string]: Plain;
  id: string;
  elementId: string;
  labels: string[];
  properties: { [key: string]: Plain };
}

/** A relationship with its ends named like nodes (stable ids where the end nodes have them). */
export interface RelationshipJson {
  [key: string]: Plain;
  elementId: string;
  type: string;
  start: string;
  end: string;
  properties: { [key: string]: Plain };
}

/** A path as its nodes in order and the relationships between them (`relationships[i]` joins nodes i and i+1). */
export interface PathJson {
  [key: string]: Plain;
  length: number;
  nodes: NodeJson[];
  relationships: RelationshipJson[];
}

function stableId(node: Node): string {
  const id = node.properties.id as unknown;
  return typeof id === 'string' && id !== '' ? id : node.elementId;
}

/** Element ids of nodes met in `value` mapped to their stable ids, and the relationship ends not met yet. */
export function collectGraphIds(
  value: unknown,
  known: Map<string, string>,
  unresolvedEnds: Set<string>,
): void {
  if (value === null || typeof value !== 'object') return;
  if (neo4j.isNode(value)) {
    known.set(value.elementId, stableId(value));
    return;
  }
  if (neo4j.isRelationship(value)) {
    unresolvedEnds.add(value.startNodeElementId);
    unresolvedEnds.add(value.endNodeElementId);
    return;
  }
  if (neo4j.isPath(value)) {
    for (const s of value.segments) {
      collectGraphIds(s.start, known, unresolvedEnds);
      collectGraphIds(s.end, known, unresolvedEnds);
    }
    collectGraphIds(value.start, known, unresolvedEnds);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectGraphIds(v, known, unresolvedEnds);
    return;
  }
  if (neo4j.isInt(value) || value instanceof Uint8Array) return;
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectGraphIds(v, known, unresolvedEnds);
  }
}

function nodeJson(node: Node): NodeJson {
  return {
    id: stableId(node),
    elementId: node.elementId,
    labels: [...node.labels],
    properties: toPlainMap(node.properties),
  };
}

function relationshipJson(rel: Relationship, ends: ReadonlyMap<string, string>): RelationshipJson {
  return {
    elementId: rel.elementId,
    type: rel.type,
    start: ends.get(rel.startNodeElementId) ?? rel.startNodeElementId,
    end: ends.get(rel.endNodeElementId) ?? rel.endNodeElementId,
    properties: toPlainMap(rel.properties),
  };
}

function pathJson(path: Path, ends: ReadonlyMap<string, string>): PathJson {
  const nodes = [nodeJson(path.start), ...path.segments.map((s) => nodeJson(s.end))];
  return {
    length: path.segments.length,
    nodes,
    relationships: path.segments.map((s) => relationshipJson(s.relationship, ends)),
  };
}

/** A returned value as JSON; `ends` maps element ids to stable ids for relationship ends. */
export function toCypherJson(value: unknown, ends: ReadonlyMap<string, string>): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return toPlain(value);
  if (neo4j.isNode(value)) return nodeJson(value);
  if (neo4j.isRelationship(value)) return relationshipJson(value, ends);
  if (neo4j.isPath(value)) return pathJson(value, ends);
  if (Array.isArray(value)) return value.map((v) => toCypherJson(v, ends));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCypherJson(v, ends);
    return out;
  }
  return toPlain(value);
}

export class ParamsError extends Error {}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_DEPTH = 16;

function toDriverValue(value: unknown, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH)
    throw new ParamsError(`parameter ${path} is nested more than ${MAX_DEPTH} levels deep`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ParamsError(`parameter ${path} is not a finite number`);
    return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toDriverValue(v, `${path}[${i}]`, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toDriverValue(v, `${path}.${k}`, depth + 1);
    return out;
  }
  throw new ParamsError(`parameter ${path} has an unsupported type (${typeof value})`);
}

/** JSON parameters (an object, or null/undefined for none) as driver parameters; a ParamsError names the problem. */
export function toDriverParams(params: unknown): Record<string, unknown> {
  if (params === null || params === undefined) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ParamsError('params must be a JSON object that maps parameter names to values');
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) {
      throw new ParamsError(
        `parameter name ${JSON.stringify(name.slice(0, 64))} is not valid (letters, digits and _, not first a digit)`,
      );
    }
    out[name] = toDriverValue(value, `$${name}`, 1);
  }
  return out;
}
