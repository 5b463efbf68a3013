import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { buildAppSchema, printAppSchema } from '../schema';

/** Writes schema/schema.graphql from the code; a test fails when the committed file differs. */
async function main(): Promise<void> {
  const file = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, printAppSchema(await buildAppSchema()));
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
