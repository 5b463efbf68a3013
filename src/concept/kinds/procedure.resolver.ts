import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../../model/records';
import type { Context } from '../../request/context';
import { ConditionRelation, ProcedureRelation } from '../../relationship/relation.type';
import { Procedure } from './procedure.type';

type Edges = Promise<EdgeRecord[]>;

@Resolver(() => Procedure)
export class ProcedureFieldsResolver {
  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this test diagnoses.' })
  diagnoses(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('diagnoses', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this procedure treats.' })
  treats(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('treats', info).load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Broader procedures this one is a kind of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('procedureParents', info).load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Narrower procedures.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('procedureSubtypes', info).load(c.id);
  }
}
