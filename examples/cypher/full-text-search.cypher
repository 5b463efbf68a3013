// title: Full-text search from Cypher
// description: The index behind the API's `search`, queried directly (Lucene syntax; here a fuzzy match that
//   tolerates a typo), with Neo4j's score.
// params: {"text": "myoclonis~"}
// expect: rows
CALL db.index.fulltext.queryNodes('concept_search', $text) YIELD node, score
RETURN node.id AS id, node.name AS name, labels(node) AS labels, score
ORDER BY score DESC, id
LIMIT 10
