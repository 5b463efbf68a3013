/** The three systems of the comparison, as the load generator and the identity check see them. */

export const SYSTEMS = ['ours', 'peer', 'raw'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const SYSTEM_TITLES: Record<SystemName, string> = {
  ours: 'this service',
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
