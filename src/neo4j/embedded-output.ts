/** How the embedded Neo4j controller writes progress lines and quotes the output of the programs it runs. */
import path from 'node:path';

export const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/** The last `lines` non-blank lines of text. */
export function tail(text: string, lines: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The path relative to the working directory when it lies inside it, else as given. */
export function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}
