// title: Body regions by number of conditions
// description: Each body region with the number of distinct conditions that affect it or any of its parts (PART_OF
//   followed downwards), most affected first.
// expect: rows
MATCH (region:BodyRegion)
OPTIONAL MATCH (condition:Condition)-[:AFFECTS]->(:BodyRegion)-[:PART_OF*0..]->(region)
RETURN region.id AS region, region.name AS name, count(DISTINCT condition) AS conditions
ORDER BY conditions DESC, name
