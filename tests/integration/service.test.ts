import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Database } from '../../src/neo4j/database';
import { startService } from '../../src/service';
import { clearGraph, openTestDatabase, realSeedPlan, resetToSeed } from '../helpers/db';

/** The whole service as `npm start` runs it, against the test Neo4j by URI. */
describe('the service', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(async () => {
    await resetToSeed(db);
    await db.close();
  });

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({
      NEO4J_URI: process.env.NEO4J_TEST_URI,
      NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME,
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD,
      NEO4J_DATABASE: process.env.NEO4J_TEST_DATABASE,
      PORT: '0',
      ...extra,
    });

  it('seeds an empty graph on its first start, serves GraphQL, and stops cleanly', async () => {
    await clearGraph(db);
    const lines: string[] = [];
    const logger = createLogger('info', 'json');
    logger.info = ((msg: string) => lines.push(msg)) as never;
    const service = await startService(config(), logger);
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.some((l) => l.startsWith('First start: seeded an empty graph.'))).toBe(true);
      expect((await fetch(`${service.url}/ready`)).status).toBe(200);
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ conditions(first: 0) { totalCount } }' }),
      });
      const plan = await realSeedPlan();
      const conditions = plan.concepts.filter((c) => c.kind === 'Condition' || c.kind === 'Cancer').length;
      expect(await response.json()).toEqual({ data: { conditions: { totalCount: conditions } } });
    } finally {
      await service.stop();
    }
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
  });

  it('runs the common requests once before it listens, without a failure, and not with WARMUP_ON_START=false', async () => {
    await resetToSeed(db);
    const capture = () => {
      const lines: string[] = [];
      const logger = createLogger('info', 'json');
      logger.info = ((msg: string) => lines.push(msg)) as never;
      logger.warn = ((obj: unknown, msg: string) => lines.push(`${msg} ${JSON.stringify(obj)}`)) as never;
      return { lines, logger };
    };
    const on = capture();
    const service = await startService(config(), on.logger);
    await service.stop();
    const warmed = on.lines.filter((l) => l.startsWith('Warmed up:'));
    expect(warmed).toHaveLength(1);
    // On the seed every request has its inputs: 4 searches, the ids, a condition, a region, an xref; none failed.
    expect(warmed[0]).toMatch(/^Warmed up: 8 requests in \d+ ms$/);

    const off = capture();
    const quiet = await startService(config({ WARMUP_ON_START: 'false' }), off.logger);
    await quiet.stop();
    expect(off.lines.some((l) => l.startsWith('Warmed up'))).toBe(false);
  });

  it('does not seed again on a later start, and not at all with SEED_ON_EMPTY=false', async () => {
    await resetToSeed(db);
    const lines: string[] = [];
    const logger = createLogger('info', 'json');
    logger.info = ((msg: string) => lines.push(msg)) as never;
    const again = await startService(config(), logger);
    await again.stop();
    expect(lines.some((l) => l.startsWith('First start'))).toBe(false);

    await clearGraph(db);
    const off = await startService(config({ SEED_ON_EMPTY: 'false' }), createLogger('silent'));
    await off.stop();
    const [row] = await db.read<{ concepts: number }>('RETURN COUNT { (:Concept) } AS concepts');
    expect(row?.concepts).toBe(0);
  });
});
