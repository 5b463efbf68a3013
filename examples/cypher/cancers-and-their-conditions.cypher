// title: Cancers and the conditions associated with them
// description: Each cancer with the conditions it is associated with and the population the source states it for.
// expect: rows
MATCH (condition:Condition)-[r:ASSOCIATED_WITH]->(cancer:Cancer)
RETURN cancer.name AS cancer,
       collect({condition: condition.name, population: r.population, quote: r.evidenceQuotes[0]}) AS conditions
ORDER BY cancer
