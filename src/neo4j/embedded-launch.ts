/**
 * Launching the embedded Neo4j's JVM from a built classpath: the command line from config/neo4j.conf and the
 * options, then the start-up protocol on the JVM's stdout (one NEO4J_READY or NEO4J_FAILED line).
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../paths';
import {
  buildJvmArgs,
  garbageCollectorFlags,
  Neo4jConfError,
  PAGE_CACHE_SETTING,
  parseMemorySize,
  readNeo4jConf,
  splitConfForEmbedded,
  toJvmSize,
} from './embedded-config';
import { INSTALL_JDK, javaCommand } from './embedded-java';
import { runningHandle, spawnJvm, terminate, type SpawnedJvm } from './embedded-jvm';
import { defaultLog, displayPath, seconds } from './embedded-output';
import { portInUseError } from './embedded-port';
import { EmbeddedNeo4jError, type EmbeddedNeo4j, type EmbeddedNeo4jOptions } from './embedded.types';

export const DEFAULT_CONF_PATH = path.join(PROJECT_ROOT, 'config', 'neo4j.conf');

const DEFAULT_START_TIMEOUT_MS = 120_000;
const FAILED_START_STOP_TIMEOUT_MS = 10_000;
const MIN_PASSWORD_LENGTH = 8;

export function validateOptions(options: EmbeddedNeo4jOptions): void {
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

/** What the start-up wait needs to know to word its errors. */
interface StartContext {
  timeoutMs: number;
  boltPort: number;
  confPath: string;
  debugLog: string;
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
  const args = await jvmArgsFor(options, confPath, home, log);

  await mkdir(home, { recursive: true });
  const started = Date.now();
  const jvm = spawnJvm(args, home, options.password);
  let ready: ReadyMessage;
  try {
    ready = await waitUntilReady(jvm, {
      timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      boltPort: options.boltPort,
      confPath,
      debugLog: path.join(displayPath(home), 'logs', 'debug.log'),
    });
  } catch (error) {
    await terminate(jvm.child, jvm.exited, FAILED_START_STOP_TIMEOUT_MS);
    throw error;
  }

  const edition = ready.edition.charAt(0).toUpperCase() + ready.edition.slice(1);
  log(
    `Neo4j ${ready.version} ${edition} (embedded) ready at ${ready.bolt}, data in ${displayPath(home)}, ` +
      `started in ${seconds(Date.now() - started)}`,
  );
  return runningHandle(jvm, ready, log);
}

/** The JVM's command line: config/neo4j.conf with the heap and page cache of the options applied over it. */
async function jvmArgsFor(
  options: LaunchOptions,
  confPath: string,
  home: string,
  log: (line: string) => void,
): Promise<string[]> {
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
    return buildJvmArgs({
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
}

/**
 * Settles with the JVM's NEO4J_READY message, or rejects on NEO4J_FAILED, a spawn error, an exit or the timeout.
 * Must be called in the same tick as spawnJvm, so that no stdout line or spawn error is missed.
 */
function waitUntilReady(jvm: SpawnedJvm, context: StartContext): Promise<ReadyMessage> {
  const { child, exited } = jvm;
  const { timeoutMs, debugLog } = context;
  return new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new EmbeddedNeo4jError(
          'START_TIMEOUT',
          `Neo4j did not become ready within ${seconds(timeoutMs)}; see ${debugLog}.${jvm.outputTail()}`,
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
        settle(() => reject(failureFromJvm(failed, context)));
      } else {
        jvm.keep(line);
      }
    });
    void exited.then(({ code, signal }) =>
      settle(() =>
        reject(
          new EmbeddedNeo4jError(
            'START_FAILED',
            `The Neo4j JVM exited during start-up (${signal ?? `exit code ${code}`}); see ${debugLog}.` +
              jvm.outputTail(),
          ),
        ),
      ),
    );
  });
}

function failureFromJvm(failed: FailedMessage, context: StartContext): EmbeddedNeo4jError {
  switch (failed.code) {
    case 'PORT_IN_USE':
      return portInUseError(context.boltPort, failed.message);
    case 'CONFIG_INVALID':
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `Invalid Neo4j configuration (${displayPath(context.confPath)} or the options passed in): ${failed.message}`,
      );
    case 'DATA_DIR_LOCKED':
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `${failed.message}. Stop the other Neo4j or use another data directory.`,
      );
    default:
      return new EmbeddedNeo4jError(
        'START_FAILED',
        `Neo4j failed to start: ${failed.message}; see ${context.debugLog}.`,
      );
  }
}
