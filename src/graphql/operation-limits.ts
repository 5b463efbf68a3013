/** The bounds of one GraphQL request (config: GRAPHQL_MAX_*, HTTP_MAX_BODY_BYTES; docs/operations.md, "Operation limits"). */
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
 * Each default sits above what every operation of the docs and the tests needs (the deepest is batching.test.ts's
 * nested listing; the costliest, the same listing at 100 conditions a page) and refuses the abusive shapes
 * (docs/operations.md, "Operation limits").
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1000,
  maxCost: 50_000,
  maxBodyBytes: 262_144,
};
