import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../concept/concept.record';
import type { Context } from '../graphql/context';
import { BodyRegionRelation, ConceptRelation, ConditionRelation } from '../relationship/relation.type';
import { Cause } from './cause.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => Cause)
export class CauseFieldsResolver {
  @FieldResolver(() => [ConceptRelation], { description: 'What causes this factor (for example a cancer).' })
  causes(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('causes').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Everything this factor causes.' })
  effects(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('effects').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'The conditions this factor causes.' })
  conditions(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('conditionsCaused').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Broader causal factors this one is a kind of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('causeParents').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Narrower causal factors.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('causeSubtypes').load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Body regions this factor affects.' })
  bodyRegions(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('bodyRegions').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this factor makes worse.' })
  aggravates(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('aggravates').load(c.id);
  }
}
