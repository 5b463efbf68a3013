import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator } from '../cost';
import { OperationLimitError } from '../errors';
import type { OperationLimits } from '../operation-limits';

/**
 * Cost: after validation, with the request's variables (so `first: $first` counts what it is), before execution.
 * Invalid variables are left to execution, which refuses them as it always does, before any resolver runs.
 */
export function costLimitPlugin<TContext extends object>(
  limits: OperationLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: operationName ?? undefined,
              estimators: [costEstimator],
            });
          } catch (error) {
            // The only other failure is the library's guard against documents of more than 10,000 field nodes.
            if (error instanceof GraphQLError && /^Variable "\$/.test(error.message)) return;
            throw new OperationLimitError(
              'QUERY_TOO_COMPLEX',
              'Query too complex: too many fields to estimate.',
            );
          }
          if (cost > limits.maxCost) {
            throw new OperationLimitError(
              'QUERY_TOO_COMPLEX',
              `Query cost limit of ${limits.maxCost} exceeded, found ${cost}. Ask for fewer items (first, limit) ` +
                'or nest fewer list fields.',
            );
          }
        },
      };
    },
  };
}
