import type { Server } from 'node:http';
import { createDriver, Database } from '../../src/neo4j/database';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';

const postGraphQL = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  postJson(`${url}/graphql`, body, headers);

describe('HTTP endpoints', () => {
  let db: Database;
  let api: TestApi;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db, { queryStats: true });
    ({ server, url } = await listen(api));
  });

  afterAll(async () => {
    await close(server);
    await api.stop();
    await db.close();
  });

  it('answers GET /health while the process is up', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /ready with 200 when Neo4j answers and the schema is applied', async () => {
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', neo4j: true, schema: true });
  });

  it('serves POST /graphql as JSON, with queryStats in the extensions', async () => {
    const { status, body } = await postGraphQL(url, { query: '{ condition(id: "myoclonus") { name } }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ condition: { name: 'myoclonus' } });
    expect(body.extensions).toEqual({ queryStats: { roundTrips: 1, dbMillis: expect.any(Number) } });
  });

  it('keeps CSRF prevention on: a simple GET request without a preflight header is refused', async () => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ sources { id } }')}`);
    expect(response.status).toBe(400);
  });

  it('answers malformed JSON and unknown fields with 400 and no stack trace', async () => {
    const malformed = await postGraphQL(url, '{"query": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    const unknown = await postGraphQL(url, { query: '{ nothing }' });
    expect(unknown.status).toBe(400);
    const errors = unknown.body.errors as Array<{ message: string; extensions: Record<string, unknown> }>;
    expect(errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0]?.extensions.stacktrace).toBeUndefined();
  });

  describe('when Neo4j cannot be reached', () => {
    let downDb: Database;
    let downApi: TestApi;
    let down: { server: Server; url: string };

    beforeAll(async () => {
      // Nothing listens on port 1; retries are cut short so the test does not wait for the default 30 s.
      downDb = new Database(
        createDriver(
          { uri: 'bolt://127.0.0.1:1', username: 'neo4j', password: 'irrelevant', database: 'neo4j' },
          { maxTransactionRetryTime: 500, connectionTimeout: 1000 },
        ),
        'neo4j',
      );
      downApi = await createTestApi(downDb);
      down = await listen(downApi);
    });

    afterAll(async () => {
      await close(down.server);
      await downApi.stop();
      await downDb.close();
    });

    it('still answers /health but /ready says 503', async () => {
      expect((await fetch(`${down.url}/health`)).status).toBe(200);
      const ready = await fetch(`${down.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', neo4j: false, schema: false });
    });

    it('answers queries with DATABASE_UNAVAILABLE and no driver details', async () => {
      const { body } = await postGraphQL(down.url, { query: '{ concept(id: "myoclonus") { id } }' });
      const errors = body.errors as Array<{ message: string; extensions: Record<string, unknown> }>;
      expect(errors[0]?.extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Neo4jError|bolt/i);
    });
  });
});
