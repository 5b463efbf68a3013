// title: Relationships without evidence
// description: Relationships between concepts that carry no quote, or whose source is not in the graph. Like
//   concepts, every relationship is stated by a source: this must return nothing.
// expect: no rows
MATCH (a:Concept)-[r]->(b:Concept)
WHERE size(coalesce(r.evidenceQuotes, [])) = 0
   OR any(s IN coalesce(r.evidenceSources, []) WHERE NOT EXISTS { MATCH (:Source {id: s}) })
RETURN a.id AS from, type(r) AS relationship, b.id AS to
