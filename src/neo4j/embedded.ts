/**
 * Runs a real Neo4j 5.26 Community in a child JVM, built from Maven Central artifacts by the Maven module in
 * neo4j-embedded/ (no Docker, no Neo4j installation). Used when no NEO4J_URI is configured, and by the test setup.
 *
 * - The JVM binds Bolt to 127.0.0.1:<boltPort> only, keeps Neo4j's data and logs under dataDir, and applies the
 *   settings of config/neo4j.conf (heap settings become -Xms/-Xmx).
 * - The password reaches the JVM through an environment variable and is set on the user neo4j at every start.
 * - The JVM shuts Neo4j down cleanly on SIGTERM/SIGINT and also when its stdin (a pipe from this process) closes, so
 *   a parent that dies, even by SIGKILL, leaves no JVM behind.
 *
 * Knows nothing about the application that uses it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {
  garbageCollectorFlags,
  buildJvmArgs,
  MIN_JAVA_MAJOR,
  Neo4jConfError,
  PAGE_CACHE_SETTING,
  parseJavaVersion,
  parseMemorySize,
  PASSWORD_ENV,
  readNeo4jConf,
  splitConfForEmbedded,
  toJvmSize,
} from './embedded-config';
import { PROJECT_ROOT } from '../paths';

export interface EmbeddedNeo4jOptions {
  /** Absolute or relative path; created if missing; data survives restarts. Neo4j's own logs go to <dataDir>/logs. */
  dataDir: string;
  /** Bolt listens on 127.0.0.1:boltPort only. */
  boltPort: number;
  /** >= 8 characters; applied to the built-in user 'neo4j' on every start (auth is always on). */
  password: string;
  /** JVM heap (-Xms and -Xmx), e.g. '512m'; default from config/neo4j.conf. */
  heap?: string;
  /** Page cache, e.g. '256m'; default from config/neo4j.conf. */
  pageCache?: string;
  /** Progress lines for humans (default: write to stderr). */
  log?: (line: string) => void;
  /** How long the JVM may take to become ready, not counting a Maven build. Default 120000. */
  startTimeoutMs?: number;
}

export interface EmbeddedNeo4j {
  /** 'bolt://127.0.0.1:<port>' */
  readonly uri: string;
  /** The Neo4j version actually running, as reported by the JVM, e.g. '5.26.30'. */
  readonly version: string;
  /** The JVM's process id. */
  readonly pid: number;
  /** Settles when the JVM has exited, for whatever reason (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, wait for the JVM to exit (SIGKILL after a timeout); idempotent. */
  stop(): Promise<void>;
}

export type EmbeddedNeo4jErrorCode =
  | 'JAVA_MISSING'
  | 'JAVA_TOO_OLD'
  | 'MAVEN_MISSING'
  | 'PORT_IN_USE'
  | 'BUILD_FAILED'
  | 'START_FAILED'
  | 'START_TIMEOUT';

