/**
 * The @neo4j/graphql (7.x) type definitions of the comparison: the graph model of src/ (labels from model/kinds.ts,
 * relationship types and directions from model/edge.specs.ts) in that library's own idiom.
 *
 * Where it differs from our schema, and why:
 * - Labels are AND-ed in `@node`, with no way to say "Condition but not Cancer". So `Condition` is every node labelled
 *   Condition, cancers included (as our `conditions` and `condition(id)` are), and `Cancer` is its own type that does
 *   not implement `Concept`: a cancer reached through the `Concept` interface resolves as a `Condition`, never twice.
 * - Relationship qualifiers and evidence are the stored properties (`Evidence`), not resolved `Source` nodes.
 * - `causes` is declared on the interface so that a two-hop cause traversal can continue from any kind of concept.
 * - Search: `@fulltext` on a type over every `:Concept` node, using the existing index `concept_search` (name,
 *   synonyms, xrefs). The directive only accepts String fields, so it declares `name`; the query runs on the whole
 *   index all the same (the phrase is a Lucene query, the one our service builds).
 * - No mutations, no aggregations: reads only, as in our API.
 */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Evidence @relationshipProperties {
    population: String
    statedAs: String
    evidenceSources: [String!]
    evidenceQuotes: [String!]
  }

  interface Concept {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @declareRelationship
    effects: [Concept!]! @declareRelationship
  }

  type Condition implements Concept @node(labels: ["Condition", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
    parents: [Condition!]! @relationship(type: "SUBTYPE_OF", direction: OUT, properties: "Evidence")
    subtypes: [Condition!]! @relationship(type: "SUBTYPE_OF", direction: IN, properties: "Evidence")
    features: [Condition!]! @relationship(type: "HAS_FEATURE", direction: OUT, properties: "Evidence")
    bodyRegions: [BodyRegion!]! @relationship(type: "AFFECTS", direction: OUT, properties: "Evidence")
    cancers: [Cancer!]! @relationship(type: "ASSOCIATED_WITH", direction: OUT, properties: "Evidence")
    diagnosticTests: [Procedure!]! @relationship(type: "DIAGNOSED_BY", direction: OUT, properties: "Evidence")
    treatments: [Procedure!]! @relationship(type: "TREATED_BY", direction: OUT, properties: "Evidence")
  }

  type Cancer @node(labels: ["Cancer", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
    bodyRegions: [BodyRegion!]! @relationship(type: "AFFECTS", direction: OUT, properties: "Evidence")
    conditions: [Condition!]! @relationship(type: "ASSOCIATED_WITH", direction: IN, properties: "Evidence")
  }

  type Cause implements Concept @node(labels: ["Cause", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
    conditions: [Condition!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
    bodyRegions: [BodyRegion!]! @relationship(type: "AFFECTS", direction: OUT, properties: "Evidence")
  }

  type BodyRegion implements Concept @node(labels: ["BodyRegion", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
    conditions: [Condition!]! @relationship(type: "AFFECTS", direction: IN, properties: "Evidence")
    partOf: [BodyRegion!]! @relationship(type: "PART_OF", direction: OUT, properties: "Evidence")
    parts: [BodyRegion!]! @relationship(type: "PART_OF", direction: IN, properties: "Evidence")
  }

  type Procedure implements Concept @node(labels: ["Procedure", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
  }

  type Substance implements Concept @node(labels: ["Substance", "Concept"]) @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    description: String
    xrefs: [String!]
    causes: [Concept!]! @relationship(type: "CAUSES", direction: IN, properties: "Evidence")
    effects: [Concept!]! @relationship(type: "CAUSES", direction: OUT, properties: "Evidence")
  }

  type SearchConcept
    @node(labels: ["Concept"])
    @fulltext(indexes: [{ indexName: "concept_search", queryName: "conceptSearch", fields: ["name"] }])
    @mutation(operations: []) {
    id: ID!
    name: String!
    nameKey: String
    synonyms: [String!]
    xrefs: [String!]
    obsolete: Boolean
  }
`;
