import { Field, Int, ObjectType } from 'type-graphql';
import { BodyRegion } from '../concept/kinds/body-region.type';
import { Condition } from '../condition/condition.type';
import { Relation } from '../relationship/relation.type';

@ObjectType({ description: 'A condition above or below another in the SUBTYPE_OF hierarchy.' })
export class ConditionHierarchyEntry {
  @Field(() => Condition)
  node!: Condition;

  @Field(() => Int, {
    description: 'Fewest SUBTYPE_OF steps between the two: 1 for a parent or a direct subtype.',
  })
  depth!: number;
}

@ObjectType({ description: 'A body region above or below another in the PART_OF hierarchy.' })
export class BodyRegionHierarchyEntry {
  @Field(() => BodyRegion)
  node!: BodyRegion;

  @Field(() => Int, { description: 'Fewest PART_OF steps between the two: 1 for a direct whole or part.' })
  depth!: number;
}

@ObjectType({
  implements: Relation,
  description: 'A condition that affects a body region, directly or through one of the region’s parts.',
})
export class RegionConditionRelation extends Relation {
  @Field(() => Condition, { description: 'The concept at the other end.' })
  declare node: Condition;

  @Field(() => BodyRegion, {
    description: 'The region the condition affects: this region, or one of its parts.',
  })
  region!: BodyRegion;

  @Field(() => Int, {
    description: 'PART_OF steps from `region` up to this region: 0 when the condition affects it directly.',
  })
  partDepth!: number;
}
