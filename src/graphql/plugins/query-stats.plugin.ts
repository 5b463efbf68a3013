import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../request-context';

/**
 * Adds `extensions.queryStats { roundTrips dbMillis }` to every response: how many Cypher queries the request sent
 * and their total time in milliseconds (measured around each query, network included).
 */
export function queryStatsPlugin<TContext extends RequestContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const { stats } = contextValue.request;
          result.extensions = {
            ...result.extensions,
            queryStats: {
              roundTrips: stats.roundTrips,
              dbMillis: Math.round(stats.dbMillis * 100) / 100,
            },
          };
        },
      };
    },
  };
}
