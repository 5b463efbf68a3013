/** The problems found in seed files, each located by file, line and entry, and the error that lists them all. */

/** One problem in the seed files, located by file, line and entry. */
export interface SeedProblem {
  file: string;
  line: number | null;
  entry: string;
  message: string;
}

export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(
      `The seed files have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
  }
}

export function formatProblem(p: SeedProblem): string {
  return `${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.entry}: ${p.message}`;
}

export function dedupe(problems: SeedProblem[]): SeedProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
