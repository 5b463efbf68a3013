import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createDriver, Database } from '../../src/neo4j/database';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  endpoint?: string;
  operationName?: string;
  durationMs?: number;
  roundTrips?: number;
  dbMillis?: number;
  outcome?: string;
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;

/** A pino logger writing JSON lines into `lines`, as the service's logger writes them to stdout. */
function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** The `request` lines of one request id (the log line of each HTTP request). */
function requestLines(lines: readonly string[], requestId: string): Array<LogLine & { raw: string }> {
  return lines
    .map((raw) => ({ raw, ...(JSON.parse(raw) as LogLine) }))
    .filter((l) => l.msg === 'request' && l.requestId === requestId);
}

const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  postJson<unknown>(`${url}${path}`, body, headers);

/** The value of one sample of the Prometheus text (`name{labels} value`); 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const NAMED = 'query ConditionName($id: ID!) { condition(id: $id) { name causes { node { id } } } }';
/** A value that must never reach the log (variables can describe a person's health). */
const SECRET_ID = 'opsoclonus-myoclonus-syndrome';

describe('request logs and Prometheus metrics', () => {
  let db: Database;
  let api: TestApi;
  let server: Server;
  let url: string;
  let lines: string[];

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    const memory = memoryLogger();
    lines = memory.lines;
    api = await createTestApi(db, { logger: memory.logger });
    ({ server, url } = await listen(api));
  });

  afterAll(async () => {
    await close(server);
    await api.stop();
    await db.close();
  });

  const metricsText = async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    return { contentType: response.headers.get('content-type'), text: await response.text() };
  };

  it('writes one info line per named query with its id, name, duration, round trips and outcome, and no variables', async () => {
    const { status, headers, body } = await post(
      url,
      '/graphql',
      { query: NAMED, operationName: 'ConditionName', variables: { id: SECRET_ID } },
      { 'x-request-id': 'obs-named-1' },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ data: { condition: { name: 'opsoclonus-myoclonus syndrome' } } });
    expect(headers.get('x-request-id')).toBe('obs-named-1');
    const logged = requestLines(lines, 'obs-named-1');
    expect(logged).toHaveLength(1);
    const line = logged[0]!;
    expect(line).toMatchObject({
      level: INFO,
      endpoint: 'graphql',
      operationName: 'ConditionName',
      outcome: 'ok',
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs).toBeGreaterThan(0);
    // condition(id) and then its causes: two batched queries.
    expect(line.roundTrips).toBe(2);
    expect(line.dbMillis).toBeGreaterThan(0);
    expect(line.raw).not.toContain(SECRET_ID);
    expect(line.raw).not.toContain('causes');
    expect(line.raw).not.toMatch(/variables|"query"/);
    // No other line of the run carries the variable's value either.
    expect(lines.join('\n')).not.toContain(SECRET_ID);
  });

  it('collects round trips even with QUERY_STATS off: the response has no queryStats', async () => {
    const { body } = await post(url, '/graphql', { query: '{ condition(id: "myoclonus") { name } }' });
    expect((body as { extensions?: unknown }).extensions).toBeUndefined();
  });

  it('gives a request without a usable X-Request-Id a new id, in the header and the log', async () => {
    const { headers } = await post(
      url,
      '/graphql',
      { query: 'query Plain { sources { id } }' },
      { 'x-request-id': 'not a valid id!' },
    );
    const id = headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines(lines, id)).toEqual([
      expect.objectContaining({ operationName: 'Plain', outcome: 'ok', level: INFO }),
    ]);
  });

  it('logs a refused query at warn with its code and no round trips', async () => {
    await post(
      url,
      '/graphql',
      { query: 'query Broken { nothing }' },
      { 'x-request-id': 'obs-unknown-field' },
    );
    expect(requestLines(lines, 'obs-unknown-field')).toEqual([
      expect.objectContaining({
        level: WARN,
        operationName: 'Broken',
        outcome: 'GRAPHQL_VALIDATION_FAILED',
        roundTrips: 0,
      }),
    ]);
    const deep = `query Deep { condition(id: "myoclonus") { ${'causes { node { ... on GeneralCondition { '.repeat(6)} id ${'} } }'.repeat(6)} } }`;
    const { status } = await post(url, '/graphql', { query: deep }, { 'x-request-id': 'obs-too-deep' });
    expect(status).toBe(400);
    expect(requestLines(lines, 'obs-too-deep')).toEqual([
      expect.objectContaining({
        level: WARN,
        operationName: 'Deep',
        outcome: 'QUERY_TOO_DEEP',
        roundTrips: 0,
      }),
    ]);
  });

  it('logs refusals sent before Apollo runs: malformed JSON and a batch', async () => {
    await post(url, '/graphql', '{"query": ', { 'x-request-id': 'obs-malformed' });
    expect(requestLines(lines, 'obs-malformed')).toEqual([
      expect.objectContaining({ level: WARN, operationName: 'anonymous', outcome: 'BAD_REQUEST' }),
    ]);
    await post(url, '/graphql', [{ query: '{ sources { id } }' }], { 'x-request-id': 'obs-batch' });
    expect(requestLines(lines, 'obs-batch')).toEqual([
      expect.objectContaining({ level: WARN, outcome: 'BATCHED_REQUESTS_DISABLED' }),
    ]);
  });

  it('logs POST /cypher as operation cypher_http with its round trips, and a refusal with its code', async () => {
    const ok = await post(
      url,
      '/cypher',
      { query: 'MATCH (c:Concept {id: $id}) RETURN c.name AS name', params: { id: SECRET_ID } },
      { 'x-request-id': 'obs-cypher-ok' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('obs-cypher-ok');
    const [line] = requestLines(lines, 'obs-cypher-ok');
    expect(line).toMatchObject({
      level: INFO,
      endpoint: 'cypher',
      operationName: 'cypher_http',
      outcome: 'ok',
    });
    // EXPLAIN, then the query itself.
    expect(line?.roundTrips).toBe(2);
    expect(line?.raw).not.toContain(SECRET_ID);
    expect(line?.raw).not.toContain('MATCH');

    const refused = await post(
      url,
      '/cypher',
      { query: 'CREATE (n:X) RETURN n' },
      { 'x-request-id': 'obs-write' },
    );
    expect(refused.status).toBe(403);
    expect(requestLines(lines, 'obs-write')).toEqual([
      expect.objectContaining({ level: WARN, operationName: 'cypher_http', outcome: 'CYPHER_WRITE_REFUSED' }),
    ]);
  });

  it('serves GET /metrics: counters, latency and round-trip histograms by operation, errors by code', async () => {
    const before = (await metricsText()).text;
    const okSeries = 'ontology_requests_total{operation="ConditionName",outcome="ok"}';
    const countSeries = 'ontology_request_duration_seconds_count{operation="ConditionName"}';
    const tripsSeries = 'ontology_neo4j_round_trips_sum{operation="ConditionName"}';
    const errorSeries = 'ontology_request_errors_total{operation="Broken",code="GRAPHQL_VALIDATION_FAILED"}';
    const cypherSeries = 'ontology_requests_total{operation="cypher_http",outcome="ok"}';
    for (let i = 0; i < 3; i++) {
      await post(url, '/graphql', { query: NAMED, variables: { id: 'myoclonus' } });
    }
    await post(url, '/graphql', { query: 'query Broken { nothing }' });
    await post(url, '/cypher', { query: 'RETURN 1 AS one' });

    const { contentType, text } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, okSeries) - sample(before, okSeries)).toBe(3);
    expect(sample(text, countSeries) - sample(before, countSeries)).toBe(3);
    expect(sample(text, 'ontology_request_duration_seconds_bucket{le="10",operation="ConditionName"}')).toBe(
      sample(text, countSeries),
    );
    expect(text).toContain('# TYPE ontology_request_duration_seconds histogram');
    expect(sample(text, errorSeries) - sample(before, errorSeries)).toBe(1);
    expect(
      sample(text, 'ontology_requests_total{operation="Broken",outcome="client_error"}'),
    ).toBeGreaterThan(0);
    // Two batched queries per request.
    expect(sample(text, tripsSeries) - sample(before, tripsSeries)).toBe(6);
    expect(text).toContain('# TYPE ontology_neo4j_round_trips histogram');
    expect(sample(text, cypherSeries) - sample(before, cypherSeries)).toBe(1);
    // prom-client's default process metrics.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    // No query text or variable values in the labels.
    expect(text).not.toContain('myoclonus');
  });

  it('keeps the registry per app: a second app starts from zero', async () => {
    const other = await createTestApi(db);
    try {
      const text = await other.metrics!.text();
      expect(sample(text, 'ontology_requests_total{operation="ConditionName",outcome="ok"}')).toBe(0);
      expect(text).toContain('# TYPE ontology_requests_total counter');
    } finally {
      await other.stop();
    }
  });

  it('has no /metrics with METRICS_ENABLED=false, and still logs', async () => {
    const memory = memoryLogger();
    const off = await createTestApi(db, { metricsEnabled: false, logger: memory.logger });
    const served = await listen(off);
    try {
      expect(off.metrics).toBeUndefined();
      expect((await fetch(`${served.url}/metrics`)).status).toBe(404);
      await post(
        served.url,
        '/graphql',
        { query: 'query Q { sources { id } }' },
        { 'x-request-id': 'obs-off' },
      );
      expect(requestLines(memory.lines, 'obs-off')).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    } finally {
      await close(served.server);
      await off.stop();
    }
  });

  it('logs the outage once at error level, its requests as warnings, and counts them as server_error, when Neo4j cannot be reached', async () => {
    const memory = memoryLogger();
    // Nothing listens on port 1; retries are cut short.
    const downDb = new Database(
      createDriver(
        { uri: 'bolt://127.0.0.1:1', username: 'neo4j', password: 'irrelevant', database: 'neo4j' },
        { maxTransactionRetryTime: 500, connectionTimeout: 1000 },
      ),
      'neo4j',
    );
    const down = await createTestApi(downDb, { logger: memory.logger });
    const served = await listen(down);
    try {
      await post(
        served.url,
        '/graphql',
        { query: 'query Down { concept(id: "myoclonus") { id } }' },
        {
          'x-request-id': 'obs-down',
        },
      );
      await post(served.url, '/graphql', { query: 'query Down { concept(id: "myoclonus") { id } }' });
      expect(requestLines(memory.lines, 'obs-down')).toEqual([
        expect.objectContaining({ level: WARN, operationName: 'Down', outcome: 'DATABASE_UNAVAILABLE' }),
      ]);
      const outage = memory.lines
        .map((raw) => JSON.parse(raw) as LogLine & { neo4j?: string })
        .filter((line) => line.neo4j === 'unreachable');
      expect(outage).toEqual([expect.objectContaining({ level: ERROR })]);
      const text = await down.metrics!.text();
      expect(sample(text, 'ontology_requests_total{operation="Down",outcome="server_error"}')).toBe(2);
      expect(
        sample(text, 'ontology_request_errors_total{operation="Down",code="DATABASE_UNAVAILABLE"}'),
      ).toBe(2);
    } finally {
      await close(served.server);
      await down.stop();
      await downDb.close();
    }
  });
});
