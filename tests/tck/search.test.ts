import { useTck } from './tck';

interface Search {
  search: {
    totalCount: number;
    edges: Array<{ node: { id: string }; score: number; matched: string }>;
  };
}

const SEARCH = `query ($text: String!, $first: Int, $fuzzy: Boolean, $prefix: Boolean, $kinds: [ConceptKind!]) {
  search(text: $text, first: $first, fuzzy: $fuzzy, prefix: $prefix, kinds: $kinds) {
    totalCount
    edges { node { id } score matched }
  }
}`;

describe('TCK: search', () => {
  const tck = useTck();

  it('search as you type: the exact query and its fuzzy fallback go as parameters of one query, with the count', async () => {
    const { data, sent, cypher } = await tck.run<Search>(SEARCH, { text: 'palatal myo', first: 3 });
    expect(data.search.edges[0]!.node.id).toBe('palatal-myoclonus');
    expect(sent).toHaveLength(1);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $exact) YIELD node AS c, score
WHERE coalesce(c.obsolete, false) = false
WITH collect({c: c, score: score}) AS exact
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes($index, $fuzzy) YIELD node AS c, score
  WHERE coalesce(c.obsolete, false) = false
  RETURN collect({c: c, score: score}) AS fuzzy
}
WITH CASE WHEN size(exact) > 0 THEN exact ELSE fuzzy END AS found, size(fuzzy) > 0 AS fuzzyUsed
CALL (found, fuzzyUsed) {
  UNWIND found AS f
  WITH f.c AS c, f.score AS score
  WITH c, score, toLower(trim(c.name)) AS nameKey, coalesce(c.synonyms, []) AS synonyms, coalesce(c.xrefs, []) AS xrefs
  WITH c, score, nameKey, CASE
    WHEN nameKey = $text THEN [6, c.name]
    ELSE coalesce(
      head([s IN synonyms WHERE toLower(trim(s)) = $text | [5, s]]),
      head([x IN xrefs WHERE toLower(trim(x)) = $text | [4, x]]),
      CASE WHEN nameKey STARTS WITH $text THEN [3, c.name] END,
      head([s IN synonyms + xrefs WHERE toLower(trim(s)) STARTS WITH $text | [2, s]]),
      CASE WHEN fuzzyUsed THEN head([t IN [c.name] + synonyms
        WHERE abs(size(trim(t)) - size($text)) <= $lengthSlack
          AND [w IN split(toLower(trim(t)), ' ') | left(w, 1)] = [w IN split($text, ' ') | left(w, 1)]
        | [1, t]]) END,
      [0, null])
  END AS best
  RETURN collect({c: c, key: nameKey, id: c.id, relevance: score, tier: best[0], matched: best[1]}) AS hits,
         max(score) AS top
}
CALL (hits, top) {
  UNWIND hits AS h
  WITH h, CASE WHEN top > 0 THEN h.relevance / top ELSE 1.0 END AS relevance
  WITH h, CASE h.tier
    WHEN 6 THEN 1.00
    WHEN 5 THEN 0.95
    WHEN 4 THEN 0.90
    WHEN 3 THEN 0.7 + 0.1 * relevance
    WHEN 2 THEN 0.6 + 0.1 * relevance
    WHEN 1 THEN 0.4 + 0.1 * relevance
    ELSE 0.4 * relevance END AS score
  ORDER BY score DESC, h.key, h.id
  SKIP $offset LIMIT $limit
  WITH h.c AS c, score, h.matched AS matched
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, score: score, matched: matched}) AS page
}
RETURN size(hits) AS total, page, fuzzyUsed
-- $exact = "+(\\"palatal\\" \\"palatal's\\") +(\\"myo\\" name:myo* synonyms:myo*) \\"palatal myo\\"^2"
-- $fuzzy = "+(\\"palatal\\" \\"palatal's\\" name:palatal~1 synonyms:palatal~1) +(\\"myo\\" name:myo* synonyms:myo*) \\"palatal myo\\"^2"
-- $index = "concept_search"
-- $lengthSlack = 1
-- $limit = 3
-- $offset = 0
-- $text = "palatal myo""
`);
  });

  it('a typo with fuzzy (the default): the same query, whose fuzzy fallback finds the word', async () => {
    const { data, cypher } = await tck.run<Search>(SEARCH, { text: 'myoclonis', first: 2 });
    expect(data.search.edges.map((e) => e.node.id)).toContain('myoclonus');
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $exact) YIELD node AS c, score
WHERE coalesce(c.obsolete, false) = false
WITH collect({c: c, score: score}) AS exact
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes($index, $fuzzy) YIELD node AS c, score
  WHERE coalesce(c.obsolete, false) = false
  RETURN collect({c: c, score: score}) AS fuzzy
}
WITH CASE WHEN size(exact) > 0 THEN exact ELSE fuzzy END AS found, size(fuzzy) > 0 AS fuzzyUsed
CALL (found, fuzzyUsed) {
  UNWIND found AS f
  WITH f.c AS c, f.score AS score
  WITH c, score, toLower(trim(c.name)) AS nameKey, coalesce(c.synonyms, []) AS synonyms, coalesce(c.xrefs, []) AS xrefs
  WITH c, score, nameKey, CASE
    WHEN nameKey = $text THEN [6, c.name]
    ELSE coalesce(
      head([s IN synonyms WHERE toLower(trim(s)) = $text | [5, s]]),
      head([x IN xrefs WHERE toLower(trim(x)) = $text | [4, x]]),
      CASE WHEN nameKey STARTS WITH $text THEN [3, c.name] END,
      head([s IN synonyms + xrefs WHERE toLower(trim(s)) STARTS WITH $text | [2, s]]),
      CASE WHEN fuzzyUsed THEN head([t IN [c.name] + synonyms
        WHERE abs(size(trim(t)) - size($text)) <= $lengthSlack
          AND [w IN split(toLower(trim(t)), ' ') | left(w, 1)] = [w IN split($text, ' ') | left(w, 1)]
        | [1, t]]) END,
      [0, null])
  END AS best
  RETURN collect({c: c, key: nameKey, id: c.id, relevance: score, tier: best[0], matched: best[1]}) AS hits,
         max(score) AS top
}
CALL (hits, top) {
  UNWIND hits AS h
  WITH h, CASE WHEN top > 0 THEN h.relevance / top ELSE 1.0 END AS relevance
  WITH h, CASE h.tier
    WHEN 6 THEN 1.00
    WHEN 5 THEN 0.95
    WHEN 4 THEN 0.90
    WHEN 3 THEN 0.7 + 0.1 * relevance
    WHEN 2 THEN 0.6 + 0.1 * relevance
    WHEN 1 THEN 0.4 + 0.1 * relevance
    ELSE 0.4 * relevance END AS score
  ORDER BY score DESC, h.key, h.id
  SKIP $offset LIMIT $limit
  WITH h.c AS c, score, h.matched AS matched
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, score: score, matched: matched}) AS page
}
RETURN size(hits) AS total, page, fuzzyUsed
-- $exact = "+(\\"myoclonis\\" name:myoclonis* synonyms:myoclonis*)"
-- $fuzzy = "+(\\"myoclonis\\" name:myoclonis~2 synonyms:myoclonis~2 name:myoclonis* synonyms:myoclonis*)"
-- $index = "concept_search"
-- $lengthSlack = 2
-- $limit = 2
-- $offset = 0
-- $text = "myoclonis""
`);
  });

  it('the same typo without fuzzy or prefix: $fuzzy is null and the word must match whole, so nothing is found', async () => {
    const { data, cypher } = await tck.run<Search>(SEARCH, {
      text: 'myoclonis',
      first: 2,
      fuzzy: false,
      prefix: false,
    });
    expect(data.search.totalCount).toBe(0);
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $exact) YIELD node AS c, score
WHERE coalesce(c.obsolete, false) = false
WITH collect({c: c, score: score}) AS exact
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes($index, $fuzzy) YIELD node AS c, score
  WHERE coalesce(c.obsolete, false) = false
  RETURN collect({c: c, score: score}) AS fuzzy
}
WITH CASE WHEN size(exact) > 0 THEN exact ELSE fuzzy END AS found, size(fuzzy) > 0 AS fuzzyUsed
CALL (found, fuzzyUsed) {
  UNWIND found AS f
  WITH f.c AS c, f.score AS score
  WITH c, score, toLower(trim(c.name)) AS nameKey, coalesce(c.synonyms, []) AS synonyms, coalesce(c.xrefs, []) AS xrefs
  WITH c, score, nameKey, CASE
    WHEN nameKey = $text THEN [6, c.name]
    ELSE coalesce(
      head([s IN synonyms WHERE toLower(trim(s)) = $text | [5, s]]),
      head([x IN xrefs WHERE toLower(trim(x)) = $text | [4, x]]),
      CASE WHEN nameKey STARTS WITH $text THEN [3, c.name] END,
      head([s IN synonyms + xrefs WHERE toLower(trim(s)) STARTS WITH $text | [2, s]]),
      CASE WHEN fuzzyUsed THEN head([t IN [c.name] + synonyms
        WHERE abs(size(trim(t)) - size($text)) <= $lengthSlack
          AND [w IN split(toLower(trim(t)), ' ') | left(w, 1)] = [w IN split($text, ' ') | left(w, 1)]
        | [1, t]]) END,
      [0, null])
  END AS best
  RETURN collect({c: c, key: nameKey, id: c.id, relevance: score, tier: best[0], matched: best[1]}) AS hits,
         max(score) AS top
}
CALL (hits, top) {
  UNWIND hits AS h
  WITH h, CASE WHEN top > 0 THEN h.relevance / top ELSE 1.0 END AS relevance
  WITH h, CASE h.tier
    WHEN 6 THEN 1.00
    WHEN 5 THEN 0.95
    WHEN 4 THEN 0.90
    WHEN 3 THEN 0.7 + 0.1 * relevance
    WHEN 2 THEN 0.6 + 0.1 * relevance
    WHEN 1 THEN 0.4 + 0.1 * relevance
    ELSE 0.4 * relevance END AS score
  ORDER BY score DESC, h.key, h.id
  SKIP $offset LIMIT $limit
  WITH h.c AS c, score, h.matched AS matched
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, score: score, matched: matched}) AS page
}
RETURN size(hits) AS total, page, fuzzyUsed
-- $exact = "+(\\"myoclonis\\" \\"myoclonis's\\")"
-- $fuzzy = null
-- $index = "concept_search"
-- $lengthSlack = 1
-- $limit = 2
-- $offset = 0
-- $text = "myoclonis""
`);
  });

  it('kinds and a code: labels from the fixed map of kinds, the code escaped in the full-text query', async () => {
    const { data, cypher } = await tck.run<Search>(SEARCH, { text: 'HP:0001336', kinds: ['CONDITION'] });
    expect(data.search.edges[0]).toMatchObject({ node: { id: 'myoclonus' }, matched: 'HP:0001336' });
    expect(cypher).toMatchInlineSnapshot(`
