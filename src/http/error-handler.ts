import type express from 'express';
import { ErrorCode } from '../graphql/errors';
import type { Logger } from '../logger';
import { sendError } from './send-error';

/**
 * Body-parser failures (malformed JSON, too large) answer in the endpoint's error shape (GraphQL's, or POST
 * /cypher's `{ error }`), never with an HTML page.
 */
export function httpErrorHandler(logger: Logger, maxBodyBytes: number): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    const type = (error as { type?: string }).type;
    if (status === 413 || type === 'entity.too.large') {
      // Answered at once; Node discards the rest of the body as it arrives (closing the connection instead would
      // reset it under a client still sending, which then never sees this answer).
      sendError(
        req,
        res,
        413,
        ErrorCode.BODY_TOO_LARGE,
        `Request body too large: the limit is ${maxBodyBytes} bytes.`,
      );
    } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      sendError(
        req,
        res,
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Send the body as JSON in UTF-8, uncompressed (no Content-Encoding).',
      );
    } else if (status && status >= 400 && status < 500) {
      const message = type === 'entity.parse.failed' ? 'Request body is not valid JSON.' : 'Bad request.';
      sendError(req, res, status, 'BAD_REQUEST', message);
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
    }
  };
}
