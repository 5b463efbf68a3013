import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../model/records';
import type { Context } from '../request/context';
import {
  BodyRegionRelation,
  CancerRelation,
  ConceptRelation,
  ConditionRelation,
  ProcedureRelation,
} from '../relationship/relation.type';
import { Cancer, Condition } from './condition.type';

type Edges = Promise<EdgeRecord[]>;

/** Relationship fields of every condition (cancers included). Each asks a per-request loader: no query per parent. */
@Resolver(() => Condition)
export class ConditionFieldsResolver {
  @FieldResolver(() => [ConceptRelation], {
    description: 'What causes this condition (conditions, causes, substances).',
  })
  causes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('causes', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'What this condition causes.' })
  effects(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('effects', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one is a subtype or form of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('conditionParents', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Subtypes and forms of this condition.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('conditionSubtypes', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions that are features of this one.' })
  features(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('features', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one is a feature of.' })
  featureOf(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('featureOf', info).load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Body regions this condition affects.' })
  bodyRegions(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('bodyRegions', info).load(c.id);
  }

  @FieldResolver(() => [CancerRelation], { description: 'Cancers associated with this condition.' })
  cancers(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('cancers', info).load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Tests that diagnose this condition.' })
  diagnosticTests(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('diagnosticTests', info).load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Treatments of this condition.' })
  treatments(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('treatments', info).load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], {
    description: 'What makes this condition worse or more noticeable.',
  })
  aggravatedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('aggravatedBy', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one makes worse.' })
  aggravates(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('aggravates', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one can look like.' })
  mimics(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('mimics', info).load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions that can look like this one.' })
  mimickedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('mimickedBy', info).load(c.id);
  }
}

@Resolver(() => Cancer)
export class CancerFieldsResolver {
  @FieldResolver(() => [ConditionRelation], { description: 'Conditions associated with this cancer.' })
  conditions(@Root() c: ConceptRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Edges {
    return ctx.loaders.relationships.edges('cancerConditions', info).load(c.id);
  }
}
