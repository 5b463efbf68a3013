import express from 'express';
import type { Request, Response } from 'express';
import type { QueryStats } from '../neo4j/database';
import { newRequestScope } from '../neo4j/database';
import { isUtf8 } from '../http/content-type';
import { jsonBody } from '../http/json-body';
import { CypherError } from './cypher.errors';
import type { CypherService } from './cypher.service';

/** What POST /cypher tells app.ts of each request it answered: the log line and metrics come from there. */
export type CypherAnswered = (req: Request, outcome: { code: string | undefined; stats: QueryStats }) => void;

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

async function answer(
  cypher: CypherService,
  req: Request,
  requestId: string,
  stats: QueryStats,
): Promise<Answer> {
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
    return { status: 200, body: await cypher.run({ query, params, limit, timeoutMs, requestId, stats }) };
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
 * refused with 413 BODY_TOO_LARGE by app.ts's error handler. A request still waiting on Neo4j at its deadline
 * (`requestTimeoutMs`, REQUEST_TIMEOUT_MS) gets 504 TIMEOUT. `answered` hears of every answer the router sends.
 */
export function cypherRouter(
  cypher: CypherService,
  requestIdOf: (req: Request) => string,
  maxBodyBytes: number,
  requestTimeoutMs: number,
  answered: CypherAnswered = () => undefined,
): express.Router {
  const router = express.Router();
  router.post('/', jsonBody(maxBodyBytes), async (req: Request, res: Response) => {
    const stats = newRequestScope(requestTimeoutMs);
    const { status, body, code } = await answer(cypher, req, requestIdOf(req), stats);
    res.status(status).json(body);
    answered(req, { code, stats });
  });
  return router;
}
