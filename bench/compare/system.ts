/**
 * The systems of the comparison, as the load generator and the identity check see them: ours as deployed (its
 * response cache on), ours with the cache off (what a request costs when its answer is not kept: the first asking,
 * or after the graph changed), @neo4j/graphql and raw Cypher.
 */
export const SYSTEMS = ['ours', 'uncached', 'peer', 'raw'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** The implementations: `uncached` is ours, with the same requests and the same answers. */
export type Implementation = Exclude<SystemName, 'uncached'>;

export function implementationOf(system: SystemName): Implementation {
  return system === 'uncached' ? 'ours' : system;
}

export const SYSTEM_TITLES: Record<SystemName, string> = {
  ours: 'this service',
  uncached: 'this service, cache off',
  peer: '@neo4j/graphql',
  raw: 'raw Cypher',
};

/** Where a system's Neo4j is and where it listens. */
export interface SystemConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
  host: string;
  /** 0: any free port. */
  port: number;
}

export interface RunningSystem {
  /** http://host:port */
  url: string;
  stop(): Promise<void>;
}

/** Starts one system against a Neo4j: as a child process in the benchmark, in-process in the test. */
export type SystemLauncher = (connection: Omit<SystemConnection, 'port' | 'host'>) => Promise<RunningSystem>;
