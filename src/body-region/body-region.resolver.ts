import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../concept/concept.record';
import type { Context } from '../graphql/context';
import { BodyRegionRelation, ConceptRelation, ConditionRelation } from '../relationship/relation.type';
import { BodyRegion } from './body-region.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => BodyRegion)
export class BodyRegionFieldsResolver {
  @FieldResolver(() => [ConditionRelation], { description: 'Conditions that affect this region.' })
  conditions(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('regionConditions').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], {
    description: 'Everything that affects this region (conditions and causes).',
  })
  affectedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('affectedBy').load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Regions this region is part of.' })
  partOf(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('partOf').load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Regions that are part of this region.' })
  parts(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('parts').load(c.id);
  }
}
