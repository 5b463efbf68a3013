import { registerEnumType } from 'type-graphql';

/** Enum values are what Neo4j stores; names are what GraphQL clients see. */
export enum ConceptKind {
  CONDITION = 'Condition',
  CANCER = 'Cancer',
  CAUSE = 'Cause',
  BODY_REGION = 'BodyRegion',
  PROCEDURE = 'Procedure',
  SUBSTANCE = 'Substance',
}
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

export enum Population {
  NEWBORNS = 'newborns',
  CHILDREN = 'children',
  ADULTS = 'adults',
}
registerEnumType(Population, {
  name: 'Population',
  description: 'The group of people a fact is stated for, where the source gives one.',
});

export enum RelationshipType {
  SUBTYPE_OF = 'SUBTYPE_OF',
  CAUSES = 'CAUSES',
  HAS_FEATURE = 'HAS_FEATURE',
  AFFECTS = 'AFFECTS',
  ASSOCIATED_WITH = 'ASSOCIATED_WITH',
  PART_OF = 'PART_OF',
  DIAGNOSED_BY = 'DIAGNOSED_BY',
  TREATED_BY = 'TREATED_BY',
  AGGRAVATED_BY = 'AGGRAVATED_BY',
  MIMICS = 'MIMICS',
}
registerEnumType(RelationshipType, {
  name: 'RelationshipType',
  description: 'The type of a relationship in the graph, as stored in Neo4j.',
});

export enum StatementKind {
  DEFINITION = 'DEFINITION',
  OCCURRENCE = 'OCCURRENCE',
  DURATION = 'DURATION',
  HARM = 'HARM',
  PROGNOSIS = 'PROGNOSIS',
  PREVENTION = 'PREVENTION',
  RARITY = 'RARITY',
  INHERITANCE = 'INHERITANCE',
  TREATMENT = 'TREATMENT',
  CAUSE = 'CAUSE',
  PRESENTATION = 'PRESENTATION',
  DIAGNOSIS = 'DIAGNOSIS',
}
registerEnumType(StatementKind, {
  name: 'StatementKind',
  description: 'What a statement about a single concept is about.',
});

export enum SourceKind {
  ARTICLE = 'article',
  ONTOLOGY = 'ontology',
}
registerEnumType(SourceKind, { name: 'SourceKind' });
