import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { ResponseCacheOptions } from '../../src/http/response-cache';
import type { Database } from '../../src/neo4j/database';
import { bumpGraphVersion } from '../../src/neo4j/graph-version';
import { importObo } from '../../src/obo/import/run';
import { PROJECT_ROOT } from '../../src/paths';
import { writeSeed } from '../../src/seed/seed.write';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, realSeedPlan, resetToSeed } from '../helpers/db';
import { exactRequest } from '../helpers/http';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * The response cache (src/http/response-cache/) in front of the real schema and the seeded graph. The cache checks
 * the graph's version only every minute here: the tests read it when they need to, with `refresh()`, and never wait.
 */
const CACHE: ResponseCacheOptions = { maxBytes: 8 * 2 ** 20, checkMs: 60_000, ttlMs: 60_000 };
/** The ETags the cache gives (a hash of the data), unlike Express's own `W/"<length>-<hash>"`. */
const CACHE_ETAG = /^W\/"[A-Za-z0-9_-]{27}"$/;
const INFO = 30;
const SMALL_OBO = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'obo', 'import-small.obo');

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  operationName?: string;
  roundTrips?: number;
  outcome?: string;
  cached?: boolean;
  neo4j?: string;
}

interface MemoryLog {
  logger: pino.Logger;
  lines: LogLine[];
  /** The first line (already written or still to come) that `match` accepts. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine>;
}

/** A pino logger writing JSON lines into memory, as the service writes them to stdout. */
function memoryLog(): MemoryLog {
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const raw of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const line = JSON.parse(raw) as LogLine;
        lines.push(line);
        for (const waiter of waiters) {
          if (waiter.match(line)) {
            waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      }
      done();
    },
  });
  return {
    logger: pino({ level: 'info' }, stream),
    lines,
    waitFor(match) {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
  };
}

interface Served {
  api: TestApi;
  server: Server;
  url: string;
  log: MemoryLog;
}

async function serve(db: Database, options: Parameters<typeof createTestApi>[1] = {}): Promise<Served> {
  const log = memoryLog();
  const api = await createTestApi(db, { ...options, logger: log.logger });
  const { server, url } = await listen(api);
  return { api, server, url, log };
}

async function stop(served: Served): Promise<void> {
  await close(served.server);
  await served.api.stop();
}

interface Body {
  data?: {
    condition?: { id: string; name: string; causes: Array<{ node: { id: string } }> } | null;
    sources?: Array<{ id: string }>;
    [field: string]: unknown;
  } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { queryStats?: { roundTrips: number; dbMillis: number } };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  etag: string | undefined;
  text: string;
  body: Body | undefined;
  /** The request's log line. */
  line: LogLine;
}

let sequence = 0;

/**
 * POSTs `body` (or GETs with `get` as the query string) to /graphql with exactly these headers; the answer and the
 * request's log line. Through exactRequest, not fetch(): fetch() adds `Cache-Control: no-cache` and
 * `Pragma: no-cache` to every request with If-None-Match (the Fetch standard's rule for conditional requests).
 */
async function ask(
  served: Served,
  request: { body?: unknown; get?: Record<string, string>; headers?: Record<string, string> },
): Promise<Answer> {
  const requestId = `response-cache-${++sequence}`;
  const url = new URL(
    request.get ? `/graphql?${new URLSearchParams(request.get).toString()}` : '/graphql',
    served.url,
  );
  const payload = request.get
    ? undefined
    : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
    ...request.headers,
  };
  const {
    status,
    headers: responseHeaders,
    text,
  } = await exactRequest(url, { method: payload ? 'POST' : 'GET', headers, body: payload });
  let body: Body | undefined;
  try {
    body = text ? (JSON.parse(text) as Body) : undefined;
  } catch {
    body = undefined;
  }
  const line = await served.log.waitFor((l) => l.msg === 'request' && l.requestId === requestId);
  return { status, headers: responseHeaders, etag: responseHeaders.etag, text, body, line };
}

