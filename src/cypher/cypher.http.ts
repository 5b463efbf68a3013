import express from 'express';
import type { Request, Response } from 'express';
import { isUtf8 } from '../http/content-type';
import { jsonBody } from '../http/json-body';
import type { ServiceRequest } from '../request/request';
import { CypherError } from './cypher.errors';
import type { CypherService } from './cypher.service';

interface Answer {
  status: number;
  body: unknown;
  /** The error code; absent when the query ran. */
  code?: string;
}

const refusal = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
  code,
});

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
      status: 200,
      body: await cypher.run({ query, params, limit, timeoutMs, requestId: request.id, scope: request }),
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
 * (REQUEST_TIMEOUT_MS) gets 504 TIMEOUT. Each answer's code is set on the request (`requestOf`), for its log line.
 */
export function cypherRouter(
  cypher: CypherService,
  requestOf: (res: Response) => ServiceRequest,
  maxBodyBytes: number,
): express.Router {
  const router = express.Router();
  router.post('/', jsonBody(maxBodyBytes), async (req: Request, res: Response) => {
    const request = requestOf(res);
    const { status, body, code } = await answer(cypher, req, request);
    res.status(status).json(body);
    request.code = code;
  });
  return router;
}
