import type { ApolloServer } from '@apollo/server';

/**
 * What the service asks itself once at start, before it listens (WARMUP_ON_START): the requests its clients send
 * most, so that the first of them do not pay for Neo4j planning their Cypher and for a cold JVM.
 *
 * Each new statement, and each with a parameter of a new type (a search with fuzzy clauses and one without), is
 * planned on its first run, which on a freshly started Neo4j is the slow one; the warm-up pays for that once,
 * before any client waits for it. The ids come from the graph (the first condition and the first body region), so
 * the warm-up works on any graph; on an empty one, only the searches and the xref run.
 */
export const WARMUP_DOCUMENT = /* GraphQL */ `
  query WarmupSearch($text: String!) {
    search(text: $text, first: 10) {
      totalCount
      edges {
        score
        matched
        node {
          id
          name
          kind
        }
      }
    }
  }

  query WarmupFirst {
    conditions(first: 1) {
      edges {
        node {
          id
        }
      }
    }
    search(text: "ear", kinds: [BODY_REGION], first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }

  query WarmupCondition($id: ID!) {
    concept(id: $id) {
      id
      name
      kind
      description
      synonyms
      obsolete
      replacedBy
      consider
      xrefs {
        system
        curies
      }
      evidence {
        quote
        source {
          id
          title
        }
      }
      ... on Condition {
        parents {
          node {
            id
            name
          }
          evidence {
            quote
          }
        }
        subtypes {
          node {
            id
            name
          }
        }
        causes {
          node {
            id
            name
          }
          evidence {
            quote
          }
        }
        effects {
          node {
            id
            name
          }
        }
        bodyRegions {
          node {
            id
            name
          }
        }
        cancers {
          node {
            id
            name
          }
        }
        ancestors {
          depth
          node {
            id
            name
          }
        }
        descendants {
          depth
          node {
            id
            name
          }
        }
      }
    }
    relatedConditions(id: $id) {
      score
      explanation
      node {
        id
        name
      }
    }
    causalChains(from: $id) {
      length
      hops {
        direction
        node {
          id
          name
        }
        evidence {
          quote
        }
      }
    }
  }

  query WarmupRegion($id: ID!) {
    concept(id: $id) {
      id
      name
      ... on BodyRegion {
        ancestors {
          depth
          node {
            id
            name
          }
        }
        descendants {
          depth
          node {
            id
            name
          }
        }
      }
    }
  }

  query WarmupXref($curie: String!) {
    conceptByXref(curie: $curie) {
      id
      name
    }
  }
`;

/**
 * Search texts of the warm-up: as typed (a word and a prefix), with a typo (the fuzzy clauses run when the exact
 * query finds nothing) and too short for fuzzy clauses (the statement's fuzzy parameter null).
 */
export const WARMUP_SEARCHES = ['myoclonus', 'myoclonis', 'my', 'juvenile myo'] as const;

export interface WarmupReport {
  operations: number;
  /** Messages of the operations that failed: a warm-up never stops the start, but a failure is worth a log line. */
  errors: string[];
  millis: number;
}

type Run = (operationName: string, variables?: Record<string, unknown>) => Promise<unknown>;

/** Runs the warm-up operations through Apollo (no HTTP); never throws. */
export async function warmUp<TContext extends object>(
  apollo: ApolloServer<TContext>,
  contextValue: () => TContext,
): Promise<WarmupReport> {
  const started = performance.now();
  const errors: string[] = [];
  let operations = 0;
  const run: Run = async (operationName, variables) => {
    operations += 1;
    try {
      const response = await apollo.executeOperation(
        { query: WARMUP_DOCUMENT, operationName, variables },
        { contextValue: contextValue() },
      );
      if (response.body.kind !== 'single') return undefined;
      const { data, errors: failed } = response.body.singleResult;
      if (failed?.length) errors.push(`${operationName}: ${failed.map((e) => e.message).join('; ')}`);
      return data;
    } catch (error) {
      errors.push(`${operationName}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  for (const text of WARMUP_SEARCHES) await run('WarmupSearch', { text });
  const first = (await run('WarmupFirst')) as
    | {
        conditions?: { edges: Array<{ node: { id: string } }> };
        search?: { edges: Array<{ node: { id: string } }> };
      }
    | undefined;
  const condition = first?.conditions?.edges[0]?.node.id;
  const region = first?.search?.edges[0]?.node.id;
  if (condition) await run('WarmupCondition', { id: condition });
  if (region) await run('WarmupRegion', { id: region });
  await run('WarmupXref', { curie: 'DOID:4' });
  return { operations, errors, millis: performance.now() - started };
}
