/** The Bolt port of the embedded Neo4j: checking that it is free, finding a free one. */
import net from 'node:net';
import { EmbeddedNeo4jError } from './embedded.types';

export function portInUseError(port: number, detail: string): EmbeddedNeo4jError {
  return new EmbeddedNeo4jError(
    'PORT_IN_USE',
    `Port ${port} on 127.0.0.1 is already in use (${detail}), so the embedded Neo4j cannot listen for Bolt there. ` +
      'Stop whatever uses it (another Neo4j?), choose another port, or set NEO4J_URI to use the Neo4j already there.',
  );
}

/** Fails with PORT_IN_USE when 127.0.0.1:port cannot be bound. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(portInUseError(port, 'EADDRINUSE'));
      else
        reject(
          new EmbeddedNeo4jError('START_FAILED', `Cannot listen on 127.0.0.1:${port}: ${error.message}`),
        );
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port on 127.0.0.1 that was free a moment ago (for tests and tools). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}
