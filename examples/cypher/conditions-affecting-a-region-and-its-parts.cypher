// title: Conditions affecting a body region or any of its parts
// description: Conditions that affect the region $id directly or through one of its parts, with the part they
//   affect and the quote that says so.
// params: {"id": "ear"}
// expect: rows
MATCH (region:BodyRegion {id: $id})<-[:PART_OF*0..]-(part:BodyRegion)<-[r:AFFECTS]-(condition:Condition)
RETURN condition.name AS condition, part.name AS affects, r.evidenceQuotes[0] AS quote
ORDER BY condition, affects
