import neo4j from 'neo4j-driver';
import type { Integer } from 'neo4j-driver';

import type { Plain } from '../model/plain';

export type { Plain };

function integerToPlain(value: Integer): number | string {
  // Neo4j integers are 64-bit; beyond 2^53 a JS number would silently lose digits, so they become strings.
  return neo4j.integer.inSafeRange(value) ? value.toNumber() : value.toString();
}

/**
 * Converts a value returned by neo4j-driver into plain JSON: integers to numbers (or strings past 2^53), temporal
 * values to ISO-8601 strings, points to `{ srid, x, y[, z] }`, nodes to `{ elementId, labels, properties }`,
 * relationships to `{ elementId, type, startElementId, endElementId, properties }`, and paths to
 * `{ start, end, segments: [{ start, relationship, end }] }`. Lists and maps are converted recursively.
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (neo4j.isInt(value)) return integerToPlain(value as Integer);
  if (Array.isArray(value)) return value.map(toPlain);
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isDuration(value)
  ) {
    return String(value);
  }
  if (neo4j.isPoint(value)) {
    const p = value as { srid: unknown; x: number; y: number; z?: number };
    return p.z === undefined
      ? { srid: toPlain(p.srid), x: p.x, y: p.y }
      : { srid: toPlain(p.srid), x: p.x, y: p.y, z: p.z };
  }
  if (neo4j.isNode(value)) {
    return {
      elementId: value.elementId,
      labels: [...value.labels],
      properties: toPlainMap(value.properties),
    };
  }
  if (neo4j.isRelationship(value)) {
    return {
      elementId: value.elementId,
      type: value.type,
      startElementId: value.startNodeElementId,
      endElementId: value.endNodeElementId,
      properties: toPlainMap(value.properties),
    };
  }
  if (neo4j.isPath(value)) {
    return {
      start: toPlain(value.start),
      end: toPlain(value.end),
      segments: value.segments.map((s) => ({
        start: toPlain(s.start),
        relationship: toPlain(s.relationship),
        end: toPlain(s.end),
      })),
    };
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') return toPlainMap(value as Record<string, unknown>);
  return String(value);
}

export function toPlainMap(map: Record<string, unknown>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [k, v] of Object.entries(map)) out[k] = toPlain(v);
  return out;
}

/**
 * toPlain for a record the driver has just decoded, which nothing else holds: its lists and maps (plain arrays and
 * objects) are converted in place rather than copied, and only driver objects (integers, temporal values, nodes...)
 * are replaced. The same result as toPlain, without a second copy of every row: a page of nested relations decodes
 * tens of thousands of maps, and the copies were a large part of the garbage collector's work.
 */
export function toPlainInPlace(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toPlainInPlace(value[i]);
    return value as Plain[];
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) map[key] = toPlainInPlace(map[key]);
    return map as { [key: string]: Plain };
  }
  return toPlain(value);
}
