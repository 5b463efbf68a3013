import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_DEADLINES } from '../../src/config';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson as postJsonTo, request as send } from '../helpers/http';
import type { HttpRequest } from '../helpers/http';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * What the service shows, and to whom: production mode (no suggestions, no stack traces), introspection and
 * GraphiQL by configuration, CSRF prevention and content types with their own codes, CORS from configuration, and
 * a graceful drain on stop.
 */
type Body = { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const request = (url: string, init: HttpRequest = {}) => send<Body>(url, init);

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  postJsonTo<Body>(`${url}/graphql`, body, headers);

const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);
const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('HTTP safety', () => {
  const db = openTestDatabase();
  const apis: TestApi[] = [];
  const servers: Server[] = [];

  async function serve(options: Parameters<typeof createTestApi>[1]): Promise<string> {
    const api = await createTestApi(db, options);
    apis.push(api);
    const { server, url } = await listen(api);
    servers.push(server);
    return url;
  }

  let production: string;
  let development: string;

  beforeAll(async () => {
    await resetToSeed(db);
    production = await serve({ production: true, introspection: false, graphiql: false });
    development = await serve({ production: false, introspection: true, graphiql: true });
  });

  afterAll(async () => {
    for (const server of servers) await close(server);
    for (const api of apis) await api.stop();
    await db.close();
  });

  describe('production mode', () => {
    it('names no schema field in errors: no "Did you mean" suggestion (development keeps it)', async () => {
      const query = '{ condition(id: "myoclonus") { nam } }';
      const prod = (await postJson(production, { query })).body;
      expect(codes(prod)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(JSON.stringify(prod)).not.toMatch(/Did you mean/);
      const dev = (await postJson(development, { query })).body;
      expect(dev.errors?.[0]?.message).toMatch(/Did you mean "name"/);
    });

    it('sends no stack trace with any error', async () => {
      for (const query of [
        '{ condition(id: "myoclonus") { nam } }',
        '{ conditions(first: -1) { totalCount } }',
      ]) {
        const body = (await postJson(production, { query })).body;
        expect(body.errors?.length).toBeGreaterThan(0);
        expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
      }
    });

    it('refuses introspection with INTROSPECTION_DISABLED (400) when it is off, and answers it when on', async () => {
      const off = await postJson(production, { query: INTROSPECTION });
      expect(off.status).toBe(400);
      expect(codes(off.body)).toEqual(['INTROSPECTION_DISABLED']);
      const typeQuery = await postJson(production, { query: '{ __type(name: "Condition") { name } }' });
      expect(codes(typeQuery.body)).toEqual(['INTROSPECTION_DISABLED']);
      // __typename is not introspection of the schema: clients (Apollo Client's cache) rely on it.
      const typename = (await postJson(production, { query: '{ __typename }' })).body;
      expect(typename).toEqual({ data: { __typename: 'Query' } });
      const on = (await postJson(development, { query: INTROSPECTION })).body;
      expect(on).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });

    it('serves GraphiQL to browsers only where it is on', async () => {
      const page = await request(`${development}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toMatch(/graphiql\.min\.js/);
      const none = await request(`${production}/graphql`, { headers: { accept: 'text/html' } });
      expect(none.text).not.toMatch(/graphiql/i);
    });
  });

  describe('requests that are not GraphQL requests', () => {
    it('refuses a GET without a preflight header as a possible CSRF (CSRF_PREVENTED), and answers it with one', async () => {
      const query = encodeURIComponent('{ condition(id: "myoclonus") { name } }');
      const refused = await request(`${production}/graphql?query=${query}`);
      expect(refused.status).toBe(400);
      expect(codes(refused.body)).toEqual(['CSRF_PREVENTED']);
      const allowed = await request(`${production}/graphql?query=${query}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.body).toEqual({ data: { condition: { name: 'myoclonus' } } });
    });

    it.each([
      ['text/plain', '{"query":"{ __typename }"}'],
      ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{}\r\n--x--',
      ],
      ['application/xml', '<query/>'],
    ])('refuses a POST of %s with 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, body) => {
      const answer = await request(`${production}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(answer.status).toBe(415);
      expect(codes(answer.body)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    });

    it('accepts application/json with a charset', async () => {
      const answer = await postJson(
        production,
        { query: '{ __typename }' },
        {
          'content-type': 'application/json; charset=utf-8',
        },
      );
      expect(answer.status).toBe(200);
    });
  });

  describe('input validation', () => {
    const long = 'x'.repeat(201);
    it.each([
      ['{ concept(id: "has space") { id } }', 'id'],
      [`{ condition(id: "${long}") { id } }`, 'id'],
      ['{ source(id: "") { id } }', 'id'],
      ['{ conceptByXref(curie: "no colon here") { id } }', 'curie'],
      [`{ conceptByXref(curie: "DOID:${'1'.repeat(300)}") { id } }`, 'curie'],
      [`{ search(text: "${'a'.repeat(1000)}") { totalCount } }`, 'text'],
      ['{ search(text: "myoclonus", first: 1000) { totalCount } }', 'first'],
      ['{ conditions(first: -1) { totalCount } }', 'first'],
      ['{ conditions(first: 1000000) { totalCount } }', 'first'],
      ['{ conditions(after: "not-a-cursor") { totalCount } }', 'after'],
      [`{ conditions(filter: { name: "${long}" }) { totalCount } }`, 'filter.name'],
      ['{ conditions(filter: { bodyRegion: "a\tb" }) { totalCount } }', 'filter.bodyRegion'],
      ['{ relatedConditions(id: "myoclonus", first: -5) { score } }', 'first'],
      ['{ causalChains(from: "myoclonus", maxDepth: 7) { length } }', 'maxDepth'],
      ['{ causalChains(from: "myoclonus", first: 501) { length } }', 'first'],
      ['{ paths(from: "myoclonus", to: "myoclonus") { length } }', 'to'],
      ['{ neighborhood(id: "myoclonus", depth: 0) { center { id } } }', 'depth'],
      ['{ cypher(query: "RETURN 1", limit: 0) { rows } }', undefined],
    ])('refuses %s with BAD_USER_INPUT naming the argument', async (query, argument) => {
      const answer = await postJson(production, { query });
      const body = answer.body;
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      if (argument) expect(body.errors?.[0]?.extensions?.argument).toBe(argument);
      // Nothing answered: no data, or the field itself null.
      expect(Object.values(body.data ?? {}).every((v) => v === null)).toBe(true);
    });
  });

  describe('CORS', () => {
    let allowed: string;
    let any: string;

    beforeAll(async () => {
      allowed = await serve({ corsOrigins: ['https://app.example.org'] });
      any = await serve({ corsOrigins: ['*'] });
    });

    const preflight = (url: string, origin: string) =>
      request(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });

    it('lets configured origins call the API from a browser, and no other', async () => {
      const ok = await preflight(allowed, 'https://app.example.org');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
      expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST');
      const post = await postJson(
        allowed,
        { query: '{ __typename }' },
        { origin: 'https://app.example.org' },
      );
      expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
      expect(post.headers.get('access-control-expose-headers')).toBe('x-request-id');
      const other = await postJson(allowed, { query: '{ __typename }' }, { origin: 'https://evil.example' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const cypher = await request(`${allowed}/cypher`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST' },
      });
      expect(cypher.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    });

    it('sends no CORS headers at all when no origin is configured, and * when * is', async () => {
      const none = await postJson(
        production,
        { query: '{ __typename }' },
        { origin: 'https://app.example.org' },
      );
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
      const star = await postJson(any, { query: '{ __typename }' }, { origin: 'https://anyone.example' });
      expect(star.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('graceful shutdown', () => {
    it('stops accepting, lets the request in flight finish with its whole answer, then stops', async () => {
      const proxy = await TcpProxy.toTestNeo4j();
      const proxied = openTestDatabase({ uri: proxy.uri });
      const api = await createTestApi(proxied, {
        deadlines: { ...DEFAULT_DEADLINES, requestTimeoutMs: 10_000, shutdownGraceMs: 10_000 },
      });
      try {
        api.server.listen(0, '127.0.0.1');
        await new Promise((resolve) => api.server.once('listening', resolve));
        const url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
        expect((await postJson(url, { query: '{ __typename }' })).status).toBe(200);

        // A request in flight, held up by a slow Neo4j.
        proxy.hang();
        const inFlight = postJson(url, {
          query: '{ condition(id: "myoclonus") { name causes { node { id } } } }',
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        let stopped = false;
        const stopping = api.stop().then(() => {
          stopped = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        // No new connection is accepted; the request in flight is still waiting, and so is stop().
        await expect(fetch(`${url}/health`)).rejects.toThrow();
        expect(stopped).toBe(false);

        proxy.resume();
        const answer = await inFlight;
        expect(answer.status).toBe(200);
        expect(answer.body.data).toEqual({
          condition: { name: 'myoclonus', causes: expect.any(Array) },
        });
        await stopping;
        expect(stopped).toBe(true);
      } finally {
        proxy.resume();
        await api.stop();
        await proxied.close();
        await proxy.close();
      }
    });
  });
});
