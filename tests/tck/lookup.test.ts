import { useTck } from './tck';

describe('TCK: concept and condition lookups', () => {
  const tck = useTck();

  it('condition(id) loads the concept through the concept loader: one UNWIND query', async () => {
    const { data, cypher } = await tck.run<{ condition: { id: string; name: string; kind: string } }>(
      '{ condition(id: "opsoclonus-myoclonus-syndrome") { id name kind } }',
    );
    expect(data.condition).toEqual({
      id: 'opsoclonus-myoclonus-syndrome',
      name: 'opsoclonus-myoclonus syndrome',
      kind: 'CONDITION',
    });
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["opsoclonus-myoclonus-syndrome"]"
`);
  });

  it('concept(id) for a body region sends the same query as condition(id)', async () => {
    const { data, cypher } = await tck.run<{ concept: { id: string; kind: string } }>(
      '{ concept(id: "uvula") { id kind } }',
    );
    expect(data.concept).toEqual({ id: 'uvula', kind: 'BODY_REGION' });
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["uvula"]"
`);
  });

  it('two concept lookups in one operation share one batch, ids in the order asked', async () => {
    const { data, sent, cypher } = await tck.run<Record<string, { id: string } | null>>(
      '{ a: concept(id: "neuroblastoma") { id } b: concept(id: "no-such-concept") { id } c: condition(id: "myoclonus") { id } }',
    );
    expect(data).toEqual({ a: { id: 'neuroblastoma' }, b: null, c: { id: 'myoclonus' } });
    expect(sent).toHaveLength(1);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["neuroblastoma","no-such-concept","myoclonus"]"
`);
  });

  it('conceptByXref looks the code up in the xref full-text index, as a quoted phrase', async () => {
    const { data, cypher } = await tck.run<{ conceptByXref: { id: string } | null }>(
      '{ conceptByXref(curie: "msh:d009207") { id } }',
    );
    expect(data.conceptByXref).toEqual({ id: 'myoclonus' });
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $phrase) YIELD node AS c
WITH c ORDER BY CASE WHEN toUpper(c.id) = $key THEN 0 ELSE 1 END, coalesce(c.obsolete, false),
                CASE WHEN c.seed THEN 0 ELSE 1 END, c.id
LIMIT 1
RETURN c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS c
-- $index = "concept_xref"
-- $key = "MESH:D009207"
-- $phrase = "\\"MESH:D009207\\"""
`);
  });

  it('conceptByXref with relationship fields primes the concept loader: no second lookup by id', async () => {
    const { data, cypher } = await tck.run<{
      conceptByXref: { id: string; synonyms: string[]; statements: Array<{ kind: string }> };
    }>('{ conceptByXref(curie: "HP:0001336") { id synonyms statements { kind } } }');
    expect(data.conceptByXref.id).toBe('myoclonus');
    expect(data.conceptByXref.statements.length).toBeGreaterThan(0);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $phrase) YIELD node AS c
WITH c ORDER BY CASE WHEN toUpper(c.id) = $key THEN 0 ELSE 1 END, coalesce(c.obsolete, false),
                CASE WHEN c.seed THEN 0 ELSE 1 END, c.id
LIMIT 1
RETURN c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS c
-- $index = "concept_xref"
-- $key = "HP:0001336"
-- $phrase = "\\"HP:0001336\\""

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (:Concept {id: id})-[:HAS_STATEMENT]->(s:Statement)
RETURN id AS key, s {.id, .kind, .claim, .population, .evidenceSources, .evidenceQuotes} AS statement,
       COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(s.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} } AS sources
ORDER BY key, s.kind, s.claim
-- $ids = ["myoclonus"]"
`);
  });
});
