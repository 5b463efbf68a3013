import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { connectNeo4j } from '../neo4j/connect';
import { applySchema } from '../neo4j/schema';
import { PROJECT_ROOT } from '../paths';
import { loadSeeds, SeedValidationError } from './seed.load';
import { formatSeedReport, writeSeed } from './seed.write';

const USAGE = `Usage: npm run seed [-- --dir <folder>] [--check]

Validates every seed file in the folder (default: seeds/, or SEED_DIR) and writes them to Neo4j in one transaction.
  --dir <folder>  where the seed files are
  --check         validate only; do not connect to Neo4j
Uses NEO4J_URI when set; otherwise the embedded Neo4j (a running service's, or one started for the run).`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `npm run seed`: returns the exit code; prints the report on `out`, problems and progress on `err`. */
export async function runSeedCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  { out, err }: CliOutput,
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    const dir = path.resolve(values.dir ?? path.resolve(PROJECT_ROOT, config.seedDir));
    // Validation first: a bad file stops here, before anything connects or writes.
    const plan = await loadSeeds(dir);
    if (values.check) {
      out(
        `Seed files are valid: ${plan.files.join(', ')} (${plan.concepts.length} concepts, ` +
          `${plan.relationships.length} relationships, ${plan.statements.length} statements)`,
      );
      return 0;
    }
    const neo4j = await connectNeo4j(config, err, { reuseRunningEmbedded: true });
    try {
      await applySchema(neo4j.db);
      out(formatSeedReport(await writeSeed(neo4j.db, plan)));
    } finally {
      await neo4j.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof SeedValidationError) {
      err(`${error.message}\nNothing was written.`);
    } else {
      err(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\nNothing was written.`);
    }
    return 1;
  }
}

if (require.main === module) {
  void runSeedCli(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then((code) => process.exit(code));
}
