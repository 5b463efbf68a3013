import { Field, ID, ObjectType } from 'type-graphql';
import { SourceKind } from '../graphql/enums';

@ObjectType({ description: 'Where a fact comes from: an article or an ontology release.' })
export class Source {
  @Field(() => ID)
  id!: string;

  @Field(() => SourceKind)
  kind!: SourceKind;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date the publisher last reviewed the source.' })
  lastReviewed!: string | null;

  @Field(() => String, { nullable: true, description: 'Release or version, for ontologies.' })
  version!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  license!: string | null;
}
