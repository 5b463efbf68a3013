import { parse, validate } from 'graphql';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { WARMUP_DOCUMENT } from '../../src/graphql/warmup';

/** The warm-up's requests must stay valid as the schema changes: an invalid one would warm nothing. */
describe('the warm-up requests', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('are valid against the schema', () => {
    expect(validate(schema, parse(WARMUP_DOCUMENT)).map((e) => e.message)).toEqual([]);
  });

  it('name every operation warmUp runs', () => {
    const names = parse(WARMUP_DOCUMENT)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
      .map((d) => d.name?.value);
    expect(names.sort()).toEqual(
      ['WarmupCondition', 'WarmupFirst', 'WarmupRegion', 'WarmupSearch', 'WarmupXref'].sort(),
    );
  });
});
