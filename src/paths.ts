import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root: the nearest folder above this file that holds package.json (from src/, dist/ or dist-bench/). */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

export const SEED_SCHEMA_PATH = path.join(PROJECT_ROOT, 'seeds', 'schema', 'seed.schema.json');
