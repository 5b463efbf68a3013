import { useTck } from './tck';

interface Evidence {
  quote: string;
  source: { id: string; title: string };
}

describe('TCK: evidence and sources', () => {
  const tck = useTck();

  it('a concept’s evidence comes with the concept; its sources are loaded once, in one batch', async () => {
    const { data, cypher } = await tck.run<{ condition: { evidence: Evidence[] } }>(
      '{ condition(id: "myoclonus") { evidence { quote source { id title } } } }',
    );
    expect(data.condition.evidence.length).toBeGreaterThan(0);
    expect(data.condition.evidence[0]!.source.id).toBe('cleveland-clinic-myoclonus');
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["myoclonus"]"
`);
  });

  it('evidence on relationship edges at two levels: the sources of both levels in one query each', async () => {
    const { data, sent, cypher } = await tck.run<{
      condition: {
        causes: Array<{ evidence: Evidence[]; node: { causes?: Array<{ evidence: Evidence[] }> } }>;
      };
    }>(
      `{ condition(id: "opsoclonus-myoclonus-syndrome") {
        causes { evidence { quote source { id } } node { ... on Cause { causes { evidence { quote source { id title } } } } } }
      } }`,
    );
    const hops = data.condition.causes;
    expect(hops.flatMap((h) => h.evidence.map((e) => e.source.id))).toContain('cleveland-clinic-myoclonus');
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["opsoclonus-myoclonus-syndrome"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)<-[r:CAUSES]-(o:Concept)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["opsoclonus-myoclonus-syndrome"]

-- query 3: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(s.lastReviewed)} AS s
-- $ids = ["cleveland-clinic-myoclonus"]

-- query 4: READ session.run, fetch all, timeout
UNWIND $ids0 AS id
MATCH (c:Concept {id: id})
MATCH (c)<-[r:CAUSES]-(o:Concept)
RETURN 0 AS field, id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, toLower(o.name), o.id
-- $ids0 = ["faulty-immune-reaction","infections","metabolic-disturbances"]"
`);
  });

  it('source(id) and sources each send one query', async () => {
    const { data, cypher } = await tck.run<{
      source: { id: string; title: string; lastReviewed: string };
      sources: Array<{ id: string }>;
    }>('{ source(id: "cleveland-clinic-myoclonus") { id title lastReviewed } sources { id } }');
    expect(data.source.lastReviewed).toBe('2023-03-16');
    expect(data.sources.map((s) => s.id)).toContain('cleveland-clinic-myoclonus');
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
MATCH (s:Source) RETURN s {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(s.lastReviewed)} AS s ORDER BY s.id

-- query 2: READ session.run, fetch all, timeout
MATCH (s:Source {id: $id}) RETURN s {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(s.lastReviewed)} AS s
-- $id = "cleveland-clinic-myoclonus""
`);
  });
});
