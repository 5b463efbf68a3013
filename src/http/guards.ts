import cors from 'cors';
import type express from 'express';
import { ErrorCode } from '../graphql/errors';
import { isUtf8 } from './content-type';
import { sendError } from './send-error';

/**
 * A body announced larger than the cap is refused before a byte of it is read (chunked bodies, whose length is not
 * announced, are counted as they arrive by jsonBody, which answers as soon as the cap is passed). The error handler
 * answers it.
 */
export function announcedBodyLimit(maxBodyBytes: number): express.RequestHandler {
  return (req, _res, next) => {
    const announced = Number(req.headers['content-length'] ?? 0);
    if (announced > maxBodyBytes) {
      next(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }));
      return;
    }
    next();
  };
}

/**
 * A POST carries JSON or nothing useful: a form or text/plain body is refused before it is read (this is also what
 * keeps HTML forms on other sites from posting here).
 */
export const jsonPostsOnly: express.RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || (req.is('application/json') && isUtf8(req))) return next();
  sendError(
    req,
    res,
    415,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    'Send the request as Content-Type: application/json, in UTF-8.',
  );
};

/** One operation per request: a batch would multiply every other limit by its length. */
export const oneOperation: express.RequestHandler = (req, res, next) => {
  if (!Array.isArray(req.body)) return next();
  sendError(
    req,
    res,
    400,
    ErrorCode.BATCHED_REQUESTS_DISABLED,
    'Batched requests are disabled: send one operation per request.',
  );
};

/** CORS only for the origins configured; with none, browsers on other sites cannot read any answer. */
export function corsFor(origins: readonly string[]): express.RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
}
