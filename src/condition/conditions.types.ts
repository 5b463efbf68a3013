import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { listOf } from '../graphql/cost';
import { ConceptKind, Population } from '../graphql/enums';
import { PageInfo } from '../graphql/pagination';
import { Condition } from './condition.type';

export enum ConditionOrder {
  NAME = 'NAME',
  ID = 'ID',
}
registerEnumType(ConditionOrder, {
  name: 'ConditionOrder',
  description: 'Stable orders for paging through conditions.',
  valuesConfig: {
    NAME: { description: 'By name, case-insensitively, then by id.' },
    ID: { description: 'By id.' },
  },
});

@InputType({ description: 'Filters on conditions; all given filters apply together.' })
export class ConditionFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or of a synonym, any case.' })
  name?: string | null;

  @Field(() => ConceptKind, { nullable: true, description: 'CONDITION (not cancers) or CANCER.' })
  kind?: ConceptKind | null;

  @Field(() => ID, { nullable: true, description: 'Only conditions that affect this body region.' })
  bodyRegion?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'With bodyRegion: also conditions that affect any part of the region (through PART_OF).',
  })
  includeRegionParts?: boolean | null;

  @Field(() => Population, {
    nullable: true,
    description: 'Only conditions with a fact stated for this population (on a relationship or a statement).',
  })
  population?: Population | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Also obsolete ontology terms (`obsolete: true`), which are left out by default. totalCount counts the same.',
  })
  includeObsolete?: boolean | null;
}

@ObjectType({ description: 'A condition in a page, with the cursor to continue after it.' })
export class ConditionEdge {
  @Field(() => Condition)
  node!: Condition;

  @Field()
  cursor!: string;
}

@ObjectType({ description: 'A page of conditions (Relay connection).' })
export class ConditionConnection {
  @Field(() => [ConditionEdge], { complexity: listOf(1) })
  edges!: ConditionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many conditions match the filter, over all pages.' })
  totalCount!: number;
}
