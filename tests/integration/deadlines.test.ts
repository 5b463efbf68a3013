import type { Server } from 'node:http';
import { DEFAULT_DEADLINES } from '../../src/config';
import type { Database } from '../../src/neo4j/database';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * Deadlines and outages, against the test Neo4j behind a proxy that can hang (accepts, never answers) or go away
 * (resets and refuses connections): every request ends by its deadline with its own code, nothing is left running,
 * and the same app serves again once Neo4j does, with no restart.
 */
const DEADLINE_MS = 800;
const POOL_SIZE = 3;
const LOOKUP = 'query Lookup($id: ID!) { condition(id: $id) { id name causes { node { id } } } }';

interface Answer {
  status: number;
  millis: number;
  body: {
    data?: unknown;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
    error?: { code: string };
  };
}

async function post(url: string, path: string, body: unknown): Promise<Answer> {
  const started = performance.now();
  const answer = await postJson<Answer['body']>(`${url}${path}`, body);
  return { status: answer.status, millis: performance.now() - started, body: answer.body };
}

const lookup = (url: string) => post(url, '/graphql', { query: LOOKUP, variables: { id: 'myoclonus' } });
const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

describe('deadlines and database outages', () => {
  const direct = openTestDatabase();
  let proxy: TcpProxy;
  let proxied: Database;
  let api: TestApi;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    await resetToSeed(direct);
    proxy = await TcpProxy.toTestNeo4j();
    proxied = openTestDatabase({
      uri: proxy.uri,
      // A small pool, so that sessions not given back would show at once as requests that cannot get one.
      options: {
        maxConnectionPoolSize: POOL_SIZE,
        connectionAcquisitionTimeout: 500,
        connectionTimeout: 500,
      },
    });
    api = await createTestApi(proxied, {
      deadlines: { ...DEFAULT_DEADLINES, requestTimeoutMs: DEADLINE_MS },
      // The analysts' own timeout is longer here than the request's deadline, so the deadline is what ends it.
      cypher: {
        defaultTimeoutMs: 20_000,
        maxTimeoutMs: 20_000,
        defaultRows: 100,
        maxRows: 100,
        maxQueryLength: 10_000,
        maxParamsBytes: 65_536,
      },
    });
    ({ server, url } = await listen(api));
    // The id the lookups use names a condition of the seed.
    const ok = await lookup(url);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ condition: expect.objectContaining({ id: 'myoclonus' }) });
  });

  afterEach(async () => {
    proxy.resume();
  });

  afterAll(async () => {
    await close(server);
    await api.stop();
    await proxied.close();
    await proxy.close();
    await direct.close();
  });

  it('answers TIMEOUT with HTTP 504 and no data when Neo4j hangs, at the deadline and not later', async () => {
    proxy.hang();
    const answer = await lookup(url);
    expect(answer.status).toBe(504);
    expect(codesOf(answer)).toEqual(['TIMEOUT']);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]?.message).not.toMatch(/neo4j|driver|session|Error:/i);
    expect(answer.millis).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(answer.millis).toBeLessThan(DEADLINE_MS + 700);
    // The readiness probe has its own 2 s deadline.
    const started = performance.now();
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(2_700);
  });

  it('gives every session back: after more timed-out requests than the pool holds, all of it serves again', async () => {
    proxy.hang();
    const during = await Promise.all(Array.from({ length: POOL_SIZE * 3 }, () => lookup(url)));
    // Those that got a pooled connection wait on it until the deadline (TIMEOUT); the others cannot get one within
    // the pool's acquisition timeout, 500 ms here, since new connections hang too (DATABASE_UNAVAILABLE). None
    // waits past the deadline.
    const codes = during.map((answer) => codesOf(answer).join());
    expect(codes).toHaveLength(POOL_SIZE * 3);
    expect(codes.filter((c) => c !== 'TIMEOUT' && c !== 'DATABASE_UNAVAILABLE')).toEqual([]);
    for (const answer of during) {
      expect(answer.body.data).toBeNull();
      expect(answer.millis).toBeLessThan(DEADLINE_MS + 700);
    }
    proxy.resume();
    const after = await Promise.all(Array.from({ length: POOL_SIZE * 3 }, () => lookup(url)));
    for (const answer of after) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('stops a long Cypher query on the server at the deadline: no transaction is left running', async () => {
    const slow = 'UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n';
    const graphql = await post(url, '/graphql', {
      query: `{ cypher(query: ${JSON.stringify(slow)}) { rows } }`,
    });
    expect(graphql.status).toBe(504);
    expect(codesOf(graphql)).toEqual(['TIMEOUT']);
    expect(graphql.millis).toBeLessThan(DEADLINE_MS + 700);
    const http = await post(url, '/cypher', { query: slow });
    expect(http.status).toBe(504);
    expect(http.body.error?.code).toBe('TIMEOUT');
    expect(http.millis).toBeLessThan(DEADLINE_MS + 700);
    // Neo4j's own transaction timeout was the remaining time: the queries end on the server too, long before the
    // analysts' 20 s timeout would have ended them.
    const started = performance.now();
    let left = -1;
    while (performance.now() - started < 3_000) {
      const rows = await direct.read<{ n: number }>(
        `SHOW TRANSACTIONS YIELD metaData, currentQuery
         WHERE metaData.app = 'myoclonus-cypher' AND currentQuery CONTAINS 'range(1, 1000000000)'
         RETURN count(*) AS n`,
      );
      left = rows[0]?.n ?? 0;
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(left).toBe(0);
  });

  it('keeps answering 503 at once while a restarting Neo4j accepts connections but cannot answer yet', async () => {
    await proxy.cut();
    const gone = await lookup(url);
    expect(codesOf(gone)).toEqual(['DATABASE_UNAVAILABLE']);
    // Back on the network, but not answering: a Neo4j still starting. Requests are not held up by it: the service
    // knows Neo4j is unreachable until one background probe gets an answer.
    await proxy.restore();
    proxy.hang();
    for (let i = 0; i < 5; i++) {
      const answer = await lookup(url);
      expect(answer.status).toBe(503);
      expect(codesOf(answer)).toEqual(['DATABASE_UNAVAILABLE']);
      expect(answer.millis).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    proxy.resume();
    const back = performance.now();
    let answer = await lookup(url);
    while (answer.status !== 200 && performance.now() - back < 5_000) answer = await lookup(url);
    expect(answer.status).toBe(200);
    expect(performance.now() - back).toBeLessThan(5_000);
  });

  it('answers DATABASE_UNAVAILABLE with HTTP 503 at once while Neo4j is gone, and serves again when it is back', async () => {
    await proxy.cut();
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await lookup(url);
        expect(answer.status).toBe(503);
        expect(codesOf(answer)).toEqual(['DATABASE_UNAVAILABLE']);
        expect(answer.body.data).toBeNull();
        expect(answer.millis).toBeLessThan(DEADLINE_MS);
      }
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(503);
      const cypher = await post(url, '/cypher', { query: 'RETURN 1 AS one' });
      expect(cypher.status).toBe(503);
      expect(cypher.body.error?.code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await proxy.restore();
    }
    const back = performance.now();
    let answer = await lookup(url);
    while (answer.status !== 200 && performance.now() - back < 5_000) answer = await lookup(url);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ condition: expect.objectContaining({ id: 'myoclonus' }) });
    expect(performance.now() - back).toBeLessThan(5_000);
  });

  it('replays the queries it has run before it serves again, so the first requests after an outage find them planned', async () => {
    const before = proxied.lastWarmUp;
    await lookup(url);
    await proxy.cut();
    try {
      expect((await lookup(url)).status).toBe(503);
    } finally {
      await proxy.restore();
    }
    const back = performance.now();
    while ((await lookup(url)).status !== 200 && performance.now() - back < 5_000);
    const warmUp = proxied.lastWarmUp;
    expect(warmUp).not.toBe(before);
    // A lookup alone runs several distinct queries (the condition, then its relations); all of them were replayed.
    expect(warmUp?.queries).toBeGreaterThanOrEqual(2);
    expect(warmUp?.completed).toBe(warmUp?.queries);
    expect(warmUp?.ms).toBeLessThan(2_500);
  });
});
