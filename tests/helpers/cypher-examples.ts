import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/** One query of the analysts' library in examples/cypher/: its header comments and its text. */
export interface CypherExample {
  file: string;
  title: string;
  description: string;
  params: Record<string, unknown>;
  /** `rows`: the example must return something on the seed; `no rows`: it must return nothing. */
  expect: 'rows' | 'no rows';
  query: string;
}

const HEADER = /^\/\/ (title|description|params|expect): ?(.*)$/;

/** Reads every `.cypher` file of examples/cypher/, in name order; a missing header field is an error. */
export async function loadCypherExamples(): Promise<CypherExample[]> {
  const dir = path.join(PROJECT_ROOT, 'examples', 'cypher');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      const fields: Record<string, string> = {};
      let last: string | undefined;
      const body: string[] = [];
      for (const line of text.split('\n')) {
        const header = HEADER.exec(line);
        if (header) {
          last = header[1]!;
          fields[last] = header[2]!.trim();
        } else if (last && /^\/\/ {2,}\S/.test(line) && body.length === 0) {
          fields[last] += ` ${line.replace(/^\/\/\s+/, '')}`;
        } else {
          last = undefined;
          body.push(line);
        }
      }
      if (!fields.title || !fields.description || !fields.expect) {
        throw new Error(`${file}: the header needs // title:, // description: and // expect: lines`);
      }
      if (fields.expect !== 'rows' && fields.expect !== 'no rows') {
        throw new Error(`${file}: // expect: must be "rows" or "no rows"`);
      }
      return {
        file,
        title: fields.title,
        description: fields.description,
        params: fields.params ? (JSON.parse(fields.params) as Record<string, unknown>) : {},
        expect: fields.expect,
        query: body.join('\n').trim(),
      };
    }),
  );
}
