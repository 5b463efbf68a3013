import express from 'express';
import type { Request, Response } from 'express';
import { isUtf8 } from '../http/content-type';
import { jsonBody } from '../http/json-body';
import { sendError } from '../http/send-error';
import type { ServiceRequest } from '../request/request';
import { CypherError } from './cypher.errors';
import type { CypherService } from './cypher.service';

/** The query's result, or the refusal sent in its place. */
type Answer = { result: unknown } | { status: number; code: string; message: string };

const refusal = (status: number, code: string, message: string): Answer => ({ status, code, message });

async function answer(cypher: CypherService, req: Request, request: ServiceRequest): Promise<Answer> {
  if (!req.is('application/json') || !isUtf8(req)) {
    return refusal(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the request as Content-Type: application/json, in UTF-8.',
    );
  }
  const body: unknown = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return refusal(400, 'BAD_USER_INPUT', 'The body must be a JSON object with a "query" string.');
  }
  const { query, params, limit, timeoutMs, ...unknown } = body as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) {
    return refusal(
      400,
      'BAD_USER_INPUT',
      `Unknown field ${JSON.stringify(extra[0]).slice(0, 80)}; the fields are query, params, limit and timeoutMs.`,
    );
  }
  try {
    return {
      result: await cypher.run({ query, params, limit, timeoutMs, requestId: request.id, scope: request }),
    };
  } catch (error) {
    const known =
      error instanceof CypherError
        ? error
        : new CypherError('INTERNAL_SERVER_ERROR', 'Internal server error.');
    return refusal(known.status, known.code, known.message);
  }
}

/**
 * POST /cypher for notebooks and scripts: `{ "query", "params"?, "limit"?, "timeoutMs"? }` in, the same result as
 * the GraphQL `cypher` query out (`{ columns, rows, truncated, limit, millis, notices }`), or
 * `{ "error": { "code", "message" } }` with the code's HTTP status (cypher.errors.ts). Only JSON bodies are
 * accepted, so an HTML form on another site cannot post here. A body over `maxBodyBytes` (HTTP_MAX_BODY_BYTES) is
 * refused with 413 BODY_TOO_LARGE by the HTTP error handler. A request still waiting on Neo4j at its deadline
 * (REQUEST_TIMEOUT_MS) gets 504 TIMEOUT. A refusal's code is set on the request (`requestOf`), for its log line.
 */
export function cypherRouter(
  cypher: CypherService,
  requestOf: (res: Response) => ServiceRequest,
  maxBodyBytes: number,
): express.Router {
  const router = express.Router();
  router.post('/', jsonBody(maxBodyBytes), async (req: Request, res: Response) => {
    const request = requestOf(res);
    const answered = await answer(cypher, req, request);
    if ('result' in answered) res.status(200).json(answered.result);
    else sendError(req, res, answered.status, answered.code, answered.message);
  });
  return router;
}
