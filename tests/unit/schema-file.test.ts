import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { buildAppSchema, printAppSchema } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` after changing a type)', async () => {
    const committed = await readFile(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });

  it('holds the public contract of DESIGN.md', async () => {
    const sdl = printAppSchema(await buildAppSchema());
    for (const needle of [
      'concept(id: ID!): Concept',
      'condition(id: ID!): Condition',
      'conditions(after: String, filter: ConditionFilter, first: Int',
      'search(after: String, first: Int, kinds: [ConceptKind!], text: String!): SearchConnection!',
      'interface Concept {',
    ]) {
      expect(sdl).toContain(needle);
    }
    for (const field of [
      'causes',
      'effects',
      'parents',
      'subtypes',
      'features',
      'bodyRegions',
      'cancers',
      'diagnosticTests',
      'treatments',
    ]) {
      expect(sdl).toMatch(new RegExp(`interface Condition implements Concept \\{[^}]*\\n  ${field}: \\[`));
    }
  });
});
