/** The bounds of one GraphQL request (config: GRAPHQL_MAX_*, HTTP_MAX_BODY_BYTES; README "Operation limits"). */
export interface OperationLimits {
  /** Nesting of fields; fragments add none of their own. */
  maxDepth: number;
  /** Aliased fields in the operation, its fragments included (`__typename` aliases are free). */
  maxAliases: number;
  /** Directive uses in the operation, its fragments included. */
  maxDirectives: number;
  /** Lexical tokens of the document (names, punctuation, values); the parser stops past the limit. */
  maxTokens: number;
  /** The cost the cost model (cost.ts) estimates. */
  maxCost: number;
  /** The largest request body, in bytes, on POST /graphql and POST /cypher. */
  maxBodyBytes: number;
}

/**
 * Measured on every operation of the README and the tests: depth 8 at most (batching.test.ts's nested listing), 6
 * aliases, no directive, 204 tokens (183 for GraphiQL's introspection query), cost 25,101 (the nested listing, 100
 * conditions a page). Each default leaves room above that and refuses the abusive shapes (README "Operation limits").
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1000,
  maxCost: 50_000,
  maxBodyBytes: 262_144,
};
