import http from 'node:http';
import type { Server } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../../src/config';
import { DEFAULT_OPERATION_LIMITS } from '../../src/graphql/operation-limits';
import type { OperationLimits } from '../../src/graphql/operation-limits';
import type { Database } from '../../src/neo4j/database';
import { close, createTestApi, dataOf, listen } from '../helpers/api';
import type { GraphQLResult, TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';

/** A query of exactly `depth` levels: parts of parts of the mouth, ending on a leaf at `depth`. */
function deepQuery(depth: number): string {
  const pairs = Math.floor((depth - 2) / 2);
  const leaf = depth % 2 === 0 ? 'id' : 'evidence { quote }';
  return `{ concept(id: "mouth") { ... on BodyRegion { ${'parts { node { '.repeat(pairs)}${leaf}${' } }'.repeat(pairs)} } } }`;
}

/** `count` aliased root fields. */
const aliasQuery = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: concept(id: "myoclonus") { id }`).join(' ')} }`;

/** `count` directives on one field, repeated (the executor merges them into one). */
const directiveQuery = (count: number) =>
  `{ concept(id: "myoclonus") { ${'id @include(if: true) '.repeat(count)} } }`;

/**
 * A document of exactly `count` tokens: 15 around a list of kinds (one token each; commas are not tokens). Not a
 * repeated field: graphql-js's own validation gives up on a few hundred copies of one field ("Validation aborted.").
 */
const tokenQuery = (count: number) =>
  `{ search(text: "myoclonus", kinds: [${' CONDITION'.repeat(count - 15)} ]) { totalCount } }`;

/** `count` causal chain queries of 500 paths, each costing 1 + 500 × (1 + 6 × (1 + 1 + 5 × 1)) = 21,501. */
const costlyQuery = (count: number) =>
  `{ ${Array.from(
    { length: count },
    (_, i) =>
      `c${i}: causalChains(from: "myoclonus", include: [HAS_FEATURE], first: 500) { hops { node { id } evidence { quote source { title } } } }`,
  ).join(' ')} }`;

/** A POST body of exactly `bytes` bytes: a small query and padding in an unused extension. */
function bodyOf(bytes: number, query = '{ __typename }'): string {
  const empty = JSON.stringify({ query, extensions: { pad: '' } });
  return JSON.stringify({ query, extensions: { pad: 'x'.repeat(bytes - empty.length) } });
}

/**
 * Sends `first` as the start of a chunked body (no Content-Length) and waits for the answer without ending the
 * request: the answer comes only if the service refuses the body while the client is still sending it.
 */
function answerWhileSending(url: string, path: string, first: string) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const request = http.request(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
      });
    });
    request.write(first);
  });
}

/** Status and body only: a test compares the whole answer. */
async function post(url: string, path: string, body: string) {
  const answer = await postJson(`${url}${path}`, body);
  return { status: answer.status, body: answer.body };
}

