import path from 'node:path';

/** The project root, whether this file runs from src/ (tests) or dist/ (built). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

export const SEED_SCHEMA_PATH = path.join(PROJECT_ROOT, 'seeds', 'schema', 'seed.schema.json');
