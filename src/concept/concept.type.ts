import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import type { XrefGroupRecord } from '../xref/curie';
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

@ObjectType({ description: 'The codes of one concept in one standard vocabulary.' })
export class XrefGroup implements XrefGroupRecord {
  @Field({
    description:
      'The vocabulary, canonical whatever prefix the source used: DOID, HP, MONDO, UMLS (also written UMLS_CUI), ' +
      'SNOMEDCT (SNOMEDCT_US, SCTID), ICD10CM, MESH (MSH), UBERON, NCIT (NCI), OMIM, ORPHANET (ORDO), ...',
  })
  system!: string;

  @Field(() => [String], { description: 'The codes in that vocabulary: C0027819, 1324, G40.B.' })
  codes!: string[];

  @Field(() => [String], { description: 'The same as canonical CURIEs: UMLS:C0027819.' })
  curies!: string[];
}

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

  @Field(() => [XrefGroup], {
    description:
      'Cross-references to standard vocabularies, grouped by system (DOID, HP, MONDO, UMLS, SNOMEDCT, ICD10CM, ' +
      'MESH, UBERON first, in that order): the codes this concept has in each. `conceptByXref` finds it by any of them.',
  })
  xrefs!: XrefGroupRecord[];

  @Field(() => [Evidence], { description: 'Where the sources name or describe this concept.' })
  evidence!: Evidence[];

  @Field(() => Boolean, {
    description:
      'True for an imported ontology term that its ontology marks obsolete (`is_obsolete`). Obsolete concepts are ' +
      'kept and found by id (`concept`, `condition`, `conceptByXref`), but `conditions` and `search` leave them ' +
      'out unless asked (`includeObsolete`). See `replacedBy` and `consider` for what to use instead.',
  })
  obsolete!: boolean;

  @Field(() => [String], {
    description:
      'For an obsolete term: the CURIEs of the terms that replace it (such as DOID:1324), each resolvable with ' +
      '`conceptByXref`. Empty otherwise.',
  })
  replacedBy!: string[];

  @Field(() => [String], {
    description:
      'For an obsolete term: the CURIEs of terms to consider instead, each resolvable with `conceptByXref`. ' +
      'Empty otherwise.',
  })
  consider!: string[];
}
