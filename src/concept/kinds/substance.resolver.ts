import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../../model/records';
import type { Context } from '../../request/context';
import { ConceptRelation, ConditionRelation } from '../../relationship/relation.type';
import { Substance } from './substance.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => Substance)
export class SubstanceFieldsResolver {
  @FieldResolver(() => [ConditionRelation], {
    description: 'Conditions this substance makes worse or more noticeable.',
  })
  aggravates(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('aggravates', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'What this substance causes.' })
  effects(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('effects', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Broader substances this one is a kind of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('substanceParents', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'Narrower substances.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('substanceSubtypes', info).load(c.id);
  }
}
