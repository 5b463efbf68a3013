import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors';

/** HTTP statuses of the answers that say the service could not answer at all (no data is sent with them). */
const OUTAGE_STATUS: Readonly<Record<string, number>> = {
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 504,
};

/**
 * No partial answers: when any part of an operation failed because Neo4j was unavailable or the deadline passed,
 * the whole answer is `data: null` with those errors, and HTTP 503 or 504, so that no client (or cache) takes half
 * an answer for a whole one and retries are easy to decide.
 */
export function noPartialAnswersPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const statuses = (singleResult.errors ?? [])
            .map((e) => OUTAGE_STATUS[String(e.extensions?.code)])
            .filter((s): s is number => s !== undefined);
          if (statuses.length === 0) return;
          singleResult.data = null;
          response.http.status = Math.min(...statuses);
        },
      };
    },
  };
}
