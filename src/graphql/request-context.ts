import type { QueryStats } from '../neo4j/database';

/**
 * What the GraphQL plumbing needs of a context: the request it serves. The service's context (src/request/) holds
 * more; declaring only this here keeps graphql/ free of the domain folders the full context imports.
 */
export interface RequestContext {
  request: {
    readonly id: string;
    readonly stats: QueryStats;
    operation?: string | null;
    codes?: readonly string[];
  };
}
