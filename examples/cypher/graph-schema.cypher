// title: What the graph holds
// description: Each label with its number of nodes, and each relationship type with its number of relationships:
//   a first look before writing queries.
// expect: rows
CALL db.labels() YIELD label
RETURN 'label' AS kind, label AS name, COUNT { MATCH (n) WHERE label IN labels(n) } AS count
UNION ALL
CALL db.relationshipTypes() YIELD relationshipType
RETURN 'relationship' AS kind, relationshipType AS name,
       COUNT { MATCH ()-[r]->() WHERE type(r) = relationshipType } AS count
