import { Field, ObjectType } from 'type-graphql';
import { Source } from '../source/source.type';

@ObjectType({
  description: 'The sentence that states a fact, quoted verbatim, and the source it is quoted from.',
})
export class Evidence {
  @Field()
  quote!: string;

  @Field(() => Source)
  source!: Source;
}
