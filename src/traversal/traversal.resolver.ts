import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { checkId } from '../graphql/ids';
import type { Context } from '../request/context';
import { sizedBy } from '../graphql/cost';
import { Population, RelationshipType } from '../graphql/enums';
import { badInput, notFound } from '../graphql/errors';
import type { RelationshipTypeName } from '../model/kinds';
import { Neighborhood } from './neighborhood.types';
import { Path } from './path.types';
import { intArg, relationshipTypesArg, TRAVERSAL_LIMITS as LIMITS } from './traversal.args';
import { CausalDirection, CausalOptIn } from './traversal.enums';
import type { NeighborhoodRecord, PathRecord } from './traversal.record';
import { findCausalChains, findNeighborhood, findShortestPaths } from './traversal.repository';

const { chainDepth, chainFirst, pathLength, pathFirst, neighborhoodDepth, neighborhoodLimit } = LIMITS;

/**
 * causalChains, paths and neighborhood: each validates its arguments, sends one Cypher query (see
 * traversal.cypher.ts) and returns plain records. Concepts on the paths resolve like any other, so their own
 * relationship fields go through the per-request loaders and stay batched.
 */
@Resolver()
export class TraversalResolver {
  @Query(() => [Path], {
    complexity: sizedBy('first', chainFirst),
    description:
      'Every simple causal path (no concept twice) from a concept, of 1 to `maxDepth` hops: UPSTREAM follows what ' +
      'causes it (relationships pointing into each concept, crossed BACKWARD), DOWNSTREAM what it causes (FORWARD). ' +
      'CAUSES is always followed; `include` opts in HAS_FEATURE (a condition that has a feature produces it) and ' +
      'SUBTYPE_OF (a subtype is a form of its parent), both followed in their stored direction, like CAUSES. Every ' +
      'path is listed, its prefixes too: the direct causes come first, then their causes, and so on. Order: ' +
      'shortest first, then by the (lower-cased) names of the concepts along the path, then their ids. With ' +
      '`population`, paths with a hop stated for another population are left out (unqualified hops count for ' +
      'everyone). Unknown `from`: a NOT_FOUND error.',
  })
  async causalChains(
    @Arg('from', () => ID, { description: 'The concept the chains start from.' }) from: string,
    @Ctx() ctx: Context,
    @Arg('direction', () => CausalDirection, {
      nullable: true,
      defaultValue: CausalDirection.UPSTREAM,
      description: 'UPSTREAM: towards causes. DOWNSTREAM: towards effects. Null means UPSTREAM.',
    })
    direction?: CausalDirection | null,
    @Arg('maxDepth', () => Int, {
      nullable: true,
      defaultValue: chainDepth.default,
      description: `The most hops in a chain, ${chainDepth.min} to ${chainDepth.max}.`,
    })
    maxDepth?: number | null,
    @Arg('include', () => [CausalOptIn], {
      nullable: true,
      description: 'Relationship types to follow besides CAUSES.',
    })
    include?: CausalOptIn[] | null,
    @Arg('population', () => Population, {
      nullable: true,
      description: 'Only chains that hold for this population: no hop stated for another one.',
    })
    population?: Population | null,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: chainFirst.default,
      description: `The most paths returned, ${chainFirst.min} to ${chainFirst.max}.`,
    })
    first?: number | null,
  ): Promise<PathRecord[]> {
    const id = checkId(from, 'from');
    const types: RelationshipTypeName[] = ['CAUSES', ...(include ?? [])];
    const paths = await findCausalChains(ctx.db, {
      from: id,
      direction: direction === CausalDirection.DOWNSTREAM ? 'DOWNSTREAM' : 'UPSTREAM',
      maxDepth: intArg('maxDepth', maxDepth, chainDepth),
      types,
      population: population ?? null,
      first: intArg('first', first, chainFirst),
    });
    if (!paths) throw notFound('from', id);
    return paths;
  }

  @Query(() => [Path], {
    complexity: sizedBy('first', pathFirst),
    description:
      'The shortest paths between two concepts: all of them (up to `first`), over the given relationship types ' +
      '(every type by default), crossing relationships either way unless `directed` (then only from `from` towards ' +
      '`to`, every hop FORWARD). Evidence on every hop. No path within `maxLength` hops: an empty list. Order: by ' +
      'the (lower-cased) names along the path, then the ids. `from` equal to `to`: BAD_USER_INPUT; an unknown id: ' +
      'NOT_FOUND.',
  })
  async paths(
    @Arg('from', () => ID, { description: 'The concept the paths start from.' }) from: string,
    @Arg('to', () => ID, { description: 'The concept the paths end at.' }) to: string,
    @Ctx() ctx: Context,
    @Arg('maxLength', () => Int, {
      nullable: true,
      defaultValue: pathLength.default,
      description: `The most hops in a path, ${pathLength.min} to ${pathLength.max}.`,
    })
    maxLength?: number | null,
    @Arg('relationshipTypes', () => [RelationshipType], {
      nullable: true,
      description: 'The relationship types paths may cross; every type when absent.',
    })
    relationshipTypes?: RelationshipType[] | null,
    @Arg('directed', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Only follow relationships in their stored direction, from `from` towards `to`.',
    })
    directed?: boolean | null,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: pathFirst.default,
      description: `The most paths returned, ${pathFirst.min} to ${pathFirst.max}.`,
    })
    first?: number | null,
  ): Promise<PathRecord[]> {
    const start = checkId(from, 'from');
    const end = checkId(to, 'to');
    if (start === end) throw badInput('to', 'must differ from "from": a path joins two different concepts');
    const result = await findShortestPaths(ctx.db, {
      from: start,
      to: end,
      maxLength: intArg('maxLength', maxLength, pathLength),
      types: relationshipTypesArg('relationshipTypes', relationshipTypes),
      directed: directed ?? false,
      first: intArg('first', first, pathFirst),
    });
    if (!result.found) {
      const [missing] = result.missing;
      throw notFound(missing?.argument ?? 'from', missing?.id ?? start);
    }
    return result.paths;
  }

  @Query(() => Neighborhood, {
    complexity: sizedBy('limit', neighborhoodLimit),
    description:
      'The concepts within `depth` hops of a concept, crossing relationships either way, and every relationship ' +
      'between them: the shape a graph picture needs. Nodes come nearest first (the center at depth 0), then by ' +
      'name and id; at most `limit` of them, the center included, and `truncated` says when more were within ' +
      'reach. Unknown id: NOT_FOUND.',
  })
  async neighborhood(
    @Arg('id', () => ID, { description: 'The concept at the center.' }) id: string,
    @Ctx() ctx: Context,
    @Arg('depth', () => Int, {
      nullable: true,
      defaultValue: neighborhoodDepth.default,
      description: `How many hops from the center, ${neighborhoodDepth.min} to ${neighborhoodDepth.max}.`,
    })
    depth?: number | null,
    @Arg('relationshipTypes', () => [RelationshipType], {
      nullable: true,
      description: 'The relationship types to follow and draw; every type when absent.',
    })
    relationshipTypes?: RelationshipType[] | null,
    @Arg('limit', () => Int, {
      nullable: true,
      defaultValue: neighborhoodLimit.default,
      description: `The most concepts returned, the center included, ${neighborhoodLimit.min} to ${neighborhoodLimit.max}.`,
    })
    limit?: number | null,
  ): Promise<NeighborhoodRecord> {
    const center = checkId(id);
    const found = await findNeighborhood(ctx.db, {
      id: center,
      depth: intArg('depth', depth, neighborhoodDepth),
      types: relationshipTypesArg('relationshipTypes', relationshipTypes),
      limit: intArg('limit', limit, neighborhoodLimit),
    });
    if (!found) throw notFound('id', center);
    return found;
  }
}
