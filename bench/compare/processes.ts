/**
 * The three systems as child processes, one Node process each, so that the load generator shares an event loop
 * with none of them. Every child has child.js preloaded (it stops when this process goes away, even killed);
 * on top of that every child still running is SIGKILLed when this process exits.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../../src/neo4j/embedded';
import type { RunningSystem, SystemConnection, SystemName } from './system';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL = 30;

/** Compiled entries, found beside this file whatever the output folder (dist-bench, dist-compare...). */
const ENTRIES: Record<SystemName, { entry: string; readyPath: string }> = {
  ours: { entry: path.join(__dirname, '..', '..', 'src', 'main.js'), readyPath: '/ready' },
  uncached: { entry: path.join(__dirname, '..', '..', 'src', 'main.js'), readyPath: '/ready' },
  peer: { entry: path.join(__dirname, 'peer.main.js'), readyPath: '/health' },
  raw: { entry: path.join(__dirname, 'raw.main.js'), readyPath: '/health' },
};

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ChildSystem extends RunningSystem {
  pid: number;
  /** The last lines the child wrote. */
  output(): string;
}

export interface SpawnOptions {
  /** Extra flags for node, such as --cpu-prof. */
  nodeArgs?: string[];
}

function environment(system: SystemName, connection: SystemConnection): Record<string, string> {
  // All three as deployed: graphql-js and Apollo skip their development-only checks in production.
  const common = {
    NODE_ENV: 'production',
    NEO4J_URI: connection.uri,
    NEO4J_USERNAME: connection.username,
    NEO4J_PASSWORD: connection.password,
    NEO4J_DATABASE: connection.database,
    HOST: connection.host,
    PORT: String(connection.port),
  };
  // Ours as `npm start` runs it, minus the seeding and the info logs; QUERY_STATS only adds the counts it always
  // keeps to the response.
  const ours = { ...common, SEED_ON_EMPTY: 'false', LOG_LEVEL: 'warn', QUERY_STATS: 'true' };
  if (system === 'ours') return ours;
  if (system === 'uncached') return { ...ours, RESPONSE_CACHE_MB: '0' };
  return common;
}

/** Starts one system in its own process and waits until it answers its readiness check. */
export async function spawnSystem(
  system: SystemName,
  connection: Omit<SystemConnection, 'port' | 'host'>,
  options: SpawnOptions = {},
): Promise<ChildSystem> {
  const port = await findFreePort();
  const host = '127.0.0.1';
  const { entry, readyPath } = ENTRIES[system];
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--require', path.join(__dirname, 'child.js'), entry],
    {
      env: { ...process.env, ...environment(system, { ...connection, host, port }) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_TAIL));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = `http://${host}:${port}`;
  const output = () => lines.join('\n');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    })());

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${system} exited before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${system} was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
    }
    const ok = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, pid: child.pid!, stop, output };
}
