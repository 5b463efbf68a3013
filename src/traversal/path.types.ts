import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { listOf } from '../graphql/cost';
import { Relation } from '../relationship/relation.type';
import { TRAVERSAL_LIMITS } from './traversal.args';

/** The hops a path can have, for its cost: neither causalChains' maxDepth nor paths' maxLength goes past 6. */
const PATH_HOPS = Math.max(TRAVERSAL_LIMITS.chainDepth.max, TRAVERSAL_LIMITS.pathLength.max);

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
  implements: Relation,
  description:
    'One step of a path: the relationship it crosses (with its qualifiers and evidence, as on any relationship ' +
    'field), which way it crosses it, and the concept it reaches.',
})
export class Hop extends Relation {
  @Field(() => HopDirection, {
    description:
      'FORWARD when the hop follows the stored direction of the relationship (neuroblastoma CAUSES faulty immune ' +
      'reaction, crossed from neuroblastoma), BACKWARD when it goes against it.',
  })
  direction!: HopDirection;
}

@ObjectType({ description: 'A path through the graph: where it starts and ends, and each hop in order.' })
export class Path {
  @Field(() => Concept, { description: 'The concept the path starts from.' })
  start!: Concept;

  @Field(() => Concept, { description: 'The concept the last hop reaches.' })
  end!: Concept;

  @Field(() => Int, { description: 'The number of hops.' })
  length!: number;

  @Field(() => [Hop], {
    description: 'The hops in order, from `start` to `end`.',
    complexity: listOf(PATH_HOPS),
  })
  hops!: Hop[];
}
