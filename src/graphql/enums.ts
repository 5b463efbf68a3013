import { registerEnumType } from 'type-graphql';
import {
  CONCEPT_KINDS,
  POPULATIONS,
  RELATIONSHIP_TYPES,
  SOURCE_KINDS,
  STATEMENT_KINDS,
} from '../model/kinds';
import type {
  ConceptKindName,
  PopulationName,
  RelationshipTypeName,
  SourceKindName,
  StatementKindName,
} from '../model/kinds';

type IsLower<C extends string> = C extends Uppercase<C> ? false : true;
type IsUpper<C extends string> = C extends Lowercase<C> ? false : true;

/** enumName at the type level, so that `ConceptKind.BODY_REGION` is checked. */
type EnumName<S extends string, Previous extends string = ''> = S extends `${infer H}${infer T}`
  ? `${IsLower<Previous> extends true ? (IsUpper<H> extends true ? '_' : '') : ''}${Uppercase<H>}${EnumName<T, H>}`
  : '';

/** The GraphQL name of a model value: BodyRegion is BODY_REGION, newborns NEWBORNS, SUBTYPE_OF itself. */
export function enumName(value: string): string {
  return value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * A GraphQL enum built from one of the model's tuples, in its order: values are what Neo4j stores (the model's
 * strings), names are what GraphQL clients see. One vocabulary, so a kind added to the model is in the API too.
 */
function enumOf<const V extends string>(values: readonly V[]): { readonly [K in V as EnumName<K>]: K } {
  return Object.freeze(Object.fromEntries(values.map((value) => [enumName(value), value]))) as {
    readonly [K in V as EnumName<K>]: K;
  };
}

export const ConceptKind = enumOf(CONCEPT_KINDS);
export type ConceptKind = ConceptKindName;
registerEnumType(ConceptKind, {
  name: 'ConceptKind',
  description:
    'What a concept is. A cancer is also a condition; CONDITION means a condition that is not a cancer.',
  valuesConfig: {
    CONDITION: { description: 'A condition, symptom, syndrome or form of a condition that is not a cancer.' },
    CANCER: { description: 'A cancer (also a condition).' },
    CAUSE: {
      description: 'A causal factor that is not itself a disease (a faulty immune reaction, infections...).',
    },
    BODY_REGION: { description: 'A part of the body.' },
    PROCEDURE: { description: 'A diagnostic test or a treatment.' },
    SUBSTANCE: { description: 'A substance, such as alcohol.' },
  },
});

export const Population = enumOf(POPULATIONS);
export type Population = PopulationName;
registerEnumType(Population, {
  name: 'Population',
  description: 'The group of people a fact is stated for, where the source gives one.',
});

export const RelationshipType = enumOf(RELATIONSHIP_TYPES);
export type RelationshipType = RelationshipTypeName;
registerEnumType(RelationshipType, {
  name: 'RelationshipType',
  description: 'The type of a relationship in the graph, as stored in Neo4j.',
});

export const StatementKind = enumOf(STATEMENT_KINDS);
export type StatementKind = StatementKindName;
registerEnumType(StatementKind, {
  name: 'StatementKind',
  description: 'What a statement about a single concept is about.',
});

export const SourceKind = enumOf(SOURCE_KINDS);
export type SourceKind = SourceKindName;
registerEnumType(SourceKind, { name: 'SourceKind' });
