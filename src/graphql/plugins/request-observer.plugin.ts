import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import type { RequestContext } from '../request-context';

/**
 * Records on the request the operation and error codes (after formatError) of every GraphQL response Apollo sends,
 * refused ones included; its log line is written when the HTTP response is sent (http/request-tracking.ts).
 */
export function requestObserverPlugin<TContext extends RequestContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName: resolved, request, document }) {
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          Object.assign(contextValue.request, {
            // Apollo resolves the operation only once the document is valid; a refused one is named from the
            // parsed document when there is one, else by what the client sent.
            operation:
              resolved ??
              (document ? getOperationAST(document, request.operationName)?.name?.value : undefined) ??
              request.operationName,
            codes: (errors ?? []).map((e) =>
              typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR',
            ),
          });
        },
      };
    },
  };
}
