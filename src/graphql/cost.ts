import { getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { RELATED_MAX } from '../related/related.resolver';
import { SEARCH_PAGE } from '../search/search.resolver';
import { TRAVERSAL_LIMITS } from '../traversal/traversal.args';
import type { IntBounds } from '../traversal/traversal.args';
import { PAGE_SIZE } from './pagination';

/**
 * The cost model (README "Operation limits"): roughly the number of objects a response can hold, like GitHub's node
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
 */
export const LIST_SIZE = 5;

/** The hops a path can have: neither causalChains' maxDepth nor paths' maxLength goes past 6. */
const PATH_HOPS = Math.max(TRAVERSAL_LIMITS.chainDepth.max, TRAVERSAL_LIMITS.pathLength.max);

interface Sized {
  argument: string;
  bounds: Pick<IntBounds, 'default' | 'max'>;
}

/** Fields whose size an argument gives, by `Type.field`. */
const SIZED_FIELDS: Record<string, Sized> = {
  'Query.conditions': { argument: 'first', bounds: PAGE_SIZE },
  'Query.search': { argument: 'first', bounds: SEARCH_PAGE },
  'Query.relatedConditions': { argument: 'first', bounds: { default: 10, max: RELATED_MAX } },
  'Query.causalChains': { argument: 'first', bounds: TRAVERSAL_LIMITS.chainFirst },
  'Query.paths': { argument: 'first', bounds: TRAVERSAL_LIMITS.pathFirst },
  'Query.neighborhood': { argument: 'limit', bounds: TRAVERSAL_LIMITS.neighborhoodLimit },
};

/** Lists under a sized field: the size was counted once, on that field. */
const ONE_PER_ITEM = new Set(['ConditionConnection.edges', 'SearchConnection.edges', 'Neighborhood.nodes']);

/** The number of items `Type.field` may return with these arguments, as the cost model estimates it. */
export function estimatedSize(typeName: string, fieldName: string, args: Record<string, unknown>): number {
  const key = `${typeName}.${fieldName}`;
  const sized = SIZED_FIELDS[key];
  if (sized) {
    const value = args[sized.argument];
    const asked = typeof value === 'number' && Number.isFinite(value) ? value : sized.bounds.default;
    return Math.min(Math.max(asked, 0), sized.bounds.max);
  }
  if (ONE_PER_ITEM.has(key)) return 1;
  if (typeName === 'Path' && fieldName === 'hops') return PATH_HOPS;
  // Every neighborhood node brings about one edge: counted per node through Neighborhood's size.
  if (key === 'Neighborhood.edges') return 1;
  return LIST_SIZE;
}

/** The graphql-query-complexity estimator of the cost model above. */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (isLeafType(getNamedType(field.type))) return 0;
  const list = isListType(getNullableType(field.type)) || SIZED_FIELDS[`${type.name}.${field.name}`];
  return 1 + (list ? estimatedSize(type.name, field.name, args) : 1) * childComplexity;
};
