import { badInput } from '../graphql/errors';
import { RELATIONSHIP_TYPES } from '../model/kinds';
import type { RelationshipTypeName } from '../model/kinds';

export interface IntBounds {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/**
 * The caps of the traversal queries. Depths and lengths bound the path explosion (they are spliced into Cypher as
 * variable-length bounds, which cannot be parameters); counts bound the response.
 */
export const TRAVERSAL_LIMITS = {
  chainDepth: { min: 1, max: 6, default: 4 },
  chainFirst: { min: 1, max: 500, default: 100 },
  pathLength: { min: 1, max: 6, default: 4 },
  pathFirst: { min: 1, max: 500, default: 20 },
  neighborhoodDepth: { min: 1, max: 3, default: 1 },
  neighborhoodLimit: { min: 1, max: 500, default: 100 },
} as const satisfies Record<string, IntBounds>;

/**
 * An integer argument within its bounds; null or absent means the default. Anything else is a BAD_USER_INPUT error
 * that names the argument and the bounds.
 */
export function intArg(argument: string, value: number | null | undefined, bounds: IntBounds): number {
  if (value === null || value === undefined) return bounds.default;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw badInput(argument, `must be between ${bounds.min} and ${bounds.max} (got ${value})`);
  }
  return value;
}

/**
 * The relationship types a query may follow: every type when the argument is null or absent, else the ones it
 * names, in the fixed order of RELATIONSHIP_TYPES (the strings that reach Cypher come from that list, not from
 * input). An empty list is a mistake worth naming rather than a query that can only find nothing.
 */
export function relationshipTypesArg(
  argument: string,
  types: readonly string[] | null | undefined,
): RelationshipTypeName[] {
  if (types === null || types === undefined) return [...RELATIONSHIP_TYPES];
  const wanted = new Set(types);
  const known = RELATIONSHIP_TYPES.filter((t) => wanted.has(t));
  if (known.length === 0) throw badInput(argument, 'must name at least one relationship type');
  return known;
}