export class EmbeddedNeo4jError extends Error {
  override readonly name = 'EmbeddedNeo4jError';
  constructor(
    readonly code: EmbeddedNeo4jErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ROOT = PROJECT_ROOT;
export const EMBEDDED_MODULE_DIR = path.join(ROOT, 'neo4j-embedded');
export const DEFAULT_CONF_PATH = path.join(ROOT, 'config', 'neo4j.conf');
const TARGET_DIR = path.join(EMBEDDED_MODULE_DIR, 'target');
const STAMP_FILE = path.join(TARGET_DIR, '.build-stamp');

const DEFAULT_START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
const FAILED_START_STOP_TIMEOUT_MS = 10_000;
const OUTPUT_TAIL_LINES = 40;
const MAVEN_TAIL_LINES = 40;
const MIN_PASSWORD_LENGTH = 8;

const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// ---------------------------------------------------------------------------------------------------------------
// Java and Maven

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set (as Maven and Neo4j's scripts do), else PATH. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function run(
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

const INSTALL_JDK =
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

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

function tail(text: string, lines: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the Maven module

function classpath(): string {
  return [path.join(TARGET_DIR, 'classes'), path.join(TARGET_DIR, 'lib', '*')].join(path.delimiter);
}

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) {
    newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** True when target/ lacks a complete build newer than pom.xml and every file under src/. */
async function buildNeeded(): Promise<boolean> {
  const stamp = await stat(STAMP_FILE).catch(() => undefined);
  if (!stamp) return true;
  const mainClass = path.join(
    TARGET_DIR,
    'classes',
    'local',
    'myoclonus',
    'neo4j',
    'EmbeddedNeo4jMain.class',
  );
  const jars = await readdir(path.join(TARGET_DIR, 'lib')).catch(() => [] as string[]);
  if (!existsSync(mainClass) || !jars.some((name) => name.startsWith('neo4j-'))) return true;
  const sources = Math.max(
    await newestMtime(path.join(EMBEDDED_MODULE_DIR, 'pom.xml')),
    await newestMtime(path.join(EMBEDDED_MODULE_DIR, 'src')),
  );
  return stamp.mtimeMs < sources;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return true;
}

/** One Maven build at a time per checkout (the service and a test run may both want one). */
async function withBuildLock<T>(log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const hash = createHash('sha1').update(EMBEDDED_MODULE_DIR).digest('hex').slice(0, 12);
  const lock = path.join(os.tmpdir(), `neo4j-embedded-build-${hash}.lock`);
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? 0);
      if ((Number.isInteger(owner) && !isAlive(owner)) || (!Number.isInteger(owner) && age > 10_000)) {
        await rm(lock, { recursive: true, force: true }); // left behind by a process that died
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedNeo4jError(
          'BUILD_FAILED',
          `Timed out waiting for another Maven build (lock ${lock}).`,
        );
      }
      if (!announced) {
        log(`Waiting for another process (pid ${owner}) to finish building neo4j-embedded...`);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function neo4jVersionInPom(): Promise<string | undefined> {
  const pom = await readFile(path.join(EMBEDDED_MODULE_DIR, 'pom.xml'), 'utf8');
  return /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom)?.[1];
}

async function runMavenBuild(log: (line: string) => void): Promise<void> {
  const version = await neo4jVersionInPom();
  const m2 = path.join(os.homedir(), '.m2', 'repository', 'org', 'neo4j', 'neo4j', version ?? '?');
  const cached = existsSync(m2);
  log(
    cached
      ? 'Building neo4j-embedded with Maven (artifacts already in ~/.m2)...'
      : `Building neo4j-embedded with Maven: downloading Neo4j ${version ?? ''} and its dependencies ` +
          '(about 110 MB) from Maven Central into ~/.m2, once...',
  );
  // A clean target/ so that jars of a previous Neo4j version never stay on the classpath.
  await rm(TARGET_DIR, { recursive: true, force: true });
  const started = Date.now();
  let result: RunResult;
  try {
    result = await run('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', 'pom.xml', 'process-classes'], {
      cwd: EMBEDDED_MODULE_DIR,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EmbeddedNeo4jError(
        'MAVEN_MISSING',
        'The embedded Neo4j is built from Maven Central artifacts the first time, but `mvn` is not on the PATH. ' +
          'Install Apache Maven 3.6+ (e.g. `apt-get install maven`, `brew install maven`), or set NEO4J_URI to ' +
          'use a Neo4j you already run.',
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    await rm(TARGET_DIR, { recursive: true, force: true });
    throw new EmbeddedNeo4jError(
      'BUILD_FAILED',
      `Building neo4j-embedded failed (mvn exited with ${result.code ?? result.signal}) after ${seconds(
        Date.now() - started,
      )}. Last lines of Maven's output:\n${tail(stripAnsi(result.output), MAVEN_TAIL_LINES) || '(no output)'}\n` +
        `Retry with: cd ${EMBEDDED_MODULE_DIR} && mvn -B process-classes`,
    );
  }
  await writeFile(STAMP_FILE, `${new Date().toISOString()}\n`);
  const jars = (await readdir(path.join(TARGET_DIR, 'lib'))).length;
  log(
    `neo4j-embedded built in ${seconds(Date.now() - started)} (${jars} jars in neo4j-embedded/target/lib).`,
  );
}

/** Builds the Maven module only when target/ is missing or older than pom.xml / the Java sources; returns the classpath. */
export async function ensureEmbeddedBuilt(
  log: (line: string) => void = defaultLog,
): Promise<{ classpath: string; built: boolean }> {
  if (!(await buildNeeded())) return { classpath: classpath(), built: false };
  return withBuildLock(log, async () => {
    if (!(await buildNeeded())) return { classpath: classpath(), built: false }; // built while we waited
    await runMavenBuild(log);
    return { classpath: classpath(), built: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Ports

function portInUseError(port: number, detail: string): EmbeddedNeo4jError {
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

// ---------------------------------------------------------------------------------------------------------------
// Starting the JVM

function validateOptions(options: EmbeddedNeo4jOptions): void {
  const { boltPort, password, dataDir } = options;
  if (!Number.isInteger(boltPort) || boltPort < 1 || boltPort > 65535) {
    throw new EmbeddedNeo4jError(
      'START_FAILED',
      `boltPort must be an integer from 1 to 65535, got ${boltPort}.`,
    );
  }
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new EmbeddedNeo4jError(
      'START_FAILED',
      `The Neo4j password must have at least ${MIN_PASSWORD_LENGTH} characters (Neo4j's minimum).`,
    );
  }
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new EmbeddedNeo4jError('START_FAILED', 'dataDir must be a non-empty path.');
  }
}

function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}

export interface LaunchOptions extends EmbeddedNeo4jOptions {
  /** Classpath from ensureEmbeddedBuilt(). */
  classpath: string;
  /** The neo4j.conf to apply; default config/neo4j.conf. */
  confPath?: string;
}

interface ReadyMessage {
  version: string;
  edition: string;
  bolt: string;
}

interface FailedMessage {
  code: string;
  message: string;
}

/**
 * Spawns the JVM and waits until Neo4j is ready. Lower level than startEmbeddedNeo4j: no Java, port or build checks
 * (tests use it to see the JVM's own handling of those cases).
 */
export async function launchEmbeddedJvm(options: LaunchOptions): Promise<EmbeddedNeo4j> {
  validateOptions(options);
  const log = options.log ?? defaultLog;
  const confPath = options.confPath ?? DEFAULT_CONF_PATH;
  const home = path.resolve(options.dataDir);
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  let args: string[];
  try {
    const conf = splitConfForEmbedded(await readNeo4jConf(confPath));
    for (const key of conf.ignored)
      log(`${displayPath(confPath)}: ${key} ignored, the embedded launcher sets it.`);
    let settings = conf.settings;
    if (options.pageCache !== undefined) {
      parseMemorySize(options.pageCache);
      settings = [
        ...settings.filter(([key]) => key !== PAGE_CACHE_SETTING),
        [PAGE_CACHE_SETTING, options.pageCache],
      ];
    }
    const heap = options.heap === undefined ? undefined : toJvmSize(options.heap);
    args = buildJvmArgs({
      classpath: options.classpath,
      home,
      boltPort: options.boltPort,
      heapInitial: heap ?? conf.heapInitial,
      heapMax: heap ?? conf.heapMax,
      settings,
      jvmAdditional: [
        ...garbageCollectorFlags(os.availableParallelism(), conf.jvmAdditional),
        ...conf.jvmAdditional,
      ],
    });
  } catch (error) {
    if (error instanceof Neo4jConfError) {
      throw new EmbeddedNeo4jError('START_FAILED', `Invalid Neo4j configuration: ${error.message}`);
    }
    throw error;
  }

  await mkdir(home, { recursive: true });
  const started = Date.now();
  const child = spawn(javaCommand(), args, {
    cwd: home, // anything the JVM writes relative to its working directory (crash reports) stays in the data dir
    env: { ...process.env, [PASSWORD_ENV]: options.password },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only this process, which decides when Neo4j stops
    // (after the code using it has finished). If this process dies instead, the JVM sees its stdin close.
    detached: true,
  });
  // Nothing is ever written to the JVM's stdin: it only watches for end of file (this process is gone).
  child.stdin.on('error', () => undefined);

  const outputTail: string[] = []; // the JVM's stderr, and any stdout line that is not part of the protocol
  const keep = (line: string): void => {
    outputTail.push(line);
    if (outputTail.length > OUTPUT_TAIL_LINES) outputTail.shift();
  };
  readline.createInterface({ input: child.stderr }).on('line', keep);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const stderrTail = (): string =>
    outputTail.length ? `\nLast lines of the JVM's output:\n${outputTail.join('\n')}` : '';
  const debugLog = path.join(displayPath(home), 'logs', 'debug.log');

  let ready: ReadyMessage;
  try {
    ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new EmbeddedNeo4jError(
            'START_TIMEOUT',
            `Neo4j did not become ready within ${seconds(timeoutMs)}; see ${debugLog}.${stderrTail()}`,
          ),
        );
      }, timeoutMs);
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        fn();
      };
      child.once('error', (error: NodeJS.ErrnoException) =>
        settle(() =>
          reject(
            error.code === 'ENOENT'
              ? new EmbeddedNeo4jError('JAVA_MISSING', `Cannot run \`${javaCommand()}\`. ${INSTALL_JDK}`)
              : new EmbeddedNeo4jError('START_FAILED', `Cannot start the JVM: ${error.message}`),
          ),
        ),
      );
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('NEO4J_READY ')) {
          settle(() => resolve(JSON.parse(line.slice('NEO4J_READY '.length)) as ReadyMessage));
        } else if (line.startsWith('NEO4J_FAILED ')) {
          const failed = JSON.parse(line.slice('NEO4J_FAILED '.length)) as FailedMessage;
          settle(() => reject(failureFromJvm(failed, options.boltPort, confPath, debugLog)));
        } else {
          keep(line);
        }
      });
      void exited.then(({ code, signal }) =>
        settle(() =>
          reject(
            new EmbeddedNeo4jError(
              'START_FAILED',
              `The Neo4j JVM exited during start-up (${signal ?? `exit code ${code}`}); see ${debugLog}.` +
                stderrTail(),
            ),
          ),
        ),
      );
    });
  } catch (error) {
    await terminate(child, exited, FAILED_START_STOP_TIMEOUT_MS);
    throw error;
  }

  const edition = ready.edition.charAt(0).toUpperCase() + ready.edition.slice(1);
  log(
    `Neo4j ${ready.version} ${edition} (embedded) ready at ${ready.bolt}, data in ${displayPath(home)}, ` +
      `started in ${seconds(Date.now() - started)}`,
  );

  let stopping: Promise<void> | undefined;
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      log(
        `Neo4j (embedded, pid ${child.pid}) exited unexpectedly (${signal ?? `exit code ${code}`}).${stderrTail()}`,
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

function failureFromJvm(
  failed: FailedMessage,
  port: number,
  confPath: string,
  debugLog: string,
): EmbeddedNeo4jError {
  switch (failed.code) {
    case 'PORT_IN_USE':
      return portInUseError(port, failed.message);
    case 'CONFIG_INVALID':
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `Invalid Neo4j configuration (${displayPath(confPath)} or the options passed in): ${failed.message}`,
      );
    case 'DATA_DIR_LOCKED':
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `${failed.message}. Stop the other Neo4j or use another data directory.`,
      );
    default:
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `Neo4j failed to start: ${failed.message}; see ${debugLog}.`,
      );
  }
}

/** SIGTERM, then SIGKILL if the JVM has not exited within graceMs. Resolves once it has exited. */
async function terminate(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
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

/**
 * Starts Neo4j in a child JVM: checks Java (>= 17) and that the Bolt port is free, builds the Maven module if
 * needed, then waits until the JVM reports that every database is available and the password is set.
 */
export async function startEmbeddedNeo4j(options: EmbeddedNeo4jOptions): Promise<EmbeddedNeo4j> {
  validateOptions(options);
  const log = options.log ?? defaultLog;
  await checkJava();
  await assertPortFree(options.boltPort);
  const { classpath: cp } = await ensureEmbeddedBuilt(log);
  return launchEmbeddedJvm({ ...options, log, classpath: cp });
}
