import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ConceptRecord, EdgeRecord } from '../concept/concept.record';
import type { Context } from '../graphql/context';
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
  causes(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('causes').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], { description: 'What this condition causes.' })
  effects(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('effects').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one is a subtype or form of.' })
  parents(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('conditionParents').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Subtypes and forms of this condition.' })
  subtypes(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('conditionSubtypes').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions that are features of this one.' })
  features(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('features').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one is a feature of.' })
  featureOf(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('featureOf').load(c.id);
  }

  @FieldResolver(() => [BodyRegionRelation], { description: 'Body regions this condition affects.' })
  bodyRegions(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('bodyRegions').load(c.id);
  }

  @FieldResolver(() => [CancerRelation], { description: 'Cancers associated with this condition.' })
  cancers(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('cancers').load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Tests that diagnose this condition.' })
  diagnosticTests(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('diagnosticTests').load(c.id);
  }

  @FieldResolver(() => [ProcedureRelation], { description: 'Treatments of this condition.' })
  treatments(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('treatments').load(c.id);
  }

  @FieldResolver(() => [ConceptRelation], {
    description: 'What makes this condition worse or more noticeable.',
  })
  aggravatedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('aggravatedBy').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one makes worse.' })
  aggravates(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('aggravates').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions this one can look like.' })
  mimics(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('mimics').load(c.id);
  }

  @FieldResolver(() => [ConditionRelation], { description: 'Conditions that can look like this one.' })
  mimickedBy(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('mimickedBy').load(c.id);
  }
}

@Resolver(() => Cancer)
export class CancerFieldsResolver {
  @FieldResolver(() => [ConditionRelation], { description: 'Conditions associated with this cancer.' })
  conditions(@Root() c: ConceptRecord, @Ctx() ctx: Context): Edges {
    return ctx.loaders.relationships.edges('cancerConditions').load(c.id);
  }
}