describe('operation limits', () => {
  let db: Database;
  let api: TestApi;
  let reads: jest.SpyInstance;

  /** Runs `query` and expects it refused with `code` before anything reached Neo4j; returns the message. */
  async function expectRefused(target: TestApi, query: string, code: string): Promise<string> {
    reads.mockClear();
    const result = await target.run(query);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(result.data).toBeUndefined();
    expect(result.extensions?.queryStats).toEqual({ roundTrips: 0, dbMillis: 0 });
    expect(reads).not.toHaveBeenCalled();
    return result.errors![0]!.message;
  }

  /** Runs `query` and expects data, fetched from Neo4j. */
  async function expectAccepted(
    target: TestApi,
    query: string,
  ): Promise<GraphQLResult<Record<string, unknown>>> {
    reads.mockClear();
    const result = await target.run(query);
    dataOf(result);
    expect(reads).toHaveBeenCalled();
    return result;
  }

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    reads = jest.spyOn(db, 'read');
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    reads.mockRestore();
    await api.stop();
    await db.close();
  });

  describe('with the defaults', () => {
    it('has the documented defaults', () => {
      expect(DEFAULT_OPERATION_LIMITS).toEqual({
        maxDepth: 10,
        maxAliases: 15,
        maxDirectives: 10,
        maxTokens: 1000,
        maxCost: 50_000,
        maxBodyBytes: 262_144,
      });
    });

    it('refuses a query deeper than 10 levels with QUERY_TOO_DEEP, and accepts one of 10', async () => {
      const message = await expectRefused(api, deepQuery(11), 'QUERY_TOO_DEEP');
      expect(message).toBe('Query depth limit of 10 exceeded, found 11.');
      await expectAccepted(api, deepQuery(10));
    });

    it('counts fields, not fragments, towards depth', async () => {
      const spread = `{ concept(id: "mouth") { ...A } }
        fragment A on Concept { ... on BodyRegion { ...B } }
        fragment B on BodyRegion { parts { node { ... on BodyRegion { id } } } }`;
      await expectAccepted(api, spread);
      const deep = `{ concept(id: "mouth") { ...P } }
        fragment P on BodyRegion { ${'parts { node { '.repeat(4)}evidence { quote }${' } }'.repeat(4)} }`;
      expect(await expectRefused(api, deep, 'QUERY_TOO_DEEP')).toContain('found 11');
    });

    it('refuses more than 15 aliases with TOO_MANY_ALIASES, and accepts 15', async () => {
      const message = await expectRefused(api, aliasQuery(16), 'TOO_MANY_ALIASES');
      expect(message).toBe('Aliases limit of 15 exceeded, found 16.');
      await expectAccepted(api, aliasQuery(15));
    });

    it('refuses more than 10 directives with TOO_MANY_DIRECTIVES, and accepts 10', async () => {
      const message = await expectRefused(api, directiveQuery(11), 'TOO_MANY_DIRECTIVES');
      expect(message).toBe('Directives limit of 10 exceeded, found 11.');
      await expectAccepted(api, directiveQuery(10));
    });

    it('refuses a document of more than 1,000 tokens with TOO_MANY_TOKENS, and accepts 1,000', async () => {
      const message = await expectRefused(api, tokenQuery(1001), 'TOO_MANY_TOKENS');
      expect(message).toBe('Token limit of 1000 exceeded.');
      await expectAccepted(api, tokenQuery(1000));
    });

    it('refuses a query costing more than 50,000 with QUERY_TOO_COMPLEX, and accepts one costing 43,002', async () => {
      const message = await expectRefused(api, costlyQuery(3), 'QUERY_TOO_COMPLEX');
      expect(message).toMatch(/^Query cost limit of 50000 exceeded, found 64503\. /);
      await expectAccepted(api, costlyQuery(2));
    });

    it('weighs list arguments given as variables', async () => {
      const page = `query ($first: Int) { conditions(first: $first) { edges { node {
        causes { node { ... on Condition { causes { node { ... on Condition { causes { node { id } } } } } } } } } } } }`;
      reads.mockClear();
      // 1 + first × (1 + 1 + 186): a page of 100 costs 18,801; three such pages (56,403) are over the limit.
      expect((await api.run(page, { first: 100 })).errors).toBeUndefined();
      const pages = `query ($first: Int) { ${['a', 'b', 'c']
        .map(
          (a) => `${a}: conditions(first: $first) { edges { node { causes { node { ... on Condition { causes {
            node { ... on Condition { causes { node { id } } } } } } } } } } }`,
        )
        .join(' ')} }`;
      const refused = await api.run(pages, { first: 100 });
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect((await api.run(pages, { first: 50 })).errors).toBeUndefined();
    });

    it('leaves an out-of-range page size to the resolver: BAD_USER_INPUT naming the argument', async () => {
      const result = await api.run('{ conditions(first: 1000000) { edges { node { id } } } }');
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toContain('"first"');
    });

    it('answers an introspection query (GraphiQL, code generators) within every limit', async () => {
      const result = await api.run(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }));
      expect(result.errors).toBeUndefined();
    });
  });

  describe('over HTTP', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      ({ server, url } = await listen(api));
    });

    afterAll(async () => {
      await close(server);
    });

    it('answers a refused operation with HTTP 400 and its code', async () => {
      reads.mockClear();
      const { status, body } = await post(url, '/graphql', JSON.stringify({ query: deepQuery(11) }));
      expect(status).toBe(400);
      expect(body).toEqual({
        errors: [
          { message: 'Query depth limit of 10 exceeded, found 11.', extensions: { code: 'QUERY_TOO_DEEP' } },
        ],
        extensions: { queryStats: { roundTrips: 0, dbMillis: 0 } },
      });
      expect(reads).not.toHaveBeenCalled();
    });

    it.each([
      ['two operations', [{ query: '{ concept(id: "myoclonus") { id } }' }, { query: '{ __typename }' }]],
      ['one operation', [{ query: '{ concept(id: "myoclonus") { id } }' }]],
      ['no operation', []],
    ])(
      'refuses a batched JSON array (%s) with HTTP 400 and BATCHED_REQUESTS_DISABLED',
      async (_name, batch) => {
        reads.mockClear();
        const { status, body } = await post(url, '/graphql', JSON.stringify(batch));
        expect(status).toBe(400);
        expect(body).toEqual({
          errors: [
            {
              message: 'Batched requests are disabled: send one operation per request.',
              extensions: { code: 'BATCHED_REQUESTS_DISABLED' },
            },
          ],
        });
        expect(reads).not.toHaveBeenCalled();
      },
    );

    it('refuses a body over 256 KiB with HTTP 413 and BODY_TOO_LARGE, and accepts one of 256 KiB', async () => {
      const limit = DEFAULT_OPERATION_LIMITS.maxBodyBytes;
      const tooLarge = await post(url, '/graphql', bodyOf(limit + 1));
      expect(tooLarge).toEqual({
        status: 413,
        body: {
          errors: [
            {
              message: 'Request body too large: the limit is 262144 bytes.',
              extensions: { code: 'BODY_TOO_LARGE' },
            },
          ],
        },
      });
      const atLimit = await post(url, '/graphql', bodyOf(limit));
      expect(atLimit.status).toBe(200);
      expect(atLimit.body.data).toEqual({ __typename: 'Query' });
    });

    it('refuses a 10 MB body quickly, the same way', async () => {
      const started = performance.now();
      const { status, body } = await post(url, '/graphql', bodyOf(10 * 1024 * 1024));
      expect(status).toBe(413);
      expect(body).toMatchObject({ errors: [{ extensions: { code: 'BODY_TOO_LARGE' } }] });
      expect(performance.now() - started).toBeLessThan(5_000);
    });

    it('answers 413 to a chunked body as soon as it passes the cap, while the client is still sending', async () => {
      const limit = DEFAULT_OPERATION_LIMITS.maxBodyBytes;
      const start = `{"query":"{ __typename }","extensions":{"pad":"${'x'.repeat(limit)}`;
      expect(await answerWhileSending(url, '/graphql', start)).toEqual({
        status: 413,
        body: {
          errors: [
            {
              message: 'Request body too large: the limit is 262144 bytes.',
              extensions: { code: 'BODY_TOO_LARGE' },
            },
          ],
        },
      });
      expect(await answerWhileSending(url, '/cypher', start)).toEqual({
        status: 413,
        body: {
          error: { code: 'BODY_TOO_LARGE', message: 'Request body too large: the limit is 262144 bytes.' },
        },
      });
      // The service is still answering on the same port.
      expect((await post(url, '/graphql', bodyOf(100))).status).toBe(200);
    });

    it('caps POST /cypher bodies with the same limit and code, in its error shape', async () => {
      const limit = DEFAULT_OPERATION_LIMITS.maxBodyBytes;
      const padded = (bytes: number) => {
        const empty = JSON.stringify({ query: 'RETURN 1 AS one', params: { pad: '' } });
        return JSON.stringify({
          query: 'RETURN 1 AS one',
          params: { pad: 'x'.repeat(bytes - empty.length) },
        });
      };
      expect(await post(url, '/cypher', padded(limit + 1))).toEqual({
        status: 413,
        body: {
          error: { code: 'BODY_TOO_LARGE', message: 'Request body too large: the limit is 262144 bytes.' },
        },
      });
      // At the limit the body arrives; its params are then over CYPHER_MAX_PARAMS_BYTES, a limit of its own.
      const atLimit = await post(url, '/cypher', padded(limit));
      expect(atLimit.status).not.toBe(413);
    });
  });

  describe('set through the environment', () => {
    let limited: TestApi;
    let limits: OperationLimits;
    let server: Server;
    let url: string;

    beforeAll(async () => {
      limits = loadConfig({
        GRAPHQL_MAX_DEPTH: '4',
        GRAPHQL_MAX_ALIASES: '2',
        GRAPHQL_MAX_DIRECTIVES: '1',
        GRAPHQL_MAX_TOKENS: '40',
        GRAPHQL_MAX_COST: '99',
        CYPHER_MAX_PARAMS_BYTES: '1024',
        HTTP_MAX_BODY_BYTES: '2048',
      }).limits;
      limited = await createTestApi(db, { queryStats: true, limits });
      ({ server, url } = await listen(limited));
    });

    afterAll(async () => {
      await close(server);
      await limited.stop();
    });

    it('applies GRAPHQL_MAX_DEPTH', async () => {
      await expectRefused(limited, deepQuery(5), 'QUERY_TOO_DEEP');
      await expectAccepted(limited, deepQuery(4));
    });

    it('applies GRAPHQL_MAX_ALIASES', async () => {
      await expectRefused(limited, aliasQuery(3), 'TOO_MANY_ALIASES');
      await expectAccepted(limited, aliasQuery(2));
    });

    it('applies GRAPHQL_MAX_DIRECTIVES', async () => {
      await expectRefused(limited, directiveQuery(2), 'TOO_MANY_DIRECTIVES');
      await expectAccepted(limited, directiveQuery(1));
    });

    it('applies GRAPHQL_MAX_TOKENS', async () => {
      await expectRefused(limited, tokenQuery(41), 'TOO_MANY_TOKENS');
      await expectAccepted(limited, tokenQuery(40));
    });

    it('applies GRAPHQL_MAX_COST: a page of 50 (cost 101) is refused, one of 49 (cost 99) accepted', async () => {
      const page = (first: number) => `{ conditions(first: ${first}) { edges { node { id } } } }`;
      expect(await expectRefused(limited, page(50), 'QUERY_TOO_COMPLEX')).toContain('found 101');
      await expectAccepted(limited, page(49));
    });

    it('applies HTTP_MAX_BODY_BYTES to POST /graphql and POST /cypher', async () => {
      expect((await post(url, '/graphql', bodyOf(2049))).status).toBe(413);
      expect((await post(url, '/graphql', bodyOf(2048))).status).toBe(200);
      const cypher = await post(url, '/cypher', bodyOf(2049, 'RETURN 1'));
      expect(cypher).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
    });
  });
});
