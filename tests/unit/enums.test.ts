import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../../src/paths';
import {
  ConceptKind,
  enumName,
  Population,
  RelationshipType,
  SourceKind,
  StatementKind,
} from '../../src/graphql/enums';
import { buildAppSchema } from '../../src/schema';

/** The enums the model's tuples give, as GraphQL name → stored value. */
const EXPECTED: Record<string, Record<string, string>> = {
  ConceptKind: {
    CONDITION: 'Condition',
    CANCER: 'Cancer',
    CAUSE: 'Cause',
    BODY_REGION: 'BodyRegion',
    PROCEDURE: 'Procedure',
    SUBSTANCE: 'Substance',
  },
  Population: { NEWBORNS: 'newborns', CHILDREN: 'children', ADULTS: 'adults' },
  RelationshipType: {
    SUBTYPE_OF: 'SUBTYPE_OF',
    CAUSES: 'CAUSES',
    HAS_FEATURE: 'HAS_FEATURE',
    AFFECTS: 'AFFECTS',
    ASSOCIATED_WITH: 'ASSOCIATED_WITH',
    PART_OF: 'PART_OF',
    DIAGNOSED_BY: 'DIAGNOSED_BY',
    TREATED_BY: 'TREATED_BY',
    AGGRAVATED_BY: 'AGGRAVATED_BY',
    MIMICS: 'MIMICS',
  },
  StatementKind: {
    DEFINITION: 'DEFINITION',
    OCCURRENCE: 'OCCURRENCE',
    DURATION: 'DURATION',
    HARM: 'HARM',
    PROGNOSIS: 'PROGNOSIS',
    PREVENTION: 'PREVENTION',
    RARITY: 'RARITY',
    INHERITANCE: 'INHERITANCE',
    TREATMENT: 'TREATMENT',
    CAUSE: 'CAUSE',
    PRESENTATION: 'PRESENTATION',
    DIAGNOSIS: 'DIAGNOSIS',
  },
  SourceKind: { ARTICLE: 'article', ONTOLOGY: 'ontology' },
};

const ENUMS: Record<string, object> = {
  ConceptKind,
  Population,
  RelationshipType,
  StatementKind,
  SourceKind,
};

describe('the GraphQL enums built from the model', () => {
  let built: GraphQLSchema;
  const committed = buildSchema(readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8'));

  beforeAll(async () => {
    built = await buildAppSchema();
  });

  it.each(Object.keys(EXPECTED))('%s maps each name to the value the model stores', (name) => {
    expect({ ...ENUMS[name] }).toEqual(EXPECTED[name]);
  });

  it.each(Object.keys(EXPECTED))('%s has the names of schema/schema.graphql', (name) => {
    const type = committed.getType(name);
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const names = (type as GraphQLEnumType).getValues().map((v) => v.name);
    expect(names.sort()).toEqual(Object.keys(EXPECTED[name]!).sort());
  });

  it.each(Object.keys(EXPECTED))('%s serializes the stored values to those names', (name) => {
    const type = built.getType(name) as GraphQLEnumType;
    for (const [graphqlName, stored] of Object.entries(EXPECTED[name]!)) {
      expect(type.serialize(stored)).toBe(graphqlName);
    }
  });

  it('names a value in capitals, an underscore between words', () => {
    expect(enumName('BodyRegion')).toBe('BODY_REGION');
    expect(enumName('newborns')).toBe('NEWBORNS');
    expect(enumName('SUBTYPE_OF')).toBe('SUBTYPE_OF');
  });
});
