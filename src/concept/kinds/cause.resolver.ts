import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../../model/records';
import type { Context } from '../../request/context';
import { BodyRegionRelation, ConceptRelation, ConditionRelation } from '../../relationship/relation.type';
import { Cause } from './cause.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => Cause)
export class CauseFieldsResolver {
  @FieldResolver(() => [ConceptRelation], { description: 'What causes this factor (for example a cancer).' })
  causes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('causes', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Everything this factor causes.' })
  effects(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('effects', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'The conditions this factor causes.' })
  conditions(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('conditionsCaused', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Broader causal factors this one is a kind of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('causeParents', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Narrower causal factors.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('causeSubtypes', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Body regions this factor affects.' })
  bodyRegions(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('bodyRegions', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this factor makes worse.' })
  aggravates(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('aggravates', info).load(c.id);
  }
}
