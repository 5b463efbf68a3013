import type express from 'express';
import { requestOf } from '../request-tracking';
import { cacheableRequest, negotiatedType, notModified } from './store';
import type { ResponseCache } from './store';

/** An answer from the cache, with the `extensions.queryStats` of QUERY_STATS=true: no Neo4j query was sent. */
function withZeroQueryStats(body: Buffer): Buffer {
  // body is `{"data":...}\n`: the extensions go before the closing brace.
  return Buffer.concat([
    body.subarray(0, body.length - 2),
    Buffer.from(',"extensions":{"queryStats":{"roundTrips":0,"dbMillis":0}}}\n'),
  ]);
}

/**
 * Sends the answers the cache keeps, before Apollo sees the request; a request it may keep the answer of gets a
 * ticket (on its ServiceRequest) for the plugin to keep it under.
 */
export function responseCacheMiddleware(cache: ResponseCache, queryStats: boolean): express.RequestHandler {
  return (req, res, next) => {
    const cacheable =
      req.method === 'POST'
        ? cacheableRequest(req.body, false)
        : // A GET is answered only when Apollo's CSRF prevention would let it through (a preflight header).
          req.method === 'GET' &&
            (req.headers['apollo-require-preflight'] !== undefined ||
              req.headers['x-apollo-operation-name'] !== undefined)
          ? cacheableRequest(req.query, true)
          : null;
    const type = negotiatedType(req.headers.accept);
    const ticket = cacheable && type ? cache.ticket(cacheable) : null;
    if (!ticket) return next();
    const request = requestOf(res);
    const answer = cache.lookup(ticket);
    if (!answer) {
      request.ticket = ticket;
      return next();
    }
    Object.assign(request, { cached: true, operation: answer.operation, codes: [] });
    res.setHeader('etag', answer.etag);
    if (notModified(req.headers, answer.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('content-type', type!);
    res.end(queryStats ? withZeroQueryStats(answer.body) : answer.body);
  };
}
