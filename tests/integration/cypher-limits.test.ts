/**
 * The bounds of analysts' Cypher on the real Neo4j: a runaway query is stopped at its timeout while the service
 * keeps answering everyone else, large results are cut at the limit by streaming (never buffered), and every call
 * leaves one log line with parameter names but never their values.
 */
import type { Server } from 'node:http';
import pino from 'pino';
import { CypherError } from '../../src/cypher/cypher.errors';
import { DEFAULT_CYPHER_LIMITS } from '../../src/cypher/cypher.service';
import type { CypherResult } from '../../src/cypher/cypher.service';
import type { Database } from '../../src/neo4j/database';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';

const GENERATED = 3_000;
/**
 * A 3-way cartesian product of the 3,000 generated nodes: 2.7e10 combinations, filtered on unindexed names. The
 * first test measures the 2-way product and shows this cannot finish in the server's 30 s cap.
 */
const RUNAWAY =
  'MATCH (a:Generated), (b:Generated), (c:Generated) WHERE a.name < b.name AND b.name < c.name RETURN count(*) AS n';
const PAIRS = 'MATCH (a:Generated), (b:Generated) WHERE a.name < b.name RETURN count(*) AS n';
const CONCEPT = '{ concept(id: "myoclonus") { id name } }';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The error `promise` rejects with; fails the test when it resolves. */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected an error, got a result: ${JSON.stringify(value).slice(0, 300)}`);
    },
    (error: unknown) => error,
  );
}

interface TransactionRow {
  transactionId: string;
  currentQuery: string;
  status: string;
  metaData: { app?: string; requestId?: string } | null;
}

describe('Cypher limits on the real Neo4j', () => {
  let db: Database;
  let api: TestApi;
  let server: Server | undefined;
  let baseUrl = '';

  /** The transactions the Cypher endpoint has open on the server right now (by their metadata). */
  const cypherTransactions = async (): Promise<TransactionRow[]> => {
    const rows = await db.read<TransactionRow>(
      'SHOW TRANSACTIONS YIELD transactionId, currentQuery, status, metaData ' +
        'RETURN transactionId, currentQuery, status, metaData',
    );
    return rows.filter((r) => r.metaData?.app === 'myoclonus-cypher');
  };

  /** Bounded poll (about 3 s): the server ends a timed-out transaction asynchronously. */
  const expectNoCypherTransactions = async (): Promise<void> => {
    const deadline = performance.now() + 3_000;
    let open = await cypherTransactions();
    while (open.length > 0 && performance.now() < deadline) open = await cypherTransactions();
    expect(open).toEqual([]);
  };

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    await db.write(
      `UNWIND range(1, $count) AS i
       CREATE (:Concept:Condition:Generated {
         id: 'gen-runaway-' + i, name: 'Runaway condition ' + i, nameKey: 'runaway condition ' + i})`,
      { count: GENERATED },
    );
    // The server's own cap (config/neo4j.conf, 30 s) is under test here, so callers may ask for up to 30 s.
    api = await createTestApi(db, { cypher: { ...DEFAULT_CYPHER_LIMITS, maxTimeoutMs: 30_000 } });
  }, 120_000);

  afterAll(async () => {
    if (server) await close(server);
    await api?.stop();
    if (db) {
      await db.write("MATCH (n:Generated) WHERE n.id STARTS WITH 'gen-runaway-' DETACH DELETE n");
      await db.close();
    }
  });

  describe('a runaway query', () => {
    it('really cannot finish within the server cap of 30 s', async () => {
      const counted = await db.read<{ n: number }>(
        "MATCH (n:Generated) WHERE n.id STARTS WITH 'gen-runaway-' RETURN count(n) AS n",
      );
      expect(counted).toEqual([{ n: GENERATED }]);
      expect(await db.read<{ n: number }>('MATCH (n:Generated) RETURN count(n) AS n')).toEqual([
        { n: GENERATED },
      ]);

      // The 2-way product (9e6 pairs) runs to the end; the 3-way one does 3,000 times its work.
      const started = performance.now();
      const pairs = await api.cypher.run({ query: PAIRS, timeoutMs: 30_000 });
      const pairMillis = performance.now() - started;
      expect(pairs.rows).toEqual([{ n: (GENERATED * (GENERATED - 1)) / 2 }]);
      const estimated = pairMillis * GENERATED;
      console.log(
        `cypher-limits: 2-way product of ${GENERATED} nodes in ${pairMillis.toFixed(0)} ms; ` +
          `the 3-way runaway would need about ${(estimated / 1000).toFixed(0)} s`,
      );
      expect(estimated).toBeGreaterThan(30_000 * 3);
    }, 120_000);

    it('stops at a timeoutMs of 2000 with CYPHER_TIMEOUT', async () => {
      const started = performance.now();
      const error = await errorOf(api.cypher.run({ query: RUNAWAY, timeoutMs: 2_000 }));
      const millis = performance.now() - started;
      console.log(`cypher-limits: time-to-timeout with timeoutMs 2000: ${millis.toFixed(0)} ms`);
      expect(error).toBeInstanceOf(CypherError);
      expect((error as CypherError).code).toBe('CYPHER_TIMEOUT');
      expect((error as CypherError).message).toContain('2000 ms');
      expect(millis).toBeGreaterThanOrEqual(2_000);
      expect(millis).toBeLessThan(2_000 + 3_000);
      await expectNoCypherTransactions();
    }, 120_000);

    it('stops at the default timeout when the caller gives none', async () => {
      const { defaultTimeoutMs } = api.cypher.limits;
      expect(defaultTimeoutMs).toBe(5_000);
      const started = performance.now();
      const error = await errorOf(api.cypher.run({ query: RUNAWAY }));
      const millis = performance.now() - started;
      console.log(`cypher-limits: time-to-timeout with the default timeout: ${millis.toFixed(0)} ms`);
      expect(error).toBeInstanceOf(CypherError);
      expect((error as CypherError).code).toBe('CYPHER_TIMEOUT');
      expect(millis).toBeGreaterThanOrEqual(defaultTimeoutMs);
      expect(millis).toBeLessThan(defaultTimeoutMs + 4_000);
      await expectNoCypherTransactions();
    }, 120_000);

    it('does not hold up other requests while it runs, and answers 504 over HTTP', async () => {
      ({ server, url: baseUrl } = await listen(api));
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        postJson<unknown>(`${baseUrl}${path}`, body, headers);

      const requestId = `runaway-${process.pid}-${Date.now()}`;
      let settled = false;
      const timeoutMs = 6_000;
      const runawayStarted = performance.now();
      const runaway = post('/cypher', { query: RUNAWAY, timeoutMs }, { 'x-request-id': requestId })
        .then((res) => ({ status: res.status, body: res.body }))
        .finally(() => {
          settled = true;
        });
      // Awaited below; this only keeps an early failure of the test from leaving an unhandled rejection behind.
      runaway.catch(() => undefined);

      // Wait (bounded) until Neo4j runs the runaway itself, past its EXPLAIN: from then on it is in flight.
      const deadline = performance.now() + 5_000;
      let running = false;
      while (!running && !settled && performance.now() < deadline) {
        const open = await cypherTransactions();
        running = open.some(
          (t) => t.metaData?.requestId === requestId && t.currentQuery.startsWith('MATCH (a:'),
        );
      }
      expect(running).toBe(true);

      const graphqlMillis: number[] = [];
      const cypherMillis: number[] = [];
      for (let i = 0; i < 5; i++) {
        let started = performance.now();
        const graphql = await post('/graphql', { query: CONCEPT });
        graphqlMillis.push(performance.now() - started);
        expect(graphql.status).toBe(200);
        expect(graphql.body).toEqual({ data: { concept: { id: 'myoclonus', name: 'myoclonus' } } });
        expect(settled).toBe(false);

        started = performance.now();
        const cypher = await post('/cypher', {
          query: 'MATCH (c:Concept {id: $id}) RETURN c.id AS id, $i AS i',
          params: { id: 'myoclonus', i },
        });
        cypherMillis.push(performance.now() - started);
        expect(cypher.status).toBe(200);
        const body = cypher.body as CypherResult;
        expect(body.rows).toEqual([{ id: 'myoclonus', i }]);
        expect(settled).toBe(false);
      }
      // Still in flight on the server after the last of them.
      expect((await cypherTransactions()).some((t) => t.metaData?.requestId === requestId)).toBe(true);
      expect(settled).toBe(false);
      const all = [...graphqlMillis, ...cypherMillis];
      console.log(
        `cypher-limits: ${all.length} requests during the runaway: median ${median(all).toFixed(1)} ms, ` +
          `max ${Math.max(...all).toFixed(1)} ms (GraphQL median ${median(graphqlMillis).toFixed(1)} ms, ` +
          `POST /cypher median ${median(cypherMillis).toFixed(1)} ms)`,
      );

      const answer = await runaway;
      const runawayMillis = performance.now() - runawayStarted;
      console.log(
        `cypher-limits: runaway over HTTP (timeoutMs ${timeoutMs}) answered after ${runawayMillis.toFixed(0)} ms`,
      );
      expect(answer).toEqual({
        status: 504,
        body: { error: { code: 'CYPHER_TIMEOUT', message: expect.stringContaining(`${timeoutMs} ms`) } },
      });
      expect(runawayMillis).toBeGreaterThanOrEqual(timeoutMs);
      await expectNoCypherTransactions();
    }, 120_000);
  });

  describe('large results', () => {
    it('cuts 100,000 rows at the default limit of 1,000, in order, with a CYPHER_TRUNCATED notice', async () => {
      const started = performance.now();
      const result = await api.cypher.run({ query: 'UNWIND range(1, 100000) AS i RETURN i' });
      const millis = performance.now() - started;
      console.log(
        `cypher-limits: 100k rows truncated to ${result.rows.length} in ${millis.toFixed(1)} ms ` +
          `(service millis ${result.millis})`,
      );
      expect(result.limit).toBe(api.cypher.limits.defaultRows);
      expect(result.limit).toBe(1_000);
      expect(result.truncated).toBe(true);
      expect(result.columns).toEqual(['i']);
      expect(result.rows).toEqual(Array.from({ length: 1_000 }, (_, k) => ({ i: k + 1 })));
      expect(result.notices[0]).toEqual({
        code: 'CYPHER_TRUNCATED',
        message: expect.stringContaining('1000'),
      });
    }, 120_000);

    it.each([10, 10_000])(
      'streams: a billion rows with limit %i come back at once, truncated',
      async (limit) => {
        expect(api.cypher.limits.maxRows).toBe(10_000);
        const result = await api.cypher.run({ query: 'UNWIND range(1, 1000000000) AS i RETURN i', limit });
        expect(result.truncated).toBe(true);
        expect(result.limit).toBe(limit);
        expect(result.rows).toHaveLength(limit);
        expect(result.rows[0]).toEqual({ i: 1 });
        expect(result.rows[limit - 1]).toEqual({ i: limit });
        // Fetching a billion rows could never finish within the default timeout: stopping at the limit did.
        expect(result.millis).toBeLessThan(5_000);
        console.log(`cypher-limits: a billion rows with limit ${limit}: ${result.millis} ms`);
        // And the rest was discarded on the server: no transaction of the endpoint is left running.
        await expectNoCypherTransactions();
      },
      120_000,
    );

    it('does not call exactly `limit` rows truncated, and does call `limit + 1`', async () => {
      const exact = await api.cypher.run({ query: 'UNWIND range(1, 50) AS i RETURN i', limit: 50 });
      expect(exact.truncated).toBe(false);
      expect(exact.rows).toEqual(Array.from({ length: 50 }, (_, k) => ({ i: k + 1 })));
      expect(exact.notices.map((n) => n.code)).not.toContain('CYPHER_TRUNCATED');

      const over = await api.cypher.run({ query: 'UNWIND range(1, 51) AS i RETURN i', limit: 50 });
      expect(over.truncated).toBe(true);
      expect(over.rows).toEqual(exact.rows);
      expect(over.notices.map((n) => n.code)).toContain('CYPHER_TRUNCATED');
    });
  });

  describe('the log', () => {
    const SECRET = 'sk-live-7f3a9c1e-DO-NOT-LOG';
    let lines: string[];
    let logged: TestApi;

    beforeAll(async () => {
      lines = [];
      const logger = pino(
        { level: 'info' },
        {
          write(line: string) {
            lines.push(line);
          },
        },
      );
      logged = await createTestApi(db, { logger });
    });

    afterAll(async () => {
      await logged?.stop();
    });

    /** The one 'cypher' log line written since the last call; fails unless there is exactly one. */
    const cypherLine = (): Record<string, unknown> => {
      const entries = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'cypher');
      expect(entries).toHaveLength(1);
      return entries[0]!;
    };

    it('logs a successful call: query, parameter names (not values), millis, rows, outcome ok', async () => {
      lines.length = 0;
      const query = "MATCH (c:Concept {id: $id}) WHERE $token <> '' RETURN c.name AS name";
      const result = await logged.cypher.run({ query, params: { id: 'myoclonus', token: SECRET } });
      expect(result.rows).toHaveLength(1);
      const entry = cypherLine();
      expect(entry).toMatchObject({ query, paramNames: ['id', 'token'], rows: 1, outcome: 'ok' });
      expect(typeof entry.millis).toBe('number');
      expect(lines.join('\n')).not.toContain(SECRET);
    });

    it('logs a refused call with its error code as the outcome, without parameter values', async () => {
      lines.length = 0;
      const query = 'CREATE (:Intruder {token: $token}) RETURN 1 AS x';
      const error = await errorOf(logged.cypher.run({ query, params: { token: SECRET } }));
      expect((error as CypherError).code).toBe('CYPHER_WRITE_REFUSED');
      const entry = cypherLine();
      expect(entry).toMatchObject({ query, paramNames: ['token'], rows: 0, outcome: 'CYPHER_WRITE_REFUSED' });
      expect(typeof entry.millis).toBe('number');
      expect(lines.join('\n')).not.toContain(SECRET);
    });

    it('does not log a parameter value that Neo4j echoes in its error message', async () => {
      lines.length = 0;
      const error = await errorOf(
        logged.cypher.run({ query: 'RETURN date($token) AS d', params: { token: SECRET } }),
      );
      expect((error as CypherError).code).toBe('CYPHER_SYNTAX_ERROR');
      expect(cypherLine()).toMatchObject({ paramNames: ['token'], outcome: 'CYPHER_SYNTAX_ERROR' });
      expect(lines.join('\n')).not.toContain(SECRET);
    });
  });
});
