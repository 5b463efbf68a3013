import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBenchData } from '../harness';
import { checkIdentity } from './compare';
import { OPERATION_NAMES, prepareOperations } from './operations';
import type { PreparedOperation } from './operations';
import { startPeerServer } from './peer.server';
import { startRawServer } from './raw.server';
import { measureRoundTrips } from './round-trips';
import type { RunningSystem, SystemName } from './system';
import { planWorkload, resolveWorkload } from './workload';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Database } from '../../src/neo4j/database';
import { startService } from '../../src/service';
import { openTestDatabase, resetToSeed } from '../../tests/helpers/db';

/**
 * The comparison benchmark (bench/compare) is only fair if its three systems return the same data. These tests run
 * its operations, inputs and identity check, the very modules `npm run bench` uses, against the three systems
 * started in-process here (the benchmark runs the same servers as child processes) on the seed and a small
 * generated graph.
 */
describe('the comparison benchmark', () => {
  let db: Database;
  const running: RunningSystem[] = [];
  let urls: Record<SystemName, string>;
  let operations: PreparedOperation[];

  beforeAll(async () => {
    db = openTestDatabase();
    await loadBenchData(db, 600);
    const neo4j = {
      uri: process.env.NEO4J_TEST_URI!,
      username: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_TEST_PASSWORD ?? '',
      database: process.env.NEO4J_TEST_DATABASE ?? 'neo4j',
    };
    // Ours as deployed (response cache on) and with the cache off: the bench times both.
    const startOurs = (cacheMb?: string) =>
      startService(
        loadConfig({
          NEO4J_URI: neo4j.uri,
          NEO4J_USERNAME: neo4j.username,
          NEO4J_PASSWORD: neo4j.password,
          NEO4J_DATABASE: neo4j.database,
          PORT: '0',
          SEED_ON_EMPTY: 'false',
          QUERY_STATS: 'true',
          ...(cacheMb === undefined ? {} : { RESPONSE_CACHE_MB: cacheMb }),
        }),
        createLogger('warn', 'json'),
      );
    const ours = await startOurs();
    running.push(ours);
    const uncached = await startOurs('0');
    running.push(uncached);
    const peer = await startPeerServer({ ...neo4j, host: '127.0.0.1', port: 0 });
    running.push(peer);
    const raw = await startRawServer({ ...neo4j, host: '127.0.0.1', port: 0 });
    running.push(raw);
    urls = { ours: ours.url, uncached: uncached.url, peer: peer.url, raw: raw.url };
    const plan = await planWorkload(db, { lookup: 8, page: 3, search: 8, twoHop: 8 });
    operations = prepareOperations(await resolveWorkload(plan, ours.url));
  });

  afterAll(async () => {
    for (const system of running.reverse()) await system.stop();
    await resetToSeed(db);
    await db.close();
  });

  it('gets the same data from our service (cache on and off), @neo4j/graphql and raw Cypher for every input of every operation', async () => {
    const report = await checkIdentity(urls, operations);
    expect(report.failures).toEqual([]);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
    // Identical but empty results would prove nothing: every operation compared real data.
    expect(report.coverage.map((c) => c.operation)).toEqual([...OPERATION_NAMES]);
    for (const c of report.coverage) {
      expect({ operation: c.operation, inputs: c.inputs }).toEqual({
        operation: c.operation,
        inputs: operations.find((o) => o.name === c.operation)!.items.length,
      });
      expect({ operation: c.operation, withData: c.nonEmpty > 0, ids: c.ids > c.inputs }).toEqual({
        operation: c.operation,
        withData: true,
        ids: true,
      });
    }
    // The page operation starts on the first page and on later ones, each system with its own position.
    const page = operations.find((o) => o.name === 'page')!;
    expect(page.items[0]!.label).toBe('offset 0');
    expect(page.items.slice(1).every((i) => i.label !== 'offset 0')).toBe(true);
  });

  it('finds a system that returns other data, and one that answers with an error', async () => {
    // Raw Cypher behind a proxy that renames every looked-up condition and fails every search.
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/search') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'tampered' }));
          return;
        }
        void fetch(`${urls.raw}${req.url}`, { method: 'POST', body: Buffer.concat(chunks) })
          .then((r) => r.json() as Promise<{ data: { name?: string } | null }>)
          .then((json) => {
            if (req.url === '/lookup' && json.data) json.data.name = `${json.data.name} (tampered)`;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(json));
          });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      // The pages are the slow part and add nothing here.
      const report = await checkIdentity(
        { ...urls, raw: proxyUrl },
        operations.filter((o) => o.name !== 'page'),
      );
      const lookups = operations.find((o) => o.name === 'lookup')!.items.length;
      const searches = operations.find((o) => o.name === 'search')!.items.length;
      expect(report.ok).toBe(false);
      expect(report.mismatches).toHaveLength(lookups);
      expect(report.mismatches.every((m) => m.operation === 'lookup' && m.against === 'raw')).toBe(true);
      expect(report.mismatches[0]).toMatchObject({
        path: '$.name',
        right: `${report.mismatches[0]!.left} (tampered)`,
      });
      expect(report.failures).toHaveLength(searches);
      expect(report.failures[0]).toMatchObject({ operation: 'search', system: 'raw', message: 'tampered' });
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('counts one Neo4j round trip per request for raw Cypher and for @neo4j/graphql, a few for ours, none once cached', async () => {
    for (const op of operations) {
      const sample = op.items.slice(0, 1);
      expect({ op: op.name, raw: await measureRoundTrips('raw', urls.raw, sample) }).toEqual({
        op: op.name,
        raw: 1,
      });
      expect({ op: op.name, peer: await measureRoundTrips('peer', urls.peer, sample) }).toEqual({
        op: op.name,
        peer: 1,
      });
      const computed = await measureRoundTrips('uncached', urls.uncached, sample);
      // One per relationship field of the query at most, and one for the sources its evidence cites (docs: round
      // trips grow with depth, never with results).
      expect({ op: op.name, oursWithinDepth: computed >= 1 && computed <= 8 }).toEqual({
        op: op.name,
        oursWithinDepth: true,
      });
      // Ours as deployed answered these inputs in the identity check: from its cache now, with no round trip.
      expect({ op: op.name, cached: await measureRoundTrips('ours', urls.ours, sample) }).toEqual({
        op: op.name,
        cached: 0,
      });
    }
  });
});
