/** The public shapes of the embedded Neo4j controller (./embedded.ts): its options, its handle and its errors. */

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

/** How a JVM ended: its exit code, or the signal that ended it. */
export interface JvmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedNeo4j {
  /** 'bolt://127.0.0.1:<port>' */
  readonly uri: string;
  /** The Neo4j version actually running, as reported by the JVM, e.g. '5.26.30'. */
  readonly version: string;
  /** The JVM's process id. */
  readonly pid: number;
  /** Settles when the JVM has exited, for whatever reason (never rejects). */
  readonly exited: Promise<JvmExit>;
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
