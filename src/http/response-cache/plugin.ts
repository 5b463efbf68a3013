import type { ApolloServerPlugin } from '@apollo/server';
import { rootFieldNames } from '../../graphql/selection';
import type { Context } from '../../request/context';
import { NOT_CACHEABLE_FIELDS, notModified } from './store';
import type { ResponseCache } from './store';

/**
 * Keeps every successful answer of a query in the response cache (the requests the middleware gave a ticket to),
 * and sets its ETag; when the request's If-None-Match names it, the answer is 304 Not Modified without a body.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation, operationName, request, document }) {
          const { ticket } = contextValue.request;
          if (!ticket || operation?.operation !== 'query' || response.body.kind !== 'single') return;
          if (rootFieldNames(operation.selectionSet, document).some((f) => NOT_CACHEABLE_FIELDS.has(f)))
            return;
          const { errors, data } = response.body.singleResult;
          if (errors || !data || (response.http.status ?? 200) !== 200) return;
          const answer = cache.store(ticket, data, operationName ?? null);
          if (!answer) return;
          response.http.headers.set('etag', answer.etag);
          const headers = request.http?.headers;
          if (
            headers &&
            notModified(
              {
                'if-none-match': headers.get('if-none-match'),
                'cache-control': headers.get('cache-control'),
              },
              answer.etag,
            )
          ) {
            response.http.status = 304;
          }
        },
      };
    },
  };
}
