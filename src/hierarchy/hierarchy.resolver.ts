import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { BodyRegion } from '../concept/kinds/body-region.type';
import type { ConceptRecord } from '../model/records';
import { Condition } from '../condition/condition.type';
import type { Context } from '../request/context';
import { badInput } from '../graphql/errors';
import { MAX_HIERARCHY_DEPTH } from './hierarchy.loaders';
import type { HierarchyEntryRecord, HierarchyName } from './hierarchy.loaders';
import { BodyRegionHierarchyEntry, ConditionHierarchyEntry } from './hierarchy.types';

function checkDepth(maxDepth: number): number {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_HIERARCHY_DEPTH) {
    throw badInput('maxDepth', `must be between 1 and ${MAX_HIERARCHY_DEPTH} (got ${maxDepth})`);
  }
  return maxDepth;
}

function entries(
  ctx: Context,
  name: HierarchyName,
  up: boolean,
  root: ConceptRecord,
  maxDepth: number | null,
) {
  return ctx.loaders.hierarchy.entries(name, up, checkDepth(maxDepth ?? MAX_HIERARCHY_DEPTH)).load(root.id);
}

const depthArg = {
  nullable: true,
  defaultValue: MAX_HIERARCHY_DEPTH,
  description: `At most ${MAX_HIERARCHY_DEPTH}.`,
};

@Resolver(() => Condition)
export class ConditionHierarchyResolver {
  @FieldResolver(() => [ConditionHierarchyEntry], {
    description:
      'Every broader condition above this one (SUBTYPE_OF, transitively), nearest first, with its depth.',
  })
  ancestors(
    @Root() c: ConceptRecord,
    @Ctx() ctx: Context,
    @Arg('maxDepth', () => Int, depthArg) maxDepth: number | null,
  ): Promise<HierarchyEntryRecord[]> {
    return entries(ctx, 'conditions', true, c, maxDepth);
  }

  @FieldResolver(() => [ConditionHierarchyEntry], {
    description: 'Every subtype and form below this condition (SUBTYPE_OF, transitively), nearest first.',
  })
  descendants(
    @Root() c: ConceptRecord,
    @Ctx() ctx: Context,
    @Arg('maxDepth', () => Int, depthArg) maxDepth: number | null,
  ): Promise<HierarchyEntryRecord[]> {
    return entries(ctx, 'conditions', false, c, maxDepth);
  }
}

@Resolver(() => BodyRegion)
export class BodyRegionHierarchyResolver {
  @FieldResolver(() => [BodyRegionHierarchyEntry], {
    description: 'Every region this one is part of (PART_OF, transitively), nearest first, with its depth.',
  })
  ancestors(
    @Root() c: ConceptRecord,
    @Ctx() ctx: Context,
    @Arg('maxDepth', () => Int, depthArg) maxDepth: number | null,
  ): Promise<HierarchyEntryRecord[]> {
    return entries(ctx, 'bodyRegions', true, c, maxDepth);
  }

  @FieldResolver(() => [BodyRegionHierarchyEntry], {
    description: 'Every part of this region (PART_OF, transitively), nearest first, with its depth.',
  })
  descendants(
    @Root() c: ConceptRecord,
    @Ctx() ctx: Context,
    @Arg('maxDepth', () => Int, depthArg) maxDepth: number | null,
  ): Promise<HierarchyEntryRecord[]> {
    return entries(ctx, 'bodyRegions', false, c, maxDepth);
  }
}
