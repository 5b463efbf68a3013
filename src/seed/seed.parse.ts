/** Reading one seed file (YAML or JSON) and checking it against the JSON Schema of seed files. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { SEED_SCHEMA_PATH } from '../paths';
import { dedupe, type SeedProblem } from './seed.problems';
import type { SeedFile } from './seed.types';

let validator: ValidateFunction<SeedFile> | undefined;

/** The JSON Schema of seed files, compiled once (seeds/schema/seed.schema.json, which editors use too). */
function validateFile(data: unknown): ValidateFunction<SeedFile> {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile<SeedFile>(
    JSON.parse(readFileSync(SEED_SCHEMA_PATH, 'utf8')) as object,
  );
  validator(data);
  return validator;
}

export interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: SeedFile;
}

/** Where an entry of a parsed file starts, as a 1-based line number. */
export function lineOf(
  parsed: Pick<ParsedFile, 'doc' | 'lines'>,
  pathSegments: Array<string | number>,
): number | null {
  let segments = pathSegments;
  // Walk up until a node exists (an error about a missing property points at its parent).
  while (segments.length >= 0) {
    const node = parsed.doc.getIn(segments, true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return parsed.lines.linePos(node.range[0]).line;
    if (segments.length === 0) return null;
    segments = segments.slice(0, -1);
  }
  return null;
}

function entryName(segments: Array<string | number>): string {
  return segments.reduce<string>(
    (acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s),
    '',
  );
}

function schemaProblem(parsed: ParsedFile, error: ErrorObject): SeedProblem {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum') {
    message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (error.keyword === 'additionalProperties') {
    message = `has an unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  return {
    file: parsed.file,
    line: lineOf(parsed, segments),
    entry: entryName(segments) || '(file)',
    message,
  };
}

/** Reads one seed file (YAML or JSON) and checks it against the schema. */
export function parseSeedText(
  file: string,
  text: string,
): { parsed: ParsedFile | null; problems: SeedProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      parsed: null,
      problems: doc.errors.map((e) => ({
        file,
        // linePos is only filled in with prettyErrors; the line counter knows the line either way.
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        entry: '(file)',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = { file, doc, lines, data: data as SeedFile };
  const validated = validateFile(data);
  if (validated.errors) {
    const problems = validated.errors.map((e) => schemaProblem(parsed, e));
    return { parsed: null, problems: dedupe(problems) };
  }
  return { parsed, problems: [] };
}
