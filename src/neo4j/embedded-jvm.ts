/**
 * The life of the embedded Neo4j's JVM as a child process: spawning it, keeping the tail of its output for error
 * messages, stopping it, and the handle the caller holds while it runs.
 */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { PASSWORD_ENV } from './embedded-config';
import { javaCommand } from './embedded-java';
import type { EmbeddedNeo4j, JvmExit } from './embedded.types';

const STOP_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_LINES = 40;

export interface SpawnedJvm {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly exited: Promise<JvmExit>;
  /** Keeps a line of the JVM's output for error messages (its stderr, and stdout lines outside the protocol). */
  keep(line: string): void;
  /** The kept lines, ready to append to an error message ('' when there are none). */
  outputTail(): string;
}

export function spawnJvm(args: string[], home: string, password: string): SpawnedJvm {
  const child = spawn(javaCommand(), args, {
    cwd: home, // anything the JVM writes relative to its working directory (crash reports) stays in the data dir
    env: { ...process.env, [PASSWORD_ENV]: password },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only this process, which decides when Neo4j stops
    // (after the code using it has finished). If this process dies instead, the JVM sees its stdin close.
    detached: true,
  });
  // Nothing is ever written to the JVM's stdin: it only watches for end of file (this process is gone).
  child.stdin.on('error', () => undefined);

  const lines: string[] = [];
  const keep = (line: string): void => {
    lines.push(line);
    if (lines.length > OUTPUT_TAIL_LINES) lines.shift();
  };
  readline.createInterface({ input: child.stderr }).on('line', keep);

  const exited = new Promise<JvmExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const outputTail = (): string =>
    lines.length ? `\nLast lines of the JVM's output:\n${lines.join('\n')}` : '';
  return { child, exited, keep, outputTail };
}

/** SIGTERM, then SIGKILL if the JVM has not exited within graceMs. Resolves once it has exited. */
export async function terminate(
  child: ChildProcess,
  exited: Promise<JvmExit>,
  graceMs = STOP_TIMEOUT_MS,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** The handle of a JVM that is ready: an exit nobody asked for is logged; stop() is idempotent. */
export function runningHandle(
  jvm: SpawnedJvm,
  ready: { bolt: string; version: string },
  log: (line: string) => void,
): EmbeddedNeo4j {
  const { child, exited } = jvm;
  let stopping: Promise<void> | undefined;
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      log(
        `Neo4j (embedded, pid ${child.pid}) exited unexpectedly (${signal ?? `exit code ${code}`}).${jvm.outputTail()}`,
      );
    }
  });

  return {
    uri: ready.bolt,
    version: ready.version,
    pid: child.pid as number,
    exited,
    stop(): Promise<void> {
      stopping ??= terminate(child, exited);
      return stopping;
    },
  };
}
