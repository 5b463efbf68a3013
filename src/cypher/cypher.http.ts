import express from 'express';
import type { Request, Response } from 'express';
import { CypherError } from './cypher.errors';
import type { CypherService } from './cypher.service';

/**
 * POST /cypher for notebooks and scripts: `{ "query", "params"?, "limit"?, "timeoutMs"? }` in, the same result as
 * the GraphQL `cypher` query out (`{ columns, rows, truncated, limit, millis, notices }`), or
 * `{ "error": { "code", "message" } }` with the code's HTTP status (cypher.errors.ts). Only JSON bodies are
 * accepted, so an HTML form on another site cannot post here. A body over `maxBodyBytes` (HTTP_MAX_BODY_BYTES) is
 * refused with 413 BODY_TOO_LARGE by app.ts's error handler.
 */
export function cypherRouter(
  cypher: CypherService,
  requestIdOf: (req: Request) => string,
  maxBodyBytes: number,
): express.Router {
  const router = express.Router();
  router.post('/', express.json({ limit: maxBodyBytes }), async (req: Request, res: Response) => {
    if (!req.is('application/json')) {
      res.status(415).json({
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'Send the request as Content-Type: application/json.',
        },
      });
      return;
    }
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      res.status(400).json({
        error: { code: 'BAD_USER_INPUT', message: 'The body must be a JSON object with a "query" string.' },
      });
      return;
    }
    const { query, params, limit, timeoutMs, ...unknown } = body as Record<string, unknown>;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      res.status(400).json({
        error: {
          code: 'BAD_USER_INPUT',
          message: `Unknown field ${JSON.stringify(extra[0]).slice(0, 80)}; the fields are query, params, limit and timeoutMs.`,
        },
      });
      return;
    }
    try {
      res.json(await cypher.run({ query, params, limit, timeoutMs, requestId: requestIdOf(req) }));
    } catch (error) {
      const known =
        error instanceof CypherError
          ? error
          : new CypherError('INTERNAL_SERVER_ERROR', 'Internal server error.');
      res.status(known.status).json({ error: { code: known.code, message: known.message } });
    }
  });
  return router;
}
