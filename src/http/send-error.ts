import type express from 'express';
import { requestOf } from './request-tracking';

/**
 * Sends an error answer in the endpoint's shape (POST /cypher's `{ error }`, GraphQL's `{ errors }` anywhere else),
 * and records its code on the request for its log line.
 */
export function sendError(
  req: express.Request,
  res: express.Response,
  status: number,
  code: string,
  message: string,
): void {
  requestOf(res).code = code;
  if (`${req.baseUrl}${req.path}`.startsWith('/cypher')) {
    res.status(status).json({ error: { code, message } });
  } else {
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  }
}
