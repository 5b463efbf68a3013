import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../logger';
import type { RequestContext } from '../request-context';
import { isDatabaseUnavailable, isDeadlineExceeded } from '../errors';

/** Logs every error that is the service's fault (no code, or INTERNAL_SERVER_ERROR), with its request id. */
export function errorLogPlugin<TContext extends RequestContext>(
  logger: Logger,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            // An outage or a deadline is in the request's own log line (its outcome), not a fault to trace.
            const original = error.originalError;
            if (isDatabaseUnavailable(original) || isDeadlineExceeded(original)) continue;
            if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
              logger.error(
                { requestId: contextValue.request.id, err: error.originalError ?? error },
                error.message,
              );
            }
          }
        },
      };
    },
  };
}
