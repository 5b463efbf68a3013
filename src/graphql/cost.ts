import { getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The cost model (docs/operations.md, "Operation limits"): roughly the number of objects a response can hold, like GitHub's node
 * limit. A leaf (scalar or enum, or a list of them) is free: it is read with its object. Every other field costs 1
 * plus its selection's cost times the number of items it may return:
 *
 * - a paged or capped field, the `first` or `limit` it is given (its default when absent), clamped to the argument's
 *   maximum so that an out-of-range value is still answered by the resolver's own BAD_USER_INPUT;
 * - a path's hops, the longest path there can be (maxDepth and maxLength are at most 6);
 * - any other list (relationship fields, evidence, statements, ancestors, descendants...), LIST_SIZE.
 *
 * A connection's size multiplies everything under it (edges, pageInfo, totalCount): simple, and a slight
 * overestimate. Introspection is free: its size is the schema's, not the caller's.
 *
 * A field whose size is not LIST_SIZE says so where it is declared, with the `complexity` option of its decorator
 * (`sizedBy` or `listOf` below), so that this module knows no field by name.
 */
export const LIST_SIZE = 5;

/** An argument's default and its maximum. */
export interface SizeBounds {
  readonly default: number;
  readonly max: number;
}

/** The number of items an argument asks for: its default when absent, clamped to [0, max]. */
function sizeOf(value: unknown, bounds: SizeBounds): number {
  const asked = typeof value === 'number' && Number.isFinite(value) ? value : bounds.default;
  return Math.min(Math.max(asked, 0), bounds.max);
}

/** The `complexity` of a field whose size an argument gives (`first`, `limit`). */
export function sizedBy(argument: string, bounds: SizeBounds): ComplexityEstimator {
  return ({ args, childComplexity }) => 1 + sizeOf(args[argument], bounds) * childComplexity;
}

/**
 * The `complexity` of a list with a fixed number of items per parent: 1 for a list under a sized field (the size
 * was counted once, on that field), the longest path for a path's hops.
 */
export function listOf(items: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + items * childComplexity;
}

/** The graphql-query-complexity estimator of the cost model above. */
export const costEstimator: ComplexityEstimator = (options) => {
  const { type, field, childComplexity } = options;
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (isLeafType(getNamedType(field.type))) return 0;
  const declared = (field.extensions as { complexity?: unknown } | undefined)?.complexity;
  if (typeof declared === 'function') return (declared as ComplexityEstimator)(options);
  return 1 + (isListType(getNullableType(field.type)) ? LIST_SIZE : 1) * childComplexity;
};
