import type { Server } from 'node:http';
import type { Database } from '../../src/neo4j/database';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { loadCypherExamples } from '../helpers/cypher-examples';
import type { CypherExample } from '../helpers/cypher-examples';
import { graphChecksum, openTestDatabase, resetToSeed } from '../helpers/db';
import { postJson } from '../helpers/http';

interface CypherData {
  cypher: {
    columns: string[];
    rows: Array<Record<string, unknown>>;
    truncated: boolean;
    limit: number;
    millis: number;
    notices: Array<{ code: string; message: string }>;
  };
}

const CYPHER = `query ($query: String!, $params: JSON, $limit: Int, $timeoutMs: Int) {
  cypher(query: $query, params: $params, limit: $limit, timeoutMs: $timeoutMs) {
    columns rows truncated limit millis notices { code message }
  }
}`;

describe('read-only Cypher through GraphQL and POST /cypher', () => {
  let db: Database;
  let api: TestApi;
  let server: Server;
  let base: string;
  let examples: CypherExample[];

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
    examples = await loadCypherExamples();
    ({ server, url: base } = await listen(api));
  });

  afterAll(async () => {
    await close(server);
    await api.stop();
    await db.close();
  });

  async function gql(variables: Record<string, unknown>) {
    return api.run<CypherData>(CYPHER, variables);
  }

  const post = (body: unknown, contentType = 'application/json') =>
    postJson(`${base}/cypher`, body, { 'content-type': contentType });

  describe('the example library (examples/cypher/)', () => {
    it('holds the four queries analysts asked for, each documented', () => {
      const titles = examples.map((e) => e.title.toLowerCase());
      for (const wanted of [
        'conditions sharing a cause with x',
        'all causal paths into myoclonus up to depth 4',
        'body regions by number of conditions',
        'concepts without evidence',
      ]) {
        expect(titles).toContain(wanted);
      }
      for (const example of examples) expect(example.description.length).toBeGreaterThan(30);
    });

    it('runs every example through the GraphQL cypher query: rows where expected, none where not', async () => {
      expect(examples.length).toBeGreaterThanOrEqual(8);
      for (const example of examples) {
        const result = await gql({ query: example.query, params: example.params });
        expect({ file: example.file, errors: result.errors }).toEqual({
          file: example.file,
          errors: undefined,
        });
        const { rows, truncated } = result.data!.cypher;
        expect({ file: example.file, truncated }).toEqual({ file: example.file, truncated: false });
        if (example.expect === 'rows')
          expect({ file: example.file, some: rows.length > 0 }).toEqual({ file: example.file, some: true });
        else expect({ file: example.file, rows }).toEqual({ file: example.file, rows: [] });
      }
    });

    it('"concepts without evidence" finds a concept that lost its quotes (so its empty answer means something)', async () => {
      const example = examples.find((e) => e.file === 'concepts-without-evidence.cypher')!;
      await db.write(`MATCH (c:Concept {id: 'ear'}) SET c.evidenceQuotes = []`);
      try {
        const result = await api.cypher.run({ query: example.query });
        expect(result.rows).toEqual([{ id: 'ear', labels: ['Concept', 'BodyRegion'] }]);
      } finally {
        await resetToSeed(db);
      }
    });

    it('answers the questions with the seed facts', async () => {
      const byFile = async (file: string) => {
        const example = examples.find((e) => e.file === file)!;
        return (await api.cypher.run({ query: example.query, params: example.params })).rows;
      };
      const sharing = await byFile('conditions-sharing-a-cause.cypher');
      expect(sharing.map((r) => r.cause)).toContain('inheritance');
      const paths = await byFile('causal-paths-into-myoclonus.cypher');
      expect(paths.every((r) => (r.chain as string[]).at(-1) === 'myoclonus')).toBe(true);
      expect(paths.map((r) => r.length)).toEqual([...paths.map((r) => r.length as number)].sort());
      expect(Math.max(...paths.map((r) => r.length as number))).toBeLessThanOrEqual(4);
      const regions = await byFile('body-regions-by-condition-count.cypher');
      const counts = regions.map((r) => r.conditions as number);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      const ear = regions.find((r) => r.region === 'ear')!;
      expect(ear.conditions).toBeGreaterThanOrEqual(1); // middle ear myoclonus, through the tensor tympani
    });
  });

  describe('results', () => {
    it('turns nodes, relationships and paths into plain JSON that names concepts by their stable ids', async () => {
      const result = await gql({
        query: `MATCH p = (cause:Concept {id: 'faulty-immune-reaction'})-[r:CAUSES]->(oms:Concept {id: $id})
                RETURN oms, r, p, 42 AS answer, [1.5, 'a'] AS list`,
        params: { id: 'opsoclonus-myoclonus-syndrome' },
      });
      expect(result.errors).toBeUndefined();
      const { columns, rows, truncated, limit, millis } = result.data!.cypher;
      expect(columns).toEqual(['oms', 'r', 'p', 'answer', 'list']);
      expect(truncated).toBe(false);
      expect(limit).toBe(1000);
      expect(millis).toBeGreaterThan(0);
      expect(rows).toHaveLength(1);
      const row = rows[0] as {
        oms: { id: string; elementId: string; labels: string[]; properties: Record<string, unknown> };
        r: { type: string; start: string; end: string; properties: { evidenceQuotes: string[] } };
        p: {
          length: number;
          nodes: Array<{ id: string }>;
          relationships: Array<{ type: string; start: string }>;
        };
        answer: number;
        list: unknown[];
      };
      expect(row.oms.id).toBe('opsoclonus-myoclonus-syndrome');
      expect(row.oms.labels).toContain('Condition');
      expect(row.oms.properties.name).toBe('opsoclonus-myoclonus syndrome');
      expect(typeof row.oms.elementId).toBe('string');
      expect(row.r).toMatchObject({
        type: 'CAUSES',
        start: 'faulty-immune-reaction',
        end: 'opsoclonus-myoclonus-syndrome',
      });
      expect(row.r.properties.evidenceQuotes[0]).toMatch(/immune system/);
      expect(row.p.length).toBe(1);
      expect(row.p.nodes.map((n) => n.id)).toEqual([
        'faulty-immune-reaction',
        'opsoclonus-myoclonus-syndrome',
      ]);
      expect(row.p.relationships[0]).toMatchObject({ type: 'CAUSES', start: 'faulty-immune-reaction' });
      expect(row.answer).toBe(42);
      expect(row.list).toEqual([1.5, 'a']);
    });

    it('names the ends of a relationship returned without its nodes', async () => {
      const { rows } = await api.cypher.run({
        query: `MATCH (:Concept {id: 'middle-ear-myoclonus'})-[r:AFFECTS]->() RETURN r`,
      });
      expect(rows).toEqual([
        expect.objectContaining({
          r: expect.objectContaining({
            type: 'AFFECTS',
            start: 'middle-ear-myoclonus',
            end: 'tensor-tympani',
          }),
        }),
      ]);
    });

    it('passes whole numbers as integers and other values as they are, never into the query text', async () => {
      const { rows } = await api.cypher.run({
        query: 'MATCH (c:Condition) RETURN c.id AS id ORDER BY id LIMIT $n',
        params: { n: 3 },
      });
      expect(rows).toHaveLength(3);
      const echoed = await api.cypher.run({
        query: 'RETURN $s AS s, $f AS f, $list AS list, $map.k AS k, $nothing AS nothing',
        params: { s: "x'}) DETACH DELETE n //", f: 0.25, list: [1, 'two'], map: { k: true }, nothing: null },
      });
      expect(echoed.rows).toEqual([
        { s: "x'}) DETACH DELETE n //", f: 0.25, list: [1, 'two'], k: true, nothing: null },
      ]);
    });

    it('passes Neo4j notifications on, such as a cartesian product warning', async () => {
      const { notices } = await api.cypher.run({
        query: 'MATCH (a:BodyRegion), (b:Cause) RETURN count(*) AS n',
      });
      expect(notices.map((n) => n.code)).toContain('Neo.ClientNotification.Statement.CartesianProduct');
    });
  });

  describe('errors in GraphQL', () => {
    it.each([
      ['RETURN 1 +', 'CYPHER_SYNTAX_ERROR', /line 1, column 11/],
      ['MATCH (n)\nRETURN m', 'CYPHER_SYNTAX_ERROR', /Variable `m` not defined \(line 2, column 8/],
      ['CREATE (n:Intruder) RETURN n', 'CYPHER_WRITE_REFUSED', /Only read-only queries/],
      ["LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line RETURN line", 'CYPHER_REFUSED', /LOAD CSV/],
      ['RETURN $missing AS m', 'CYPHER_SYNTAX_ERROR', /missing/],
      ['RETURN 1 / 0 AS x', 'CYPHER_EXECUTION_ERROR', /by zero/],
    ])('%s → %s', async (query, code, message) => {
      const before = await graphChecksum(db);
      const result = await gql({ query });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.extensions).toEqual({ code });
      expect(error!.message).toMatch(message);
      expect(error!.message).not.toMatch(/Neo4jError|org\.neo4j|java\.|\n\s+at /);
      expect(await graphChecksum(db)).toEqual(before);
    });

    it.each([
      [{ limit: 0 }, /limit must be a whole number from 1 to 10000/],
      [{ limit: 10_001 }, /limit must be a whole number from 1 to 10000/],
      [{ timeoutMs: 8_001 }, /timeoutMs must be a whole number from 1 to 8000/],
      [{ params: [1, 2] }, /params must be a JSON object/],
      [{ params: { 'bad name': 1 } }, /parameter name "bad name" is not valid/],
      [{ query: '   ' }, /query must be a non-empty string/],
    ])('rejects bad arguments %j with BAD_USER_INPUT', async (variables, message) => {
      const result = await gql({ query: 'RETURN 1 AS one', ...variables });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(result.errors?.[0]?.message).toMatch(message);
    });

    it('reports truncation in the result, with a notice', async () => {
      const result = await gql({ query: 'UNWIND range(1, 20) AS i RETURN i', limit: 5 });
      const { rows, truncated, notices } = result.data!.cypher;
      expect(rows).toEqual([1, 2, 3, 4, 5].map((i) => ({ i })));
      expect(truncated).toBe(true);
      expect(notices[0]).toEqual({
        code: 'CYPHER_TRUNCATED',
        message: expect.stringMatching(/more than 5 rows/),
      });
    });
  });

  describe('POST /cypher', () => {
    it('answers JSON with the same result as GraphQL', async () => {
      const example = examples.find((e) => e.file === 'body-regions-by-condition-count.cypher')!;
      const { status, body } = await post({ query: example.query, params: example.params, limit: 3 });
      expect(status).toBe(200);
      const viaGraphQL = (await gql({ query: example.query, params: example.params, limit: 3 })).data!.cypher;
      expect({ ...body, millis: 0 }).toEqual({ ...viaGraphQL, millis: 0 });
      expect(body.truncated).toBe(true);
    });

    it.each([
      [{ query: 'MATCH (n) DETACH DELETE n' }, 403, 'CYPHER_WRITE_REFUSED'],
      [{ query: 'SHOW USERS' }, 403, 'CYPHER_WRITE_REFUSED'],
      [{ query: 'CALL db.clearQueryCaches()' }, 403, 'CYPHER_WRITE_REFUSED'],
      [{ query: 'MATCH (n) RETURN n.' }, 400, 'CYPHER_SYNTAX_ERROR'],
      [{ query: 'RETURN 1', limit: -1 }, 400, 'BAD_USER_INPUT'],
      [{ query: 'RETURN 1', limit: '10' }, 400, 'BAD_USER_INPUT'],
      [{ query: 'RETURN 1', extra: true }, 400, 'BAD_USER_INPUT'],
      [{ query: 'RETURN 1' + ' '.repeat(10_000) }, 413, 'CYPHER_QUERY_TOO_LONG'],
      [{}, 400, 'BAD_USER_INPUT'],
      [[{ query: 'RETURN 1' }], 400, 'BAD_USER_INPUT'],
    ])('%j → %d %s', async (request, status, code) => {
      const before = await graphChecksum(db);
      const response = await post(request);
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(JSON.stringify(response.body)).not.toMatch(/Neo4jError|org\.neo4j|java\.|\\n\s+at /);
      expect(await graphChecksum(db)).toEqual(before);
    });

    it('accepts only JSON bodies (a form post from another site is refused) and says so for malformed JSON', async () => {
      const form = await post('query=MATCH+(n)+DETACH+DELETE+n', 'application/x-www-form-urlencoded');
      expect(form.status).toBe(415);
      expect(form.body).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) } });
      const text = await post('RETURN 1', 'text/plain');
      expect(text.status).toBe(415);
      const broken = await post('{"query": ', 'application/json');
      expect(broken.status).toBe(400);
      expect(JSON.stringify(broken.body)).toMatch(/not valid JSON/);
    });
  });
});
