import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { testNeo4jUri } from './db';

/**
 * A loopback TCP proxy in front of Neo4j that a test can make hang or go away, without touching the Neo4j that
 * other tests share:
 * - `hang()`: connections stay open (and new ones are accepted) but no byte is passed on, in either direction,
 *   until `resume()`: Neo4j as seen by a client when it hangs (a long GC pause, a stopped process, a dead link);
 * - `cut()`: every connection is reset and new ones are refused, until `restore()`: Neo4j stopped or gone.
 */
export class TcpProxy {
  private server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: Buffer[][] }>();
  private hung = false;
  /** Connections accepted since the proxy started (one per driver connection). */
  connections = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    server: net.Server,
  ) {
    this.server = server;
  }

  /** A proxy on a free loopback port, passing everything to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    await listenOn(server, 0);
    const proxy = new TcpProxy(target, (server.address() as AddressInfo).port, server);
    proxy.accept(server);
    return proxy;
  }

  /** A proxy in front of the test run's own Neo4j (NEO4J_TEST_URI). */
  static async toTestNeo4j(): Promise<TcpProxy> {
    const target = new URL(testNeo4jUri().replace(/^bolt/, 'http'));
    return TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  }

  /** bolt://127.0.0.1:<port>. */
  get uri(): string {
    return `bolt://127.0.0.1:${this.port}`;
  }

  hang(): void {
    this.hung = true;
  }

  /** Passes on everything held back while hung, then everything new. */
  resume(): void {
    this.hung = false;
    for (const pair of this.pairs) {
      const [toUpstream, toClient] = pair.held;
      for (const chunk of toUpstream ?? []) pair.upstream.write(chunk);
      for (const chunk of toClient ?? []) pair.client.write(chunk);
      pair.held = [[], []];
    }
  }

  /** Resets every connection and stops listening: connecting is refused until restore(). */
  async cut(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    const server = net.createServer();
    await listenOn(server, this.port);
    this.server = server;
    this.accept(server);
  }

  async close(): Promise<void> {
    await this.cut().catch(() => undefined);
  }

  private accept(server: net.Server): void {
    server.on('connection', (client) => {
      this.connections += 1;
      const upstream = net.connect(this.target.port, this.target.host);
      const pair = { client, upstream, held: [[], []] as Buffer[][] };
      this.pairs.add(pair);
      client.on('data', (chunk: Buffer) => {
        if (this.hung) pair.held[0]?.push(chunk);
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (this.hung) pair.held[1]?.push(chunk);
        else client.write(chunk);
      });
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
  }
}

async function listenOn(server: net.Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
