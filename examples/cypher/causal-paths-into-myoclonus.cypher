// title: All causal paths into myoclonus up to depth 4
// description: Every chain of CAUSES relationships of 1 to 4 hops that ends at myoclonus, with the population and
//   the quote of each hop; the shortest chains first.
// params: {"id": "myoclonus"}
// expect: rows
MATCH path = (start:Concept)-[:CAUSES*1..4]->(:Concept {id: $id})
RETURN [n IN nodes(path) | n.name] AS chain,
       [r IN relationships(path) | {population: r.population, statedAs: r.statedAs, quote: r.evidenceQuotes[0]}] AS hops,
       length(path) AS length
ORDER BY length, chain
