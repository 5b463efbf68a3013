/**
 * Pure helpers for the embedded Neo4j controller (./embedded.ts): reading config/neo4j.conf, parsing `java -version`,
 * building the JVM's command line, and mapping settings to the Neo4j Docker image's environment variables.
 * No I/O except readNeo4jConf.
 */
import { readFile } from 'node:fs/promises';

/** The launcher's main class (neo4j-embedded/src/main/java/local/myoclonus/neo4j/EmbeddedNeo4jMain.java). */
export const EMBEDDED_MAIN_CLASS = 'local.myoclonus.neo4j.EmbeddedNeo4jMain';

/** The environment variable that carries the password to the JVM (never the command line). */
export const PASSWORD_ENV = 'NEO4J_EMBEDDED_PASSWORD';

/** Oldest Java that Neo4j 5.26 runs on. */
export const MIN_JAVA_MAJOR = 17;

export const HEAP_INITIAL_SETTING = 'server.memory.heap.initial_size';
export const HEAP_MAX_SETTING = 'server.memory.heap.max_size';
export const PAGE_CACHE_SETTING = 'server.memory.pagecache.size';
export const JVM_ADDITIONAL_SETTING = 'server.jvm.additional';

/**
 * JVM flags Neo4j 5.26 needs on Java 17 (found by starting it without them and reading logs/debug.log):
 * - java.nio: the page cache reaches DirectByteBuffer by reflection; without it Neo4j warns "Reflection access to
 *   java.nio.DirectByteBuffer is not available, using fallback mode" (slower, more memory).
 * - sun.nio.ch and java.io: the transaction-log and checkpoint writers take the file descriptor out of FileChannelImpl
 *   and FileDescriptor to preallocate and fadvise; without both, every log file warns "Incorrect file descriptor"
 *   and preallocation is skipped.
 * - io.netty.tryReflectionSetAccessible: lets Bolt's Netty use the java.nio access above for direct buffers, as the
 *   Neo4j server's own launcher does.
 */
export const JVM_REQUIRED_FLAGS: readonly string[] = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
];

/**
 * The garbage collector for the embedded Neo4j on a machine with `cores` cores, given the JVM flags config/neo4j.conf
 * adds: the serial collector on 2 cores or fewer, the JVM's own choice (G1) otherwise or when the file chooses one.
 * On 2 cores G1's parallel and concurrent GC threads compete with the query threads for the same two cores, so the
 * serial collector leaves Neo4j more CPU for the work itself; the JVM itself picks it for one core. With the heap config/neo4j.conf sets, its pauses stay
 * short. Docker users get the image's defaults.
 */
export function garbageCollectorFlags(cores: number, jvmAdditional: readonly string[]): string[] {
  const chosen = jvmAdditional.some((flag) => /^-XX:\+Use\w*GC$/.test(flag));
  return chosen || cores > 2 ? [] : ['-XX:+UseSerialGC'];
}

export interface ConfEntry {
  key: string;
  value: string;
  /** 1-based line number in the file. */
  line: number;
}

export class Neo4jConfError extends Error {
  override readonly name = 'Neo4jConfError';
}

const SETTING_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/**
 * Parses neo4j.conf text: `name=value` lines, `#` comments, blank lines. Like Neo4j, a repeated setting is an error,
 * except server.jvm.additional, which may repeat (one JVM flag per line).
 */
export function parseNeo4jConf(text: string, source = 'neo4j.conf'): ConfEntry[] {
  const entries: ConfEntry[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) {
      throw new Neo4jConfError(`${source}:${line}: expected "name=value", got "${trimmed}"`);
    }
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (!SETTING_NAME.test(key)) {
      throw new Neo4jConfError(`${source}:${line}: "${key}" is not a valid Neo4j setting name`);
    }
    if (value === '') {
      throw new Neo4jConfError(`${source}:${line}: ${key} has no value`);
    }
    const previous = seen.get(key);
    if (previous !== undefined && key !== JVM_ADDITIONAL_SETTING) {
      throw new Neo4jConfError(`${source}:${line}: ${key} is already set on line ${previous}`);
    }
    seen.set(key, line);
    entries.push({ key, value, line });
  });
  return entries;
}

export async function readNeo4jConf(confPath: string): Promise<ConfEntry[]> {
  let text: string;
  try {
    text = await readFile(confPath, 'utf8');
  } catch (error) {
    throw new Neo4jConfError(`Cannot read the Neo4j configuration ${confPath}: ${(error as Error).message}`);
  }
  return parseNeo4jConf(text, confPath);
}

const SIZE = /^(\d+)\s*([kmgt]?)(i?b)?$/i;
const UNIT_POWER: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/** Parses a Neo4j/JVM memory size ("512m", "1g", "512MiB", "1048576"); units are powers of 1024, as in Neo4j. */
export function parseMemorySize(text: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) {
    throw new Neo4jConfError(`"${text}" is not a memory size (expected e.g. 256m, 512MiB, 1g)`);
  }
  const [, digits = '', unit = ''] = match;
  if (unit === '' && match[3] !== undefined && match[3].toLowerCase() !== 'b') {
    throw new Neo4jConfError(`"${text}" is not a memory size (expected e.g. 256m, 512MiB, 1g)`);
  }
  const bytes = Number(digits) * 1024 ** (UNIT_POWER[unit.toLowerCase()] ?? 0);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new Neo4jConfError(`"${text}" is not a positive memory size`);
  }
  return bytes;
}

