// title: Conditions sharing a cause with X
// description: Every other condition caused by something that also causes the condition $id, grouped by the
//   shared cause, with the quotes that state both links.
// params: {"id": "palatal-myoclonus"}
// expect: rows
MATCH (x:Concept {id: $id})<-[r1:CAUSES]-(cause:Concept)-[r2:CAUSES]->(other:Condition)
WHERE other.id <> x.id
RETURN cause.id AS cause, cause.name AS causeName,
       collect({id: other.id, name: other.name, quote: r2.evidenceQuotes[0]}) AS conditions,
       r1.evidenceQuotes[0] AS quoteForX
ORDER BY cause
