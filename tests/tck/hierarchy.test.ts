import { useTck } from './tck';

type Entries = Array<{ node: { id: string }; depth: number }>;
const ids = (entries: Entries) => entries.map((e) => `${e.node.id}@${e.depth}`);

describe('TCK: hierarchy fields', () => {
  const tck = useTck();

  it('ancestors and descendants of a condition: one SHORTEST query each, the depth spliced as a bound', async () => {
    const { data, cypher } = await tck.run<{ condition: { ancestors: Entries; descendants: Entries } }>(
      `{ condition(id: "palatal-myoclonus") {
        ancestors { node { id } depth }
        descendants(maxDepth: 2) { node { id } depth }
      } }`,
    );
    expect(ids(data.condition.ancestors)).toEqual(['myoclonus@1']);
    expect(ids(data.condition.descendants)).toEqual(['essential-palatal-myoclonus@1']);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["palatal-myoclonus"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id}) WHERE c:Condition
MATCH p = SHORTEST 1 (c)-[:SUBTYPE_OF]->{1,30}(o:Condition)
WHERE o <> c
WITH id, o, length(p) AS depth WHERE coalesce(o.obsolete, false) = false
RETURN id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node, depth
ORDER BY key, depth, toLower(o.name), o.id
-- $ids = ["palatal-myoclonus"]

-- query 3: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id}) WHERE c:Condition
MATCH p = SHORTEST 1 (c)<-[:SUBTYPE_OF]-{1,2}(o:Condition)
WHERE o <> c
WITH id, o, length(p) AS depth WHERE coalesce(o.obsolete, false) = false
RETURN id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node, depth
ORDER BY key, depth, toLower(o.name), o.id
-- $ids = ["palatal-myoclonus"]"
`);
  });

  it('ancestors of two body regions: one batch for both, over PART_OF', async () => {
    const { data, sent, cypher } = await tck.run<Record<string, { ancestors: Entries }>>(
      `{
        uvula: concept(id: "uvula") { ... on BodyRegion { ancestors { node { id } depth } } }
        palate: concept(id: "soft-palate") { ... on BodyRegion { ancestors { node { id } depth } } }
      }`,
    );
    expect(ids(data.uvula!.ancestors)).toEqual(['soft-palate@1', 'mouth@2']);
    expect(ids(data.palate!.ancestors)).toEqual(['mouth@1']);
    expect(sent).toHaveLength(2);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }} AS node
-- $ids = ["uvula","soft-palate"]

-- query 2: READ session.run, fetch all, timeout
UNWIND $ids AS id
MATCH (c:Concept {id: id}) WHERE c:BodyRegion
MATCH p = SHORTEST 1 (c)-[:PART_OF]->{1,30}(o:BodyRegion)
WHERE o <> c
WITH id, o, length(p) AS depth WHERE coalesce(o.obsolete, false) = false
RETURN id AS key, o {.id, .name, .obsolete, labels: labels(o)} AS node, depth
ORDER BY key, depth, toLower(o.name), o.id
-- $ids = ["uvula","soft-palate"]"
`);
  });
});
