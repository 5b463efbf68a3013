/**
 * System (c), the floor: no GraphQL, no framework. A node:http handler per operation (POST /<operation> with a JSON
 * body of parameters) runs one hand-written Cypher query (raw.cypher.ts) through neo4j-driver, as an auto-commit
 * query in a READ session (what our service's Database.read does), and answers `{ "data": ... }`. GET /health
 * answers when it listens; GET /stats returns the queries it has sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';
import type { RecordShape } from 'neo4j-driver';
import { RAW_CYPHER } from './raw.cypher';
import type { RawQueryName } from './raw.cypher';
import type { RunningSystem, SystemConnection } from './system';

type Body = Record<string, unknown>;
type Run = (query: RawQueryName, params: Record<string, unknown>) => Promise<RecordShape[]>;

/** Each route: one query, its rows shaped into the answer. */
const ROUTES: Record<string, (body: Body, run: Run) => Promise<unknown>> = {
  '/lookup': async ({ id }, run) => (await run('lookup', { id }))[0]?.condition ?? null,
  '/page': async ({ after }, run) => {
    const position = after as { nameKey: string; id: string } | null | undefined;
    const rows = position
      ? await run('pageAfter', { afterKey: position.nameKey, afterId: position.id })
      : await run('page', {});
    return rows.map((row) => row.condition);
  },
  '/search': async ({ phrase }, run) => {
    const [row] = await run('search', { phrase });
    return { total: row?.total ?? 0, page: row?.page ?? [] };
  },
  '/twoHop': async ({ id }, run) => (await run('twoHop', { id })).map((row) => row.hop),
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the raw server on `host:port` (0: any free port). */
export async function startRawServer(connection: SystemConnection): Promise<RunningSystem> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    userAgent: 'bench-compare-raw',
    disableLosslessIntegers: true,
  });
  let queries = 0;
  const run: Run = async (query, params) => {
    queries += 1;
    const session = driver.session({ database: connection.database, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(RAW_CYPHER[query], params);
      return result.records.map((record) => record.toObject());
    } finally {
      await session.close();
    }
  };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/stats') return send(res, 200, { queries });
    const route = req.method === 'POST' ? ROUTES[path] : undefined;
    if (!route) return send(res, 404, { error: 'not found' });
    readBody(req)
      .then((text) => route(JSON.parse(text) as Body, run))
      .then(
        (data) => send(res, 200, { data }),
        (error: unknown) => send(res, 500, { error: error instanceof Error ? error.message : String(error) }),
      );
  });
  try {
    server.listen(connection.port, connection.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    await driver.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${connection.host}:${port}`,
    stop: () =>
      (stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await driver.close();
      })()),
  };
}
