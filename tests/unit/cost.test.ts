import { getIntrospectionQuery, parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator, LIST_SIZE } from '../../src/graphql/cost';
import { buildAppSchema } from '../../src/schema';

describe('the cost model', () => {
  let schema: GraphQLSchema;
  const cost = (query: string, variables?: Record<string, unknown>) =>
    getComplexity({ schema, query: parse(query), variables, estimators: [costEstimator] });

  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('charges 1 per object field and nothing for leaves', () => {
    expect(cost('{ concept(id: "myoclonus") { id name synonyms description } }')).toBe(1);
    expect(cost('{ concept(id: "myoclonus") { id } source(id: "x") { id title } }')).toBe(2);
  });

  it(`multiplies an unpaged list (relationship fields, evidence...) by ${LIST_SIZE}`, () => {
    // causes: 1 + 5 × (node 1 + evidence (1 + 5 × source 1)).
    expect(
      cost('{ condition(id: "myoclonus") { causes { node { id } evidence { quote source { title } } } } }'),
    ).toBe(1 + (1 + LIST_SIZE * (1 + (1 + LIST_SIZE * 1))));
  });

  it('multiplies a page by its first (default 20, at most 100), from a literal or a variable', () => {
    const page = 'query ($first: Int) { conditions(first: $first) { totalCount edges { node { id } } } }';
    expect(cost('{ conditions { edges { node { id } } } }')).toBe(1 + 20 * 2);
    expect(cost(page, { first: 100 })).toBe(1 + 100 * 2);
    expect(cost(page, { first: 0 })).toBe(1);
    // Out of range: the resolver refuses it with BAD_USER_INPUT; the estimate stays at the maximum.
    expect(cost(page, { first: 1_000_000 })).toBe(1 + 100 * 2);
    expect(cost('{ search(text: "myo", first: 50) { edges { node { id } } } }')).toBe(1 + 50 * 2);
    expect(cost('{ relatedConditions(id: "myoclonus") { node { id } } }')).toBe(1 + 10 * 1);
  });

  it('counts a traversal by its first or limit, and every path as 6 hops', () => {
    expect(cost('{ causalChains(from: "myoclonus") { hops { node { id } } } }')).toBe(1 + 100 * (1 + 6 * 1));
    expect(cost('{ paths(from: "a", to: "b", first: 500) { hops { node { id } } } }')).toBe(
      1 + 500 * (1 + 6 * 1),
    );
    expect(
      cost('{ neighborhood(id: "myoclonus", limit: 500) { nodes { node { id } } edges { from to } } }'),
    ).toBe(1 + 500 * (1 + 1 + 1));
  });

  it('costs the README causal chain example 1,401 and batching.test.ts nested listing (100 a page) 25,101', () => {
    expect(
      cost(`{ causalChains(from: "myoclonus", direction: UPSTREAM, include: [HAS_FEATURE], maxDepth: 4) {
        length end { name kind }
        hops { node { name } relationship direction population statedAs evidence { quote } } } }`),
    ).toBe(1401);
    expect(
      cost(
        `query ($first: Int) { conditions(first: $first) { pageInfo { hasNextPage endCursor } edges { node { id
          causes { population evidence { quote source { title } }
            node { id ... on Cause { conditions { node { id } evidence { quote } } } } }
          bodyRegions { evidence { quote source { title } } node { id conditions { node { id } evidence { quote } } } }
          cancers { population evidence { quote source { title } } node { id conditions { node { id } population } } }
        } } } }`,
        { first: 100 },
      ),
    ).toBe(25_101);
  });

  it('leaves introspection free: its size is the schema’s', () => {
    expect(cost(getIntrospectionQuery())).toBe(0);
  });
});
