import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { listOf } from '../graphql/cost';
import { PageInfo } from '../graphql/pagination';

@ObjectType({
  description: 'A concept that matched a search, with how well and on which name, synonym or xref.',
})
export class SearchEdge {
  @Field(() => Concept)
  node!: Concept;

  @Field()
  cursor!: string;

  @Field(() => Float, {
    description:
      'From 0 to 1, higher is better; results come best first. 1 for an exact name, 0.95 for an exact synonym, ' +
      '0.9 for an exact cross-reference, above 0.7 for a name beginning with the text, above 0.6 for a synonym ' +
      'or cross-reference beginning with it, above 0.4 for a typo-tolerant match on a name or synonym that may be ' +
      'the text with its typos fixed, at most 0.4 for the rest (within each band, by full-text relevance).',
  })
  score!: number;

  @Field({
    description:
      'The name, synonym or cross-reference that matched (the best one; for equally good ones, the name first).',
  })
  matched!: string;
}

@ObjectType({ description: 'Search results (Relay connection), best first.' })
export class SearchConnection {
  @Field(() => [SearchEdge], { complexity: listOf(1) })
  edges!: SearchEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many concepts match, over all pages.' })
  totalCount!: number;
}
