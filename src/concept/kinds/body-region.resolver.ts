import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../../model/records';
import type { Context } from '../../request/context';
import { RegionConditionRelation } from '../../hierarchy/hierarchy.types';
import type { RegionConditionRecord } from '../../hierarchy/hierarchy.loaders';
import { BodyRegionRelation, ConceptRelation } from '../../relationship/relation.type';
import { BodyRegion } from './body-region.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => BodyRegion)
export class BodyRegionFieldsResolver {
  @FieldResolver(() => [RegionConditionRelation], {
    description:
      'Conditions that affect this region; with includeParts, also those that affect any of its parts ' +
      '(through PART_OF), nearest first, each with the part it affects.',
  })
  async conditions(
    @Root() c: ConceptRecord,
    @Ctx() ctx: Context,
    @Arg('includeParts', () => Boolean, { nullable: true, defaultValue: false }) includeParts: boolean | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegionConditionRecord[]> {
    if (includeParts) return ctx.loaders.hierarchy.regionConditionsWithParts.load(c.id);
    const edges = await ctx.loaders.relationships.edges('regionConditions', info).load(c.id);
    return edges.map((edge) => ({ ...edge, region: c, partDepth: 0 }));
  }

  @FieldResolver(() => [ConceptRelation], {
    description: 'Everything that affects this region (conditions and causes).',
  })
  affectedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('affectedBy', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Regions this region is part of.' })
  partOf(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('partOf', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Regions that are part of this region.' })
  parts(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('parts', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], {
    description:
      'Broader kinds of region this region is a kind of (SUBTYPE_OF, such as the UBERON is_a hierarchy). ' +
      'Not its parthood: see partOf.',
  })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('bodyRegionParents', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], {
    description: 'Narrower kinds of this region (SUBTYPE_OF). Not its parts: see parts.',
  })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('bodyRegionSubtypes', info).load(c.id);
  }
}
