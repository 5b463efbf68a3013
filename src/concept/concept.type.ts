import { Field, ID, InterfaceType } from 'type-graphql';
import { ConceptKind } from '../graphql/enums';
import type { ConceptKindName } from '../model/kinds';
import { Evidence } from './evidence.type';

/** The GraphQL object type of each concept kind. */
export const TYPE_OF_KIND: Readonly<Record<ConceptKindName, string>> = {
  Condition: 'GeneralCondition',
  Cancer: 'Cancer',
  Cause: 'Cause',
  BodyRegion: 'BodyRegion',
  Procedure: 'Procedure',
  Substance: 'Substance',
};

@InterfaceType({
  description: 'Any node of the ontology: a condition, cancer, cause, body region, procedure or substance.',
  resolveType: (value: { kind: ConceptKindName }) => TYPE_OF_KIND[value.kind],
})
export abstract class Concept {
  @Field(() => ID, {
    description: 'Stable, human-readable id (a slug such as `opsoclonus-myoclonus-syndrome`).',
  })
  id!: string;

  @Field(() => ConceptKind)
  kind!: ConceptKind;

  @Field()
  name!: string;

  @Field(() => [String])
  synonyms!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'The source’s own words, when it gives a description.',
  })
  description!: string | null;

  @Field(() => [String], {
    description: 'CURIEs of this concept in standard ontologies (DOID:1324, HP:0001336...).',
  })
  xrefs!: string[];

  @Field(() => [Evidence], { description: 'Where the sources name or describe this concept.' })
  evidence!: Evidence[];
}
