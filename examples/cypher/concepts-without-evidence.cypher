// title: Concepts without evidence
// description: Concepts that carry no quote from any source. Every fact in the graph must be traceable to the
//   sentence that states it, so this must return nothing; the tests fail if it ever does.
// expect: no rows
MATCH (c:Concept)
WHERE size(coalesce(c.evidenceQuotes, [])) = 0 OR size(coalesce(c.evidenceSources, [])) = 0
RETURN c.id AS id, labels(c) AS labels
