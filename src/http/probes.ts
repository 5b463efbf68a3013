import express from 'express';
import type { Database } from '../neo4j/database';
import { newRequestScope } from '../neo4j/database';
import { schemaApplied } from '../neo4j/schema';
import type { Metrics } from '../observability/metrics';

/** GET /ready's own deadline: a probe (a load balancer's, Kubernetes') must get an answer before its own timeout. */
const READY_TIMEOUT_MS = 2_000;

/**
 * GET /metrics (when on), GET /health (process up), GET /ready (Neo4j answers, schema applied; 503 once `draining`
 * says stopping has started, so that a load balancer sends nothing new).
 */
export function probes(db: Database, metrics: Metrics | undefined, draining: () => boolean): express.Router {
  const router = express.Router();
  if (metrics) {
    router.get('/metrics', async (_req, res) => {
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(await metrics.text());
    });
  }
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'stopping', neo4j: null, schema: null });
      return;
    }
    // A probe answers within its own short deadline, even when Neo4j hangs.
    const scope = newRequestScope(READY_TIMEOUT_MS);
    const reachable = await db.ping(scope);
    const applied = reachable ? await schemaApplied(db, scope).catch(() => false) : false;
    const ready = reachable && applied;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', neo4j: reachable, schema: applied });
  });
  return router;
}