/** The value of one sample of the Prometheus text (`name{labels} value`); 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function metricsOf(served: Served): Promise<string> {
  const response = await fetch(`${served.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** A lookup of one condition and its causes, under an operation name of its own (so its own cache key). */
const lookup = (name: string) =>
  `query ${name}($id: ID!) { condition(id: $id) { id name causes { node { id } } } }`;

const HIT = 'ontology_response_cache_lookups{result="hit"}';
const MISS = 'ontology_response_cache_lookups{result="miss"}';

describe('the response cache over the seeded graph', () => {
  let db: Database;
  /** The cache with QUERY_STATS off: answers from it are byte for byte Apollo's. */
  let main: Served;
  /** Another app with the cache, with QUERY_STATS on. */
  let stats: Served;
  /** An app without the cache. */
  let plain: Served;

  const refresh = () => main.api.responseCache!.refresh();

  /** The name of a concept as the graph holds it. */
  const nameInGraph = async (id: string): Promise<string | undefined> =>
    (await db.read<{ name: string }>('MATCH (c:Concept {id: $id}) RETURN c.name AS name', { id }))[0]?.name;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    main = await serve(db, { responseCache: CACHE });
    stats = await serve(db, { responseCache: CACHE, queryStats: true });
    plain = await serve(db);
  });

  afterAll(async () => {
    await stop(main);
    await stop(stats);
    await stop(plain);
    await resetToSeed(db);
    await db.close();
  });

  it('answers the second identical POST from the cache: same bytes, same ETag, no round trip, logged and counted', async () => {
    const request = { body: { query: lookup('HitTwice'), variables: { id: 'myoclonus' } } };
    const before = await metricsOf(main);
    const first = await ask(main, request);
    const middle = await metricsOf(main);
    const second = await ask(main, request);
    const after = await metricsOf(main);

    expect(first.status).toBe(200);
    expect(first.body?.errors).toBeUndefined();
    expect(first.body?.data?.condition?.name).toBe(await nameInGraph('myoclonus'));
    expect(first.etag).toMatch(CACHE_ETAG);
    expect(first.line).toMatchObject({ level: INFO, operationName: 'HitTwice', outcome: 'ok' });
    expect(first.line.roundTrips).toBeGreaterThan(0);
    expect(first.line.cached).toBeUndefined();

    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.etag).toBe(first.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers['x-request-id']).toBe(second.line.requestId);
    // The same headers as Apollo's answer, but for those of the connection and the request.
    const comparable = (answer: Answer) =>
      Object.fromEntries(
        Object.entries(answer.headers).filter(
          ([name]) => !['date', 'x-request-id', 'connection', 'keep-alive'].includes(name),
        ),
      );
    expect(comparable(second)).toEqual(comparable(first));
    expect(second.line).toMatchObject({
      level: INFO,
      operationName: 'HitTwice',
      outcome: 'ok',
      roundTrips: 0,
      cached: true,
    });

    expect(sample(middle, MISS) - sample(before, MISS)).toBe(1);
    expect(sample(middle, HIT) - sample(before, HIT)).toBe(0);
    expect(sample(after, HIT) - sample(middle, HIT)).toBe(1);
    expect(sample(after, MISS) - sample(middle, MISS)).toBe(0);
    expect(sample(after, 'ontology_response_cache_bytes')).toBeGreaterThanOrEqual(
      Buffer.byteLength(first.text),
    );
    // A hit is a request like any other in the request metrics.
    const ok = 'ontology_requests_total{operation="HitTwice",outcome="ok"}';
    expect(sample(after, ok)).toBe(2);
  });

  it('reports queryStats of the computation on a miss and zero round trips on a hit (QUERY_STATS=true)', async () => {
    const request = { body: { query: lookup('StatsTwice'), variables: { id: 'myoclonus' } } };
    const miss = await ask(stats, request);
    const hit = await ask(stats, request);
    expect(miss.status).toBe(200);
    expect(miss.body?.extensions?.queryStats?.roundTrips).toBeGreaterThan(0);
    expect(miss.line.cached).toBeUndefined();
    expect(hit.status).toBe(200);
    expect(hit.line.cached).toBe(true);
    expect(hit.body?.extensions).toEqual({ queryStats: { roundTrips: 0, dbMillis: 0 } });
    expect(hit.body?.data).toEqual(miss.body?.data);
    expect(hit.etag).toBe(miss.etag);
  });

  it('answers 304 without a body when If-None-Match names the ETag of a kept answer', async () => {
    const request = { body: { query: lookup('Conditional'), variables: { id: 'myoclonus' } } };
    const first = await ask(main, request);
    expect(first.etag).toMatch(CACHE_ETAG);
    const notModified = await ask(main, { ...request, headers: { 'if-none-match': first.etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.etag).toBe(first.etag);
    expect(notModified.line).toMatchObject({ cached: true, roundTrips: 0, outcome: 'ok' });
    // Among others, or as *.
    const listed = await ask(main, { ...request, headers: { 'if-none-match': `W/"other", ${first.etag!}` } });
    expect(listed.status).toBe(304);
    // Another ETag: the whole answer.
    const other = await ask(main, { ...request, headers: { 'if-none-match': 'W/"something-else"' } });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
    expect(other.line.cached).toBe(true);
  });

  it('answers 304 on a miss too, when If-None-Match names the ETag the answer computed has', async () => {
    // The ETag is a hash of the data: the main app's answer gives the ETag the other app computes.
    const request = { body: { query: lookup('ConditionalMiss'), variables: { id: 'myoclonus' } } };
    const reference = await ask(main, request);
    expect(reference.etag).toMatch(CACHE_ETAG);
    const miss = await ask(stats, { ...request, headers: { 'if-none-match': reference.etag! } });
    expect(miss.status).toBe(304);
    expect(miss.text).toBe('');
    expect(miss.etag).toBe(reference.etag);
    expect(miss.line.cached).toBeUndefined();
    expect(miss.line.roundTrips).toBeGreaterThan(0);
    // And it was kept: the next one comes from the cache, with the same ETag.
    const hit = await ask(stats, request);
    expect(hit.status).toBe(200);
    expect(hit.line.cached).toBe(true);
    expect(hit.etag).toBe(reference.etag);
    expect(hit.body?.data).toEqual(reference.body?.data);
  });

  it('answers 304 to a conditional request made with fetch(), which adds Cache-Control: no-cache to it', async () => {
    const request = { query: lookup('FromFetch'), variables: { id: 'myoclonus' } };
    const first = await ask(main, { body: request });
    expect((await ask(main, { body: request })).line.cached).toBe(true);
    const response = await fetch(`${main.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'if-none-match': first.etag!,
        'x-request-id': 'response-cache-fetch',
      },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    const line = await main.log.waitFor((l) => l.msg === 'request' && l.requestId === 'response-cache-fetch');
    expect(line.cached).toBe(true);
    expect(line.roundTrips).toBe(0);
  });

  it('serves a GET with a preflight header from the cache, with the POST’s body, and still refuses a plain GET', async () => {
    const query = lookup('ByGet');
    const variables = { id: 'myoclonus' };
    const posted = await ask(main, { body: { query, variables } });
    expect(posted.status).toBe(200);
    const get = { query, variables: JSON.stringify(variables) };

    const preflight = await ask(main, { get, headers: { 'apollo-require-preflight': '1' } });
    expect(preflight.status).toBe(200);
    expect(preflight.text).toBe(posted.text);
    expect(preflight.etag).toBe(posted.etag);
    expect(preflight.line).toMatchObject({ cached: true, roundTrips: 0 });

    const named = await ask(main, { get, headers: { 'x-apollo-operation-name': 'ByGet' } });
    expect(named.status).toBe(200);
    expect(named.text).toBe(posted.text);
    expect(named.line.cached).toBe(true);

    // Apollo's CSRF prevention refuses a simple GET, cached answer or not.
    const simple = await ask(main, { get });
    expect(simple.status).toBe(400);
    expect(simple.body?.errors?.[0]?.extensions?.code).toBe('CSRF_PREVENTED');
    expect(simple.text).not.toContain('causes');
    expect(simple.line.cached).toBeUndefined();
  });

  it('keeps an answer computed for a GET, and serves it to the same POST', async () => {
    const query = lookup('GetFirst');
    const variables = { id: 'myoclonus' };
    const got = await ask(main, {
      get: { query, variables: JSON.stringify(variables) },
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(got.status).toBe(200);
    expect(got.line.cached).toBeUndefined();
    expect(got.line.roundTrips).toBeGreaterThan(0);
    const posted = await ask(main, { body: { query, variables } });
    expect(posted.line.cached).toBe(true);
    expect(posted.text).toBe(got.text);
  });

  it('answers a hit in the content type the request accepts, as Apollo does; Apollo answers what it refuses', async () => {
    const request = { body: { query: lookup('Negotiated'), variables: { id: 'myoclonus' } } };
    const accept = { accept: 'application/graphql-response+json' };
    const miss = await ask(main, { ...request, headers: accept });
    const hit = await ask(main, { ...request, headers: accept });
    expect(hit.line.cached).toBe(true);
    expect(miss.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(hit.headers['content-type']).toBe(miss.headers['content-type']);
    const json = await ask(main, request);
    expect(json.line.cached).toBe(true);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    // Nothing acceptable: Apollo's own refusal, not the cached answer.
    const html = await ask(main, { ...request, headers: { accept: 'text/html' } });
    expect(html.status).toBe(406);
    expect(html.line.cached).toBeUndefined();
    expect(html.text).not.toContain('causes');
  });

  it('serves the kept answer to Cache-Control: no-cache and Pragma: no-cache too (it is always current)', async () => {
    const request = { body: { query: lookup('Fresh'), variables: { id: 'myoclonus' } } };
    const first = await ask(main, request);
    expect(first.line.cached).toBeUndefined();
    const noCache = await ask(main, { ...request, headers: { 'cache-control': 'no-cache' } });
    expect(noCache.status).toBe(200);
    expect(noCache.line).toMatchObject({ cached: true, roundTrips: 0 });
    expect(noCache.text).toBe(first.text);
    const pragma = await ask(main, { ...request, headers: { pragma: 'no-cache' } });
    expect(pragma.line.cached).toBe(true);
    const both = await ask(main, {
      ...request,
      headers: { 'cache-control': 'no-cache', 'if-none-match': first.etag! },
    });
    expect(both.status).toBe(304);
    expect(both.text).toBe('');
  });

  it('keeps answers apart by variables and by operationName', async () => {
    const query = lookup('ByVariables');
    const a = await ask(main, { body: { query, variables: { id: 'myoclonus' } } });
    const b = await ask(main, { body: { query, variables: { id: 'opsoclonus-myoclonus-syndrome' } } });
    expect(b.line.cached).toBeUndefined();
    expect(b.line.roundTrips).toBeGreaterThan(0);
    expect(b.body?.data?.condition?.id).toBe('opsoclonus-myoclonus-syndrome');
    expect(b.text).not.toBe(a.text);
    expect(b.etag).not.toBe(a.etag);
    const aAgain = await ask(main, { body: { query, variables: { id: 'myoclonus' } } });
    const bAgain = await ask(main, { body: { query, variables: { id: 'opsoclonus-myoclonus-syndrome' } } });
    expect([aAgain.line.cached, bAgain.line.cached]).toEqual([true, true]);
    expect(aAgain.text).toBe(a.text);
    expect(bAgain.text).toBe(b.text);

    // One document, two operations: the operation chosen is part of the key.
    const two =
      'query PickSources { sources { id } } query PickCondition { condition(id: "myoclonus") { id name } }';
    const sources = await ask(main, { body: { query: two, operationName: 'PickSources' } });
    const condition = await ask(main, { body: { query: two, operationName: 'PickCondition' } });
    expect(sources.body?.data?.sources?.length).toBeGreaterThan(0);
    expect(condition.line.cached).toBeUndefined();
    expect(condition.body?.data).toEqual({
      condition: { id: 'myoclonus', name: await nameInGraph('myoclonus') },
    });
    expect((await ask(main, { body: { query: two, operationName: 'PickCondition' } })).text).toBe(
      condition.text,
    );

    // The same one-operation document with and without its operationName: two keys (the same answer).
    const single = 'query OnlyOne { sources { id } }';
    const unnamed = await ask(main, { body: { query: single } });
    const named = await ask(main, { body: { query: single, operationName: 'OnlyOne' } });
    expect(unnamed.line.cached).toBeUndefined();
    expect(named.line.cached).toBeUndefined();
    expect(named.line.roundTrips).toBeGreaterThan(0);
    expect(named.text).toBe(unnamed.text);
    expect((await ask(main, { body: { query: single, operationName: 'OnlyOne' } })).line.cached).toBe(true);
  });

  it('never keeps an answer with errors: a validation error, twice, is Apollo’s both times', async () => {
    const request = { body: { query: 'query Broken { nothing }' } };
    const entries = main.api.responseCache!.stats().entries;
    for (const answer of [await ask(main, request), await ask(main, request)]) {
      expect(answer.status).toBe(400);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.line.cached).toBeUndefined();
      expect(answer.line.outcome).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.etag ?? '').not.toMatch(CACHE_ETAG);
    }
    expect(main.api.responseCache!.stats().entries).toBe(entries);
  });

  it('never keeps a partial answer: a resolver that refuses its argument, twice, is computed both times', async () => {
    const request = {
      body: { query: 'query Partly { sources { id } conceptByXref(curie: "not a curie") { id } }' },
    };
    const entries = main.api.responseCache!.stats().entries;
    const answers = [await ask(main, request), await ask(main, request)];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body?.data?.sources?.length).toBeGreaterThan(0);
      expect(answer.body?.data?.conceptByXref).toBeNull();
      expect(answer.body?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.line.cached).toBeUndefined();
      expect(answer.line.roundTrips).toBeGreaterThan(0);
      expect(answer.etag ?? '').not.toMatch(CACHE_ETAG);
    }
    expect(main.api.responseCache!.stats().entries).toBe(entries);
  });

  // An analyst's Cypher may answer what the graph does not hold (`randomUUID()`, `datetime()`): operations that
  // select the `cypher` field, directly or through fragments, are never kept.
  it('leaves variables nested past what JSON.stringify can walk to Apollo, which refuses them as before', async () => {
    const depth = 20_000;
    const body =
      '{"query": "query Deep($p: JSON) { cypher(query: \\"RETURN 1 AS one\\", params: $p) { rows } }", ' +
      `"variables": {"p": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    for (let i = 0; i < 2; i++) {
      const answer = await ask(main, { body });
      expect(answer.status).toBe(200);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.line.cached).toBeUndefined();
    }
  });

  it.each([
    [
      'directly',
      'query Unrepeatable { cypher(query: "RETURN randomUUID() AS id, datetime() AS now") { rows } }',
    ],
    [
      'through a fragment',
      'query UnrepeatableSpread { ...F } fragment F on Query { ... on Query { cypher(query: "RETURN randomUUID() AS id") { rows } } }',
    ],
  ])('does not keep answers of the cypher field (%s), which may not repeat', async (_how, query) => {
    const request = { body: { query } };
    const first = await ask(main, request);
    expect(first.status).toBe(200);
    expect(first.body?.errors).toBeUndefined();
    const second = await ask(main, request);
    expect(second.status).toBe(200);
    expect(second.line.cached).toBeUndefined();
    expect(second.text).not.toBe(first.text);
  });

  describe('when the graph changes after an answer was kept', () => {
    const request = (name: string) => ({ body: { query: lookup(name), variables: { id: 'myoclonus' } } });
    const rename = async (name: string) =>
      db.write('MATCH (c:Concept {id: $id}) SET c.name = $name', { id: 'myoclonus', name });

    afterEach(async () => {
      await resetToSeed(db);
      await refresh();
    });

    it('drops it once the version is read again after a bump and a property write', async () => {
      const v0 = await refresh();
      expect(v0).not.toBeNull();
      const first = await ask(main, request('Renamed'));
      const seedName = first.body?.data?.condition?.name;
      expect(seedName).toBe(await nameInGraph('myoclonus'));
      expect((await ask(main, request('Renamed'))).line.cached).toBe(true);

      await rename(`${seedName} (renamed)`);
      await bumpGraphVersion(db);
      // Until the version is read again (every checkMs), the kept answer is still served.
      const stale = await ask(main, request('Renamed'));
      expect(stale.line.cached).toBe(true);
      expect(stale.text).toBe(first.text);

      const v1 = await refresh();
      expect(v1).not.toBeNull();
      expect(v1).not.toBe(v0);
      const renamed = await ask(main, request('Renamed'));
      expect(renamed.line.cached).toBeUndefined();
      expect(renamed.line.roundTrips).toBeGreaterThan(0);
      expect(renamed.body?.data?.condition?.name).toBe(`${seedName} (renamed)`);
      expect(renamed.etag).not.toBe(first.etag);
      // The new answer is kept for the new version.
      const again = await ask(main, request('Renamed'));
      expect(again.line.cached).toBe(true);
      expect(again.text).toBe(renamed.text);
    });

    it('does not notice a property write without a bump (the TTL bounds that): the version stays the same', async () => {
      const v0 = await refresh();
      const first = await ask(main, request('Unbumped'));
      await rename('renamed without a bump');
      expect(await refresh()).toBe(v0);
      const answer = await ask(main, request('Unbumped'));
      expect(answer.line.cached).toBe(true);
      expect(answer.text).toBe(first.text);
    });

    it('notices a node created without a bump, through the node count', async () => {
      const query = { body: { query: 'query AllSources { sources { id } }' } };
      const v0 = await refresh();
      const first = await ask(main, query);
      const ids = (await db.read<{ id: string }>('MATCH (s:Source) RETURN s.id AS id'))
        .map((r) => r.id)
        .sort();
      expect(first.body?.data?.sources?.map((s) => s.id).sort()).toEqual(ids);
      expect((await ask(main, query)).line.cached).toBe(true);

      await db.write(
        "CREATE (:Source {id: 'response-cache-test-source', kind: 'article', title: 'Added aside'})",
      );
      const v1 = await refresh();
      expect(v1).not.toBeNull();
      expect(v1).not.toBe(v0);
      const after = await ask(main, query);
      expect(after.line.cached).toBeUndefined();
      expect(after.body?.errors).toBeUndefined();
      expect(after.body?.data?.sources?.map((s) => s.id)).toContain('response-cache-test-source');
      expect(after.body?.data?.sources).toHaveLength(ids.length + 1);
    });

    it('notices a relationship created without a bump, through the relationship count', async () => {
      const v0 = await refresh();
      const first = await ask(main, request('Related'));
      expect((await ask(main, request('Related'))).line.cached).toBe(true);
      const [cause] = (
        await db.read<{ id: string }>(
          "MATCH (c:Cause) WHERE NOT (c)-[:CAUSES]->(:Concept {id: 'myoclonus'}) RETURN c.id AS id ORDER BY id LIMIT 1",
        )
      ).map((r) => r.id);
      expect(cause).toBeDefined();
      expect(first.body?.data?.condition?.causes.map((c) => c.node.id)).not.toContain(cause);
      await db.write(
        "MATCH (a:Concept {id: $cause}), (b:Concept {id: 'myoclonus'}) CREATE (a)-[:CAUSES]->(b)",
        {
          cause,
        },
      );
      const v1 = await refresh();
      expect(v1).not.toBe(v0);
      const after = await ask(main, request('Related'));
      expect(after.line.cached).toBeUndefined();
      expect(after.line.roundTrips).toBeGreaterThan(0);
      expect(after.text).not.toBe(first.text);
      expect(after.body?.data?.condition?.causes.map((c) => c.node.id)).toContain(cause);
    });

    it('drops it when the graph is seeded again (writeSeed bumps the version, even with no change)', async () => {
      const plan = await realSeedPlan();
      const seedName = plan.concepts.find((c) => c.id === 'myoclonus')?.name;
      expect(seedName).toBeDefined();
      // A seed that changes nothing still marks the graph changed.
      const v0 = await refresh();
      await ask(main, request('Reseeded'));
      await writeSeed(db, plan);
      const v1 = await refresh();
      expect(v1).not.toBeNull();
      expect(v1).not.toBe(v0);
      expect((await ask(main, request('Reseeded'))).line.cached).toBeUndefined();

      // A kept answer that the seed corrects.
      await rename('renamed before a seed');
      await bumpGraphVersion(db);
      const v2 = await refresh();
      expect(v2).not.toBe(v1);
      const renamed = await ask(main, request('Reseeded'));
      expect(renamed.body?.data?.condition?.name).toBe('renamed before a seed');
      expect((await ask(main, request('Reseeded'))).line.cached).toBe(true);
      await writeSeed(db, plan);
      expect(await refresh()).not.toBe(v2);
      const reseeded = await ask(main, request('Reseeded'));
      expect(reseeded.line.cached).toBeUndefined();
      expect(reseeded.body?.data?.condition?.name).toBe(seedName);
    });

    // A re-import that changes terms but not the node and relationship counts (a new release of an ontology, a
    // corrected name) is seen through the counter importObo bumps.
    it('drops it when an OBO import changes a term (importObo bumps the version, as graph-version.ts says)', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'response-cache-obo-'));
      try {
        await importObo(db, SMALL_OBO);
        const v0 = await refresh();
        const byXref = {
          body: {
            query: 'query ByXref($curie: String!) { conceptByXref(curie: $curie) { id name } }',
            variables: { curie: 'DOID:3905' },
          },
        };
        const first = await ask(main, byXref);
        const concept = first.body?.data?.conceptByXref as { id: string; name: string } | null | undefined;
        expect(concept?.name).toBe(await nameInGraph(concept?.id ?? ''));
        expect((await ask(main, byXref)).line.cached).toBe(true);

        const renamed = path.join(dir, path.basename(SMALL_OBO));
        const text = await readFile(SMALL_OBO, 'utf8');
        expect(text).toContain(`name: ${concept?.name}\n`);
        await writeFile(
          renamed,
          text.replace(`name: ${concept?.name}\n`, 'name: renamed by a new release\n'),
        );
        await importObo(db, renamed);
        // The import did change the graph...
        expect(await nameInGraph(concept?.id ?? '')).toBe('renamed by a new release');
        // ...and marked it changed.
        const v1 = await refresh();
        expect(v1).not.toBe(v0);
        const after = await ask(main, byXref);
        expect(after.line.cached).toBeUndefined();
        expect(after.body?.data?.conceptByXref).toEqual({
          id: concept?.id,
          name: 'renamed by a new release',
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('drops it when the graph is emptied and seeded again (resetToSeed)', async () => {
      await rename('renamed before a reset');
      await bumpGraphVersion(db);
      const v0 = await refresh();
      const renamed = await ask(main, request('Reset'));
      expect(renamed.body?.data?.condition?.name).toBe('renamed before a reset');
      expect((await ask(main, request('Reset'))).line.cached).toBe(true);
      await resetToSeed(db);
      const v1 = await refresh();
      expect(v1).not.toBeNull();
      expect(v1).not.toBe(v0);
      const reset = await ask(main, request('Reset'));
      expect(reset.line.cached).toBeUndefined();
      expect(reset.body?.data?.condition?.name).toBe(await nameInGraph('myoclonus'));
      expect(reset.body?.data?.condition?.name).not.toBe('renamed before a reset');
    });
  });

  it('sends no cached answer without a response cache (off, or RESPONSE_CACHE_MB=0)', async () => {
    expect(plain.api.responseCache).toBeUndefined();
    const request = { body: { query: lookup('Uncached'), variables: { id: 'myoclonus' } } };
    const reference = await ask(main, request);
    const answers = [await ask(plain, request), await ask(plain, request)];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(reference.text);
      expect(answer.line.cached).toBeUndefined();
      expect(answer.line.roundTrips).toBeGreaterThan(0);
      expect(answer.etag ?? '').not.toMatch(CACHE_ETAG);
    }
    // The cache's ETag means nothing there.
    const conditional = await ask(plain, { ...request, headers: { 'if-none-match': reference.etag! } });
    expect(conditional.status).toBe(200);
    expect(conditional.text).toBe(reference.text);
    expect(await metricsOf(plain)).not.toContain('ontology_response_cache');

    const zero = await createTestApi(db, { responseCache: { ...CACHE, maxBytes: 0 } });
    try {
      expect(zero.responseCache).toBeUndefined();
    } finally {
      await zero.stop();
    }
  });

  describe('while Neo4j cannot be reached', () => {
    let proxy: TcpProxy;
    let proxied: Database;
    let app: Served;
    const request = { body: { query: lookup('Outage'), variables: { id: 'myoclonus' } } };

    beforeAll(async () => {
      proxy = await TcpProxy.toTestNeo4j();
      proxied = openTestDatabase({
        uri: proxy.uri,
        options: { connectionAcquisitionTimeout: 1_000, connectionTimeout: 1_000 },
      });
      app = await serve(proxied, { responseCache: CACHE });
    });

    afterAll(async () => {
      await stop(app);
      await proxied.close();
      await proxy.close();
    });

    it('serves nothing from the cache, and serves and keeps again once the version can be read', async () => {
      const refreshApp = () => app.api.responseCache!.refresh();
      const version = await refreshApp();
      expect(version).not.toBeNull();
      const first = await ask(app, request);
      expect(first.status).toBe(200);
      const kept = await ask(app, request);
      expect(kept.line.cached).toBe(true);
      expect(kept.text).toBe(first.text);

      await proxy.cut();
      try {
        expect(await refreshApp()).toBeNull();
        expect(app.api.responseCache!.stats().entries).toBe(0);
        expect(app.log.lines.filter((l) => /graph version unreadable/.test(l.msg))).toHaveLength(1);
        const down = await ask(app, request);
        expect(down.status).toBe(503);
        expect(down.body?.data).toBeNull();
        expect(down.body?.errors?.map((e) => e.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
        expect(down.line.cached).toBeUndefined();
        expect(down.line.outcome).toBe('DATABASE_UNAVAILABLE');
        // Still unreadable: still nothing from the cache (and no second warning).
        expect(await refreshApp()).toBeNull();
        expect((await ask(app, request)).status).toBe(503);
        expect(app.log.lines.filter((l) => /graph version unreadable/.test(l.msg))).toHaveLength(1);
        expect(app.log.lines.some((l) => l.neo4j === 'unreachable')).toBe(true);
      } finally {
        await proxy.restore();
      }
      // The database's breaker closes when a probe gets an answer (it logs that): then the version can be read.
      await app.log.waitFor((l) => l.neo4j === 'back');
      expect(await refreshApp()).toBe(version);
      const back = await ask(app, request);
      expect(back.status).toBe(200);
      expect(back.line.cached).toBeUndefined();
      expect(back.line.roundTrips).toBeGreaterThan(0);
      expect(back.text).toBe(first.text);
      const keptAgain = await ask(app, request);
      expect(keptAgain.line.cached).toBe(true);
      expect(keptAgain.text).toBe(first.text);
    });
  });
});
