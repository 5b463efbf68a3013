import type { NextFunction, Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';

/** An error in body-parser's shape (status and type), so that the HTTP error handler (error-handler.ts) answers it the same way. */
const bodyError = (status: number, type: string, message: string): Error =>
  Object.assign(new Error(message), { status, type });

/**
 * Reads a JSON request body of at most `limit` bytes into `req.body`, with raw-body (the reader under express.json).
 *
 * express.json reads a body that passes the limit to its end before it answers, so a client sending 10 MB in chunks
 * (no Content-Length) held its 413 for as long as the upload took. Here the error goes to the next handler as soon
 * as the limit is passed, and the rest of the body is read and thrown away in the background, so the client still
 * gets the answer instead of a reset connection.
 *
 * Like express.json in strict mode: a body of another type is left unread, no body leaves `req.body` undefined, an empty one gives `{}`, anything but an
 * object or array is malformed (400 `entity.parse.failed`), a Content-Encoding other than identity is refused (415
 * `encoding.unsupported`). The charset is checked before this, by content-type.ts.
 */
export function jsonBody(limit: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!('body' in req)) (req as { body?: unknown }).body = undefined;
    // A request has a body when it announces one (node's own rule: a Transfer-Encoding or a Content-Length).
    if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) {
      next();
      return;
    }
    // Another type is not read; the route answers it (415).
    if (!req.is('application/json')) {
      next();
      return;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      req.resume();
      next(bodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`));
      return;
    }
    getRawBody(req, { limit, length: req.headers['content-length'], encoding: 'utf-8' }, (error, text) => {
      if (error) {
        // raw-body paused the request; let the rest flow away so the answer can be read by the client.
        req.resume();
        next(error);
        return;
      }
      if (text.length === 0) {
        req.body = {};
        next();
        return;
      }
      const first = /\S/.exec(text)?.[0];
      if (first !== '{' && first !== '[') {
        next(bodyError(400, 'entity.parse.failed', 'body is not a JSON object or array'));
        return;
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        next(bodyError(400, 'entity.parse.failed', 'body is not valid JSON'));
        return;
      }
      next();
    });
  };
}
