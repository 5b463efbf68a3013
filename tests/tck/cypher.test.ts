import { ELEMENT_ID, useTck } from './tck';

interface CypherOut {
  cypher: { columns: string[]; rows: Array<Record<string, unknown>>; truncated: boolean; limit: number };
}

const CYPHER = `query ($query: String!, $params: JSON, $limit: Int) {
  cypher(query: $query, params: $params, limit: $limit) { columns rows truncated limit }
}`;

describe('TCK: the cypher field', () => {
  const tck = useTck();

  it('plans the analyst’s query (EXPLAIN), then runs it in the same read transaction, with its parameters', async () => {
    const { data, sent, cypher } = await tck.run<CypherOut>(CYPHER, {
      query: 'MATCH (c:Condition) WHERE c.id STARTS WITH $prefix RETURN c.id AS id ORDER BY id',
      params: { prefix: 'opsoclonus' },
      limit: 1,
    });
    expect(data.cypher).toEqual({
      columns: ['id'],
      rows: [{ id: 'opsoclonus' }],
      truncated: true,
      limit: 1,
    });
    // The transaction carries the request's id in its metadata and a timeout: checked in useTck, left out above.
    expect(sent.every((q) => q.timeout !== undefined && q.metadata !== undefined)).toBe(true);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ tx.run, fetch 2, timeout
-- metadata {"app":"myoclonus-cypher","requestId":"<request id>"}
EXPLAIN
MATCH (c:Condition) WHERE c.id STARTS WITH $prefix RETURN c.id AS id ORDER BY id
-- $prefix = "opsoclonus"

-- query 2: READ tx.run, fetch 2, timeout
-- metadata {"app":"myoclonus-cypher","requestId":"<request id>"}
MATCH (c:Condition) WHERE c.id STARTS WITH $prefix RETURN c.id AS id ORDER BY id
-- $prefix = "opsoclonus""
`);
  });

  it('whole numbers in params become integers; returned relationships have their ends looked up', async () => {
    const { data, sent, cypher } = await tck.run<CypherOut>(CYPHER, {
      query: 'MATCH (:Concept {id: $id})-[r:CAUSES]->() RETURN r LIMIT $n',
      params: { id: 'neuroblastoma', n: 1 },
    });
    expect(data.cypher.rows).toHaveLength(1);
    expect(data.cypher.rows[0]!.r).toMatchObject({
      type: 'CAUSES',
      start: 'neuroblastoma',
      end: 'faulty-immune-reaction',
    });
    // The ends of the relationship, looked up by their element ids (masked in the text below).
    expect(sent[2]!.params.ids).toEqual([
      expect.stringMatching(ELEMENT_ID),
      expect.stringMatching(ELEMENT_ID),
    ]);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ tx.run, fetch 1000, timeout
-- metadata {"app":"myoclonus-cypher","requestId":"<request id>"}
EXPLAIN
MATCH (:Concept {id: $id})-[r:CAUSES]->() RETURN r LIMIT $n
-- $id = "neuroblastoma"
-- $n = 1

-- query 2: READ tx.run, fetch 1000, timeout
-- metadata {"app":"myoclonus-cypher","requestId":"<request id>"}
MATCH (:Concept {id: $id})-[r:CAUSES]->() RETURN r LIMIT $n
-- $id = "neuroblastoma"
-- $n = 1

-- query 3: READ tx.run, fetch 1000, timeout
-- metadata {"app":"myoclonus-cypher","requestId":"<request id>"}
UNWIND $ids AS e MATCH (n) WHERE elementId(n) = e RETURN e, coalesce(n.id, e) AS id
-- $ids = ["<element id>","<element id>"]"
`);
  });
});
