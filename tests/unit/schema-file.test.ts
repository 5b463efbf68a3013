import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphQLInterfaceType, GraphQLObjectType } from 'graphql';
import { PROJECT_ROOT } from '../../src/paths';
import { buildAppSchema, printAppSchema } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` after changing a type)', async () => {
    const committed = await readFile(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });

  it('holds the public contract of DESIGN.md: root queries with their arguments, and condition fields', async () => {
    const schema = await buildAppSchema();
    const query = schema.getQueryType()!.getFields();
    const args = (field: string) =>
      Object.fromEntries((query[field]?.args ?? []).map((a) => [a.name, String(a.type)]));
    expect(String(query.concept?.type)).toBe('Concept');
    expect(args('concept')).toEqual({ id: 'ID!' });
    expect(String(query.condition?.type)).toBe('Condition');
    expect(args('conditions')).toMatchObject({ first: 'Int', after: 'String' });
    expect(String(query.conditions?.type)).toBe('ConditionConnection!');
    expect(args('search')).toMatchObject({ text: 'String!', first: 'Int' });
    expect(args('causalChains')).toMatchObject({
      from: 'ID!',
      direction: 'CausalDirection',
      maxDepth: 'Int',
    });
    expect(String(query.causalChains?.type)).toBe('[Path!]!');
    expect(args('paths')).toMatchObject({ from: 'ID!', to: 'ID!', maxLength: 'Int' });
    expect(String(query.paths?.type)).toBe('[Path!]!');
    expect(args('relatedConditions')).toMatchObject({ id: 'ID!', first: 'Int' });
    const searchEdge = schema.getType('SearchEdge') as GraphQLObjectType;
    expect(Object.keys(searchEdge.getFields())).toEqual(
      expect.arrayContaining(['node', 'score', 'matched', 'cursor']),
    );
    const hop = schema.getType('Hop') as GraphQLObjectType;
    expect(Object.keys(hop.getFields())).toEqual(
      expect.arrayContaining(['node', 'relationship', 'population', 'evidence']),
    );
    const concept = schema.getType('Concept') as GraphQLInterfaceType;
    expect(Object.keys(concept.getFields())).toEqual(
      expect.arrayContaining(['id', 'name', 'synonyms', 'description', 'xrefs']),
    );
    const condition = schema.getType('Condition') as GraphQLInterfaceType;
    expect(Object.keys(condition.getFields())).toEqual(
      expect.arrayContaining([
        'causes',
        'effects',
        'parents',
        'subtypes',
        'features',
        'bodyRegions',
        'cancers',
        'diagnosticTests',
        'treatments',
      ]),
    );
  });
});
