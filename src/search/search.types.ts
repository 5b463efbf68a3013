import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Concept } from '../concept/concept.type';
import { PageInfo } from '../graphql/pagination';

@ObjectType({ description: 'A concept that matched a search, with how well and on which name.' })
export class SearchEdge {
  @Field(() => Concept)
  node!: Concept;

  @Field()
  cursor!: string;

  @Field(() => Float, { description: 'Relevance from 0 to 1; higher is better. Results come best first.' })
  score!: number;

  @Field({ description: 'The name or synonym that matched.' })
  matched!: string;
}

@ObjectType({ description: 'Search results (Relay connection), best first.' })
export class SearchConnection {
  @Field(() => [SearchEdge])
  edges!: SearchEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many concepts match, over all pages.' })
  totalCount!: number;
}
