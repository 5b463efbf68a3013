/**
 * Child-process plumbing. Every system runs in its own Node process, started by processes.ts with this module
 * preloaded (`node --require child.js <entry>`): when the parent goes away, even killed, the IPC channel closes and
 * the child stops itself (SIGTERM to itself, so the entry's own shutdown runs; a hard exit if that hangs).
 * peer.main.ts and raw.main.ts use runChild; our service's entry is its own src/main.ts, unchanged.
 */
import type { RunningSystem, SystemConnection } from './system';

const HARD_EXIT_MS = 5_000;

if (process.send) {
  process.on('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
  });
  // The channel must not keep a child alive once its server has stopped.
  process.channel?.unref();
}

/** The connection a child reads from its environment (the same variables our service reads). */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): SystemConnection {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  return {
    uri: required('NEO4J_URI'),
    username: env.NEO4J_USERNAME ?? 'neo4j',
    password: required('NEO4J_PASSWORD'),
    database: env.NEO4J_DATABASE ?? 'neo4j',
    host: env.HOST ?? '127.0.0.1',
    port: Number(required('PORT')),
  };
}

/** Starts a server from the environment and stops it on SIGINT/SIGTERM. */
export function runChild(start: (connection: SystemConnection) => Promise<RunningSystem>): void {
  start(connectionFromEnv()).then(
    (system) => {
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        system.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (error: unknown) => {
      console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
