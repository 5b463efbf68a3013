import { Field, InterfaceType, ObjectType } from 'type-graphql';
import { BodyRegion } from '../concept/kinds/body-region.type';
import { Cancer, Condition } from '../condition/condition.type';
import { Concept } from '../concept/concept.type';
import { Evidence } from '../concept/evidence.type';
import { Population, RelationshipType } from '../graphql/enums';
import { Procedure } from '../concept/kinds/procedure.type';

/** The fields every relationship edge has; each implementation adds `node`, typed by what stands at the other end. */
@InterfaceType({
  description:
    'A relationship from the concept that owns the field to the concept in `node`, with its qualifiers and evidence.',
})
export abstract class Relation {
  @Field(() => Concept, { description: 'The concept at the other end.' })
  node!: Concept;

  @Field(() => RelationshipType, { description: 'The type of the relationship this edge crosses.' })
  relationship!: RelationshipType;

  @Field(() => Population, {
    nullable: true,
    description: 'Who the fact is stated for, where the source says.',
  })
  population!: Population | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The source’s own wording of the link when it is hedged or indirect ("may happen because of"): ' +
      'read the fact no stronger than this.',
  })
  statedAs!: string | null;

  @Field(() => [Evidence], { description: 'The sentences that state this relationship, with their sources.' })
  evidence!: Evidence[];
}

@ObjectType({ implements: Relation, description: 'A relationship to a concept of any kind.' })
export class ConceptRelation extends Relation {}

@ObjectType({ implements: Relation, description: 'A relationship to a condition.' })
export class ConditionRelation extends Relation {
  @Field(() => Condition, { description: 'The concept at the other end.' })
  declare node: Condition;
}

@ObjectType({ implements: Relation, description: 'A relationship to a cancer.' })
export class CancerRelation extends Relation {
  @Field(() => Cancer, { description: 'The concept at the other end.' })
  declare node: Cancer;
}

@ObjectType({ implements: Relation, description: 'A relationship to a body region.' })
export class BodyRegionRelation extends Relation {
  @Field(() => BodyRegion, { description: 'The concept at the other end.' })
  declare node: BodyRegion;
}

@ObjectType({ implements: Relation, description: 'A relationship to a diagnostic test or treatment.' })
export class ProcedureRelation extends Relation {
  @Field(() => Procedure, { description: 'The concept at the other end.' })
  declare node: Procedure;
}