/** A memory size in the JVM's -Xmx form: whole megabytes as "512m", otherwise kilobytes. */
export function toJvmSize(text: string): string {
  const bytes = parseMemorySize(text);
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}m`;
  if (bytes % 1024 === 0) return `${bytes / 1024}k`;
  throw new Neo4jConfError(`"${text}" must be a whole number of kilobytes to be used as a JVM heap size`);
}

export interface EmbeddedConf {
  /** -Xms value, e.g. '512m'; undefined when the file does not set it. */
  heapInitial: string | undefined;
  /** -Xmx value. */
  heapMax: string | undefined;
  /** Settings to apply through DatabaseManagementServiceBuilder, in file order. */
  settings: Array<[string, string]>;
  /** Extra JVM flags from server.jvm.additional lines. */
  jvmAdditional: string[];
  /** Settings the embedded launcher ignores because it owns them (listen and advertised addresses). */
  ignored: string[];
}

const LAUNCHER_OWNED = /(listen|advertised)_address(es)?$/;

/** Splits config/neo4j.conf into what becomes JVM flags and what goes through the builder. */
export function splitConfForEmbedded(entries: readonly ConfEntry[]): EmbeddedConf {
  const result: EmbeddedConf = {
    heapInitial: undefined,
    heapMax: undefined,
    settings: [],
    jvmAdditional: [],
    ignored: [],
  };
  for (const { key, value } of entries) {
    if (key === HEAP_INITIAL_SETTING) result.heapInitial = toJvmSize(value);
    else if (key === HEAP_MAX_SETTING) result.heapMax = toJvmSize(value);
    else if (key === JVM_ADDITIONAL_SETTING) result.jvmAdditional.push(value);
    else if (LAUNCHER_OWNED.test(key)) result.ignored.push(key);
    else result.settings.push([key, value]);
  }
  return result;
}

/**
 * The Java feature release from `java -version` output (which goes to stderr):
 * 'openjdk version "17.0.15" 2025-04-15' -> 17, 'java version "1.8.0_381"' -> 8, '"21-ea"' -> 21.
 */
export function parseJavaVersion(output: string): number | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match?.[1]) return undefined;
  const parts = /^(\d+)(?:\.(\d+))?/.exec(match[1]);
  if (!parts?.[1]) return undefined;
  const first = Number(parts[1]);
  return first === 1 && parts[2] !== undefined ? Number(parts[2]) : first;
}

export interface JvmLaunchSpec {
  classpath: string;
  /** Neo4j home: databases, transaction logs and Neo4j's own logs go under it. */
  home: string;
  boltPort: number;
  /** -Xms, e.g. '512m'. */
  heapInitial?: string | undefined;
  /** -Xmx, e.g. '512m'. */
  heapMax?: string | undefined;
  settings: ReadonlyArray<readonly [string, string]>;
  jvmAdditional?: readonly string[];
  /** Exit when stdin reaches end of file (the parent died). Default true. */
  exitOnStdinEof?: boolean;
}

/** The full argument list for `java` (JVM flags, classpath, main class, launcher arguments). No password. */
export function buildJvmArgs(spec: JvmLaunchSpec): string[] {
  const args = [...JVM_REQUIRED_FLAGS];
  if (spec.heapInitial) args.push(`-Xms${spec.heapInitial}`);
  if (spec.heapMax) args.push(`-Xmx${spec.heapMax}`);
  args.push(...(spec.jvmAdditional ?? []));
  args.push(
    '-cp',
    spec.classpath,
    EMBEDDED_MAIN_CLASS,
    '--home',
    spec.home,
    '--bolt-port',
    String(spec.boltPort),
  );
  for (const [key, value] of spec.settings) args.push('--setting', `${key}=${value}`);
  if (spec.exitOnStdinEof !== false) args.push('--exit-on-stdin-eof');
  return args;
}

/**
 * The environment variable the official Neo4j Docker image reads a setting from: NEO4J_ + the name with "_" doubled
 * and "." turned into "_" (server.memory.heap.max_size -> NEO4J_server_memory_heap_max__size).
 */
export function confKeyToDockerEnv(key: string): string {
  return `NEO4J_${key.replace(/_/g, '__').replace(/\./g, '_')}`;
}

/** What the Docker image's environment must contain for these conf entries (repeated keys joined by newlines). */
export function confToDockerEnv(entries: readonly ConfEntry[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { key, value } of entries) {
    const name = confKeyToDockerEnv(key);
    env[name] = env[name] === undefined ? value : `${env[name]}\n${value}`;
  }
  return env;
}
