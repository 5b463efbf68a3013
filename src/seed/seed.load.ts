/**
 * Loading the seed files: each is parsed and checked against the schema (./seed.parse.ts), then all of them
 * together (./seed.entries.ts, ./seed.relationships.ts) into the plan that ./seed.write.ts writes.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { collectConcepts, collectSources, evidenceChecker, planProblems } from './seed.entries';
import { parseSeedText, type ParsedFile } from './seed.parse';
import { SeedValidationError, type SeedProblem } from './seed.problems';
import { collectRelationships, reportCycles } from './seed.relationships';
import type { SeedPlan } from './seed.types';

export { statementId } from './seed.entries';
export { parseSeedText } from './seed.parse';
export { formatProblem, SeedValidationError, type SeedProblem } from './seed.problems';

/**
 * Checks what no single-file schema can: unknown and duplicate ids across files, the kinds allowed at each end of a
 * relationship, duplicate relationships, self-loops, descriptions that are not the source's words, and cycles in
 * the SUBTYPE_OF and PART_OF hierarchies. Returns the plan to write, or every problem found.
 */
export function buildPlan(files: ParsedFile[]): { plan: SeedPlan; problems: SeedProblem[] } {
  const problems = planProblems();
  const sources = collectSources(files, problems);
  const checkEvidence = evidenceChecker(sources, problems);
  const { concepts, statements } = collectConcepts(files, problems, checkEvidence);
  const { relationships, sites } = collectRelationships(files, concepts, problems, checkEvidence);
  reportCycles(files, relationships, sites, problems);
  return {
    problems: problems.list,
    plan: {
      files: files.map((f) => f.file),
      sources: [...sources.values()].map((s) => s.row),
      concepts: [...concepts.values()].map((c) => c.row),
      relationships,
      statements,
    },
  };
}

const SEED_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads every seed file in `dir` (YAML or JSON, in name order; the schema folder is not a seed), validates each and
 * all of them together, and returns the plan to write. Throws SeedValidationError listing every problem.
 */
export async function loadSeeds(dir: string, displayRoot: string = process.cwd()): Promise<SeedPlan> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && SEED_EXTENSIONS.has(path.extname(e.name)))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) {
    throw new SeedValidationError([
      { file: dir, line: null, entry: '(folder)', message: 'no seed files (*.yaml, *.yml, *.json) found' },
    ]);
  }
  const parsedFiles: ParsedFile[] = [];
  const problems: SeedProblem[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const display = path.relative(displayRoot, full) || full;
    const { parsed, problems: fileProblems } = parseSeedText(display, await readFile(full, 'utf8'));
    problems.push(...fileProblems);
    if (parsed) parsedFiles.push(parsed);
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  const { plan, problems: planProblems } = buildPlan(parsedFiles);
  if (planProblems.length > 0) throw new SeedValidationError(planProblems);
  return plan;
}
