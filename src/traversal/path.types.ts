import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { Evidence } from '../concept/evidence.type';
import { Population, RelationshipType } from '../graphql/enums';

/** Values are what the records carry; names are what GraphQL clients see. */
export enum HopDirection {
  FORWARD = 'FORWARD',
  BACKWARD = 'BACKWARD',
}
registerEnumType(HopDirection, {
  name: 'HopDirection',
  description:
    'Which way a hop crosses its relationship, compared with the direction the relationship is stored in.',
  valuesConfig: {
    FORWARD: {
      description: 'Along the stored direction: the hop goes from the start of the relationship to its end.',
    },
    BACKWARD: {
      description:
        'Against the stored direction: the hop goes from the end of the relationship to its start.',
    },
  },
});

@ObjectType({
  description:
    'One step of a path: the relationship it crosses, which way it crosses it, its qualifiers and evidence, and the ' +
    'concept it reaches.',
})
export class Hop {
  @Field(() => Concept, { description: 'The concept this hop reaches.' })
  node!: Concept;

  @Field(() => RelationshipType, { description: 'The type of the relationship this hop crosses.' })
  relationship!: RelationshipType;

  @Field(() => HopDirection, {
    description:
      'FORWARD when the hop follows the stored direction of the relationship (neuroblastoma CAUSES faulty immune ' +
      'reaction, crossed from neuroblastoma), BACKWARD when it goes against it.',
  })
  direction!: HopDirection;

  @Field(() => Population, {
    nullable: true,
    description: 'Who the relationship is stated for, where the source says.',
  })
  population!: Population | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The source’s own wording of the link when it is hedged or indirect ("may happen because of"): read the ' +
      'hop no stronger than this.',
  })
  statedAs!: string | null;

  @Field(() => [Evidence], { description: 'The sentences that state the relationship, with their sources.' })
  evidence!: Evidence[];
}

@ObjectType({ description: 'A path through the graph: where it starts and ends, and each hop in order.' })
export class Path {
  @Field(() => Concept, { description: 'The concept the path starts from.' })
  start!: Concept;

  @Field(() => Concept, { description: 'The concept the last hop reaches.' })
  end!: Concept;

  @Field(() => Int, { description: 'The number of hops.' })
  length!: number;

  @Field(() => [Hop], { description: 'The hops in order, from `start` to `end`.' })
  hops!: Hop[];
}
