/**
 * Command line for the embedded Neo4j (see ./embedded.ts).
 *
 *   node dist/neo4j/embedded.cli.js build    Build neo4j-embedded/ with Maven if needed (downloads the artifacts once).
 *   node dist/neo4j/embedded.cli.js start [--port 7687] [--data-dir .data/neo4j]
 *                                            Run only Neo4j, in the foreground, until Ctrl-C / SIGTERM.
 *
 * The password comes from NEO4J_PASSWORD, or the documented local default 'myoclonus-local'.
 */
import { EmbeddedNeo4jError, ensureEmbeddedBuilt, startEmbeddedNeo4j } from './embedded';

export const LOCAL_DEFAULT_PASSWORD = 'myoclonus-local';
const DEFAULT_PORT = 7687;
const DEFAULT_DATA_DIR = '.data/neo4j';

const USAGE = `Usage:
  embedded.cli build
  embedded.cli start [--port <bolt port, default ${DEFAULT_PORT}>] [--data-dir <dir, default ${DEFAULT_DATA_DIR}>]
Environment: NEO4J_PASSWORD (default '${LOCAL_DEFAULT_PASSWORD}').`;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function parseStartArgs(args: string[]): { port: number; dataDir: string } {
  let port = DEFAULT_PORT;
  let dataDir = DEFAULT_DATA_DIR;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if ((arg === '--port' || arg === '--data-dir') && value === undefined)
      throw new Error(`${arg} needs a value`);
    if (arg === '--port') {
      port = Number(value);
      i++;
    } else if (arg === '--data-dir') {
      dataDir = value as string;
      i++;
    } else {
      throw new Error(`Unknown argument ${arg}`);
    }
  }
  return { port, dataDir };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'build') {
    const { built, classpath } = await ensureEmbeddedBuilt(log);
    if (!built) log(`neo4j-embedded is up to date (classpath ${classpath}).`);
    return 0;
  }
  if (command === 'start') {
    const { port, dataDir } = parseStartArgs(rest);
    const neo4j = await startEmbeddedNeo4j({
      dataDir,
      boltPort: port,
      password: process.env.NEO4J_PASSWORD || LOCAL_DEFAULT_PASSWORD,
      log,
    });
    log(`Log in as neo4j with NEO4J_PASSWORD (or '${LOCAL_DEFAULT_PASSWORD}'). Ctrl-C stops Neo4j.`);
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping Neo4j...`);
      void neo4j.stop().then(() => {
        log('Neo4j stopped.');
        process.exit(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const { code, signal } = await neo4j.exited;
    return stopping ? 0 : code === 0 && signal === null ? 0 : 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof EmbeddedNeo4jError) {
        process.stderr.write(`Embedded Neo4j: ${error.message} [${error.code}]\n`);
      } else {
        process.stderr.write(`Embedded Neo4j: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      process.exit(1);
    },
  );
}
