/**
 * The service under test as a child process, the way it runs in production: `node <outDir>/src/main.js` with
 * NODE_ENV=production, on 127.0.0.1 and a free port, against a given Neo4j. The load generator stays in the parent,
 * so the child's RSS (/proc/<pid>/status) is the service's alone.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '../../src/neo4j/embedded';
import { onCleanup, onExit, sleep } from './common';

export interface ServiceProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Resident set size of the service process, in MiB. */
  rssMiB(): Promise<number>;
  /** True while the process runs (it has not exited or been restarted). */
  alive(): boolean;
  /** The last lines it wrote (stdout and stderr), for a failure report. */
  outputTail(lines?: number): string;
  /** Its log lines at level error or fatal: how many, and how many of each kind (message, outcome, error). */
  loggedErrors(): { count: number; kinds: Record<string, number> };
  /** Calls `listener` with every line the service writes from now on (its JSON log lines, one each). */
  onLine(listener: (line: string) => void): void;
  /** SIGTERM, then SIGKILL after 15 s; idempotent. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  neo4jUri: string;
  neo4jPassword: string;
  /** More environment variables, over the defaults. */
  env?: Record<string, string>;
  /** How long GET /ready may take to answer 200. Default 60 s. */
  readyTimeoutMs?: number;
}

/** The compiled entry point, beside this compiled file: <outDir>/bench/proof/ → <outDir>/src/main.js. */
const MAIN = path.resolve(__dirname, '..', '..', 'src', 'main.js');

/** Starts the service and waits until GET /ready answers 200; stopped by the suite's cleanup in any case. */
export async function startServiceProcess(options: ServiceOptions): Promise<ServiceProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    // Only what the service needs: no NEO4J_*, GRAPHQL_* or LOG_* leaking in from the caller's shell.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      NEO4J_URI: options.neo4jUri,
      NEO4J_USERNAME: 'neo4j',
      NEO4J_PASSWORD: options.neo4jPassword,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const errors = { count: 0, kinds: {} as Record<string, number> };
  const listeners: Array<(line: string) => void> = [];
  let partial = '';
  const keep = (chunk: Buffer) => {
    // Whole lines only: a chunk may end inside one.
    const text = partial + chunk.toString('utf8');
    const cut = text.lastIndexOf('\n');
    partial = text.slice(cut + 1);
    const lines = text
      .slice(0, cut + 1)
      .split('\n')
      .filter(Boolean);
    for (const line of lines) for (const listener of listeners) listener(line);
    output.push(...lines);
    if (output.length > 400) output.splice(0, output.length - 200);
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line);
      if (level && Number(level[1]) >= 50) {
        errors.count += 1;
        const kind = summarizeLogLine(line);
        if (errors.kinds[kind] !== undefined || Object.keys(errors.kinds).length < 30) {
          errors.kinds[kind] = (errors.kinds[kind] ?? 0) + 1;
        }
      }
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const forget = onExit(() => {
    if (!exited) child.kill('SIGKILL');
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(killer);
      }
      forget();
    })());
  onCleanup(stop);

  const service: ServiceProcess = {
    url,
    pid: child.pid ?? -1,
    rssMiB: () => rssMiB(child.pid ?? -1),
    alive: () => !exited,
    outputTail: (lines = 20) => output.slice(-lines).join('\n'),
    loggedErrors: () => ({ count: errors.count, kinds: { ...errors.kinds } }),
    onLine: (listener) => listeners.push(listener),
    stop,
  };
  const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`The service exited during start-up:\n${service.outputTail()}`);
    const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return service;
    if (performance.now() > deadline) {
      throw new Error(`The service was not ready within the time allowed:\n${service.outputTail()}`);
    }
    await sleep(250);
  }
}

/** VmRSS of a process, in MiB (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!kb) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Math.round((Number(kb[1]) / 1024) * 10) / 10;
}

/** A JSON log line in short: its message, a request's outcome, an error's type, code and message. */
function summarizeLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as {
      msg?: string;
      outcome?: string;
      err?: { type?: string; message?: string; code?: string };
    };
    const outcome = entry.outcome ? ` ${entry.outcome}` : '';
    const err = entry.err
      ? ` [${entry.err.type ?? ''} ${entry.err.code ?? ''}: ${entry.err.message ?? ''}]`
      : '';
    return `${entry.msg ?? ''}${outcome}${err}`.slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}
