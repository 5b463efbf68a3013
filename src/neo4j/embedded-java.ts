/** Finding and checking Java, and running a short-lived program (java -version, mvn) to completion. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MIN_JAVA_MAJOR, parseJavaVersion } from './embedded-config';
import { EmbeddedNeo4jError } from './embedded.types';

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set (as Maven and Neo4j's scripts do), else PATH. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a program to its end and collects its stdout and stderr together. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

export const INSTALL_JDK =
  'Install a JDK 17 or newer (e.g. `apt-get install openjdk-17-jdk-headless`, `brew install openjdk@17`) and put ' +
  '`java` on the PATH or set JAVA_HOME, or set NEO4J_URI to use a Neo4j you already run.';

/** Checks that Java >= 17 is available; returns its feature release number. */
export async function checkJava(java = javaCommand()): Promise<number> {
  let result: RunResult;
  try {
    result = await run(java, ['-version'], { timeoutMs: 30_000 });
  } catch (error) {
    throw new EmbeddedNeo4jError(
      'JAVA_MISSING',
      `The embedded Neo4j needs Java, but \`${java}\` could not be run (${(error as Error).message}). ${INSTALL_JDK}`,
    );
  }
  const major = parseJavaVersion(result.output);
  if (result.code !== 0 || major === undefined) {
    throw new EmbeddedNeo4jError(
      'JAVA_MISSING',
      `\`${java} -version\` did not report a Java version (exit ${result.code}): ${result.output.trim()}. ${INSTALL_JDK}`,
    );
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new EmbeddedNeo4jError(
      'JAVA_TOO_OLD',
      `The embedded Neo4j 5.26 needs Java ${MIN_JAVA_MAJOR} or newer, but \`${java}\` is Java ${major}. ${INSTALL_JDK}`,
    );
  }
  return major;
}
