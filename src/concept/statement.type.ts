import { Field, ID, ObjectType } from 'type-graphql';
import { Population, StatementKind } from '../graphql/enums';
import { Evidence } from './evidence.type';

@ObjectType({
  description:
    'A statement a source makes about one concept (prognosis, harm, prevention, rarity...), with its evidence.',
})
export class Statement {
  @Field(() => ID)
  id!: string;

  @Field(() => StatementKind)
  kind!: StatementKind;

  @Field({ description: 'The claim in a few plain words; the quote in `evidence` is what the source says.' })
  claim!: string;

  @Field(() => Population, { nullable: true })
  population!: Population | null;

  @Field(() => [Evidence])
  evidence!: Evidence[];
}
