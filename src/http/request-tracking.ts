import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { RequestObserver } from '../observability/request-observer';
import { newServiceRequest } from '../request/request';
import type { ServiceRequest } from '../request/request';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request `trackRequests` made for this response. */
export function requestOf(res: express.Response): ServiceRequest {
  return res.locals.request as ServiceRequest;
}

/** The code of a response refused before Apollo's pipeline ran (CSRF prevention, a malformed GraphQL request). */
function codeOfStatus(status: number): string | undefined {
  if (status < 400) return undefined;
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

/**
 * Makes each HTTP request's ServiceRequest (its id: the client's X-Request-Id when well formed, else a new one;
 * its deadline), which every response names. Every request to /graphql and /cypher gets one log line, written when
 * the response is sent, from what the Apollo plugins or the /cypher router recorded on it, or from the refusal sent
 * before either saw it.
 */
export function trackRequests(observer: RequestObserver, requestTimeoutMs: number): express.RequestHandler {
  return (req, res, next) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    const request = newServiceRequest(id, requestTimeoutMs);
    res.locals.request = request;
    res.setHeader('x-request-id', id);
    const endpoint = /^\/graphql(\/|$)/.test(req.path)
      ? 'graphql'
      : /^\/cypher(\/|$)/.test(req.path)
        ? 'cypher'
        : null;
    if (endpoint) {
      res.on('finish', () => {
        const code = request.code ?? codeOfStatus(res.statusCode);
        observer.finished({
          requestId: request.id,
          endpoint,
          operation: endpoint === 'cypher' ? 'cypher_http' : request.operation,
          durationMs: performance.now() - request.started,
          stats: request.stats,
          codes: request.codes ?? (code ? [code] : []),
          ...(request.cached ? { cached: true } : {}),
        });
      });
    }
    next();
  };
}
