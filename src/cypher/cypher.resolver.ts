import { GraphQLError } from 'graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../request/context';
import type { Plain } from '../neo4j/values';
import { CypherError } from './cypher.errors';
import type {
  CypherNotice as CypherNoticeRecord,
  CypherResult as CypherResultRecord,
} from './cypher.service';
import { DEFAULT_CYPHER_LIMITS as LIMITS } from './cypher.service';

@ObjectType({
  description: 'Something to know about a result: CYPHER_TRUNCATED, or a notification from Neo4j.',
})
export class CypherNotice implements CypherNoticeRecord {
  @Field({
    description: 'CYPHER_TRUNCATED, or a Neo4j notification code such as ...Statement.CartesianProduct.',
  })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'The result of a read-only Cypher query.' })
export class CypherResult implements CypherResultRecord {
  @Field(() => [String], { description: 'The columns, in the order the query returns them.' })
  columns!: string[];

  @Field(() => [GraphQLJSONObject], {
    description:
      'One JSON object per row, keyed by column. Nodes are { id, elementId, labels, properties } (id is the ' +
      "node's stable id property when it has one), relationships { elementId, type, start, end, properties } " +
      '(start and end named like nodes), paths { length, nodes, relationships }; integers past 2^53 are strings, ' +
      'temporal values ISO-8601 strings.',
  })
  rows!: Array<{ [column: string]: Plain }>;

  @Field({ description: 'True when the query had more rows than `limit`: only the first `limit` are here.' })
  truncated!: boolean;

  @Field(() => Int, { description: 'The row cap this query ran with.' })
  limit!: number;

  @Field(() => Float, { description: 'Time to plan, run and stream the query, in milliseconds.' })
  millis!: number;

  @Field(() => [CypherNotice])
  notices!: CypherNoticeRecord[];
}

/** A CypherError as a GraphQL error with the same code (formatError hides INTERNAL_SERVER_ERROR's detail). */
function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof CypherError)) return error;
  return new GraphQLError(error.message, { extensions: { code: error.code } });
}

@Resolver()
export class CypherResolver {
  @Query(() => CypherResult, {
    description:
      'Runs one read-only Cypher query on the graph. Neo4j plans it first (EXPLAIN) and anything that is not a ' +
      'read is refused before it runs (CYPHER_WRITE_REFUSED), as are LOAD CSV, procedures outside the allowlist ' +
      'and server administration (CYPHER_REFUSED). It runs in a read transaction with a timeout (CYPHER_TIMEOUT) ' +
      'and a memory limit (CYPHER_MEMORY_LIMIT); rows stop at `limit` (truncated: true). Invalid Cypher: ' +
      'CYPHER_SYNTAX_ERROR. Same as POST /cypher; examples in examples/cypher/.',
  })
  async cypher(
    @Arg('query', { description: `The Cypher text, at most ${LIMITS.maxQueryLength} characters by default.` })
    query: string,
    @Ctx() ctx: Context,
    @Arg('params', () => GraphQLJSON, {
      nullable: true,
      description: 'Parameters as a JSON object, used in the query as $name. Whole numbers become integers.',
    })
    params?: unknown,
    @Arg('limit', () => Int, {
      nullable: true,
      description: `The most rows returned, 1 to ${LIMITS.maxRows} (default ${LIMITS.defaultRows}; CYPHER_MAX_ROWS, CYPHER_DEFAULT_ROWS).`,
    })
    limit?: number | null,
    @Arg('timeoutMs', () => Int, {
      nullable: true,
      description: `The transaction timeout in ms, 1 to ${LIMITS.maxTimeoutMs} (default ${LIMITS.defaultTimeoutMs}; CYPHER_MAX_TIMEOUT_MS, CYPHER_DEFAULT_TIMEOUT_MS).`,
    })
    timeoutMs?: number | null,
  ): Promise<CypherResultRecord> {
    try {
      return await ctx.cypher.run({
        query,
        params,
        limit,
        timeoutMs,
        requestId: ctx.request.id,
        scope: ctx.request,
      });
    } catch (error) {
      throw toGraphQLError(error);
    }
  }
}