"-- query 1: READ session.run, fetch all, timeout
CALL db.index.fulltext.queryNodes($index, $exact) YIELD node AS c, score
WHERE ((c:Condition AND NOT c:Cancer)) AND coalesce(c.obsolete, false) = false
WITH collect({c: c, score: score}) AS exact
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes($index, $fuzzy) YIELD node AS c, score
  WHERE ((c:Condition AND NOT c:Cancer)) AND coalesce(c.obsolete, false) = false
  RETURN collect({c: c, score: score}) AS fuzzy
}
WITH CASE WHEN size(exact) > 0 THEN exact ELSE fuzzy END AS found, size(fuzzy) > 0 AS fuzzyUsed
CALL (found, fuzzyUsed) {
  UNWIND found AS f
  WITH f.c AS c, f.score AS score
  WITH c, score, toLower(trim(c.name)) AS nameKey, coalesce(c.synonyms, []) AS synonyms, coalesce(c.xrefs, []) AS xrefs
  WITH c, score, nameKey, CASE
    WHEN nameKey = $text THEN [6, c.name]
    ELSE coalesce(
      head([s IN synonyms WHERE toLower(trim(s)) = $text | [5, s]]),
      head([x IN xrefs WHERE toLower(trim(x)) = $text | [4, x]]),
      CASE WHEN nameKey STARTS WITH $text THEN [3, c.name] END,
      head([s IN synonyms + xrefs WHERE toLower(trim(s)) STARTS WITH $text | [2, s]]),
      CASE WHEN fuzzyUsed THEN head([t IN [c.name] + synonyms
        WHERE abs(size(trim(t)) - size($text)) <= $lengthSlack
          AND [w IN split(toLower(trim(t)), ' ') | left(w, 1)] = [w IN split($text, ' ') | left(w, 1)]
        | [1, t]]) END,
      [0, null])
  END AS best
  RETURN collect({c: c, key: nameKey, id: c.id, relevance: score, tier: best[0], matched: best[1]}) AS hits,
         max(score) AS top
}
CALL (hits, top) {
  UNWIND hits AS h
  WITH h, CASE WHEN top > 0 THEN h.relevance / top ELSE 1.0 END AS relevance
  WITH h, CASE h.tier
    WHEN 6 THEN 1.00
    WHEN 5 THEN 0.95
    WHEN 4 THEN 0.90
    WHEN 3 THEN 0.7 + 0.1 * relevance
    WHEN 2 THEN 0.6 + 0.1 * relevance
    WHEN 1 THEN 0.4 + 0.1 * relevance
    ELSE 0.4 * relevance END AS score
  ORDER BY score DESC, h.key, h.id
  SKIP $offset LIMIT $limit
  WITH h.c AS c, score, h.matched AS matched
  RETURN collect({node: c {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, .obsolete, .replacedBy, .consider, labels: labels(c), sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(c.evidenceSources, []) RETURN src {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(src.lastReviewed)} }}, score: score, matched: matched}) AS page
}
RETURN size(hits) AS total, page, fuzzyUsed
-- $exact = "+(\\"hp\\\\:0001336\\" (+\\"hp\\" +(\\"0001336\\" 0001336*)) hp\\\\:0001336*)"
-- $fuzzy = null
-- $index = "concept_search"
-- $lengthSlack = 1
-- $limit = 10
-- $offset = 0
-- $text = "hp:0001336""
`);
  });
});
