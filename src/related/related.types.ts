import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { Condition } from '../condition/condition.type';
import { RELATED_WEIGHTS } from './related.scoring';

export enum RelatedReasonKind {
  FEATURE_OF = 'FEATURE_OF',
  SUBTYPE = 'SUBTYPE',
  CAUSES = 'CAUSES',
  ASSOCIATED_CANCER = 'ASSOCIATED_CANCER',
  MIMICS = 'MIMICS',
  AGGRAVATES = 'AGGRAVATES',
  SHARED_CAUSE = 'SHARED_CAUSE',
  SHARED_CANCER = 'SHARED_CANCER',
  SHARED_FEATURE = 'SHARED_FEATURE',
  SIBLING = 'SIBLING',
  HIERARCHY_2 = 'HIERARCHY_2',
  SHARED_REGION = 'SHARED_REGION',
  REGION_PART = 'REGION_PART',
  SIBLING_REGIONS = 'SIBLING_REGIONS',
}

const MEANING: Record<RelatedReasonKind, string> = {
  FEATURE_OF: 'One is a feature of the other',
  SUBTYPE: 'One is a subtype or form of the other',
  CAUSES: 'One can cause the other',
  ASSOCIATED_CANCER: 'One is a cancer associated with the other',
  MIMICS: 'One can look like the other',
  AGGRAVATES: 'One can make the other worse',
  SHARED_CAUSE: 'A concept (`via`) can cause both',
  SHARED_CANCER: 'Both are associated with the same cancer (`via`)',
  SHARED_FEATURE: 'Both have the same feature, or both are features of the same condition (`via`)',
  SIBLING: 'Both are subtypes of the same condition (`via`)',
  HIERARCHY_2: 'Two SUBTYPE_OF steps apart (through `via`)',
  SHARED_REGION: 'Both affect the same body region (`via`)',
  REGION_PART: 'They affect two regions one of which is part of the other (`via`: both regions)',
  SIBLING_REGIONS: 'They affect two parts of the same region (`via`: part, region, part)',
};

registerEnumType(RelatedReasonKind, {
  name: 'RelatedReasonKind',
  description:
    'A kind of connection between two conditions; each adds its weight to the score once per connection.',
  valuesConfig: Object.fromEntries(
    Object.entries(MEANING).map(([k, v]) => [
      k,
      { description: `${v}. Weight ${RELATED_WEIGHTS[k as RelatedReasonKind]}.` },
    ]),
  ),
});

@ObjectType({ description: 'One connection between two related conditions.' })
export class RelatedReason {
  @Field(() => RelatedReasonKind)
  kind!: RelatedReasonKind;

  @Field(() => Float)
  weight!: number;

  @Field({ description: 'The connection in words, with the path it follows.' })
  description!: string;

  @Field(() => [Concept], { description: 'The concepts between the two conditions, in path order.' })
  via!: Concept[];
}

@ObjectType({ description: 'A condition related to another, with why.' })
export class RelatedCondition {
  @Field(() => Condition)
  node!: Condition;

  @Field(() => Float, { description: 'The sum of the weights of its reasons (see RelatedReasonKind).' })
  score!: number;

  @Field({
    description: 'Every reason, strongest first, in words: what an app shows under "related conditions".',
  })
  explanation!: string;

  @Field(() => [RelatedReason])
  reasons!: RelatedReason[];
}
