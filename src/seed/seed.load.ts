import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { RELATIONSHIP_RULES, relationshipAllowed } from '../model/kinds';
import { SEED_SCHEMA_PATH } from '../paths';
import type { RelationshipTypeName } from '../model/kinds';
import type {
  ConceptRow,
  RelationshipRow,
  SeedEvidence,
  SeedFile,
  SeedPlan,
  SourceRow,
  StatementRow,
  StoredEvidence,
} from './seed.types';

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

let validator: ValidateFunction<SeedFile> | undefined;

/** The JSON Schema of seed files, compiled once (seeds/schema/seed.schema.json, which editors use too). */
function validateFile(data: unknown): ValidateFunction<SeedFile> {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile<SeedFile>(
    JSON.parse(readFileSync(SEED_SCHEMA_PATH, 'utf8')) as object,
  );
  validator(data);
  return validator;
}

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: SeedFile;
}

/** Where an entry of a parsed file starts, as a 1-based line number. */
function lineOf(
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

function dedupe(problems: SeedProblem[]): SeedProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function storedEvidence(evidence: SeedEvidence[]): StoredEvidence {
  return { evidenceSources: evidence.map((e) => e.source), evidenceQuotes: evidence.map((e) => e.quote) };
}

/** A statement's id is derived from what it says, so re-seeding the same statement updates it in place. */
export function statementId(conceptId: string, kind: string, claim: string): string {
  const digest = createHash('sha256').update(`${kind}\n${claim}`).digest('hex').slice(0, 12);
  return `${conceptId}/${kind.toLowerCase()}/${digest}`;
}

/** Finds a cycle among `edges` (from -> to), returning it as a list of ids, or null. */
function findCycle(edges: Array<{ from: string; to: string }>): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'active');
    stack.push(id);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 'active') return [...stack.slice(stack.indexOf(to)), to];
      if (!state.has(to)) {
        const cycle = visit(to);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of next.keys()) {
    if (!state.has(id)) {
      const cycle = visit(id);
      if (cycle) return cycle;
    }
  }
  return null;
}

/**
 * Checks what no single-file schema can: unknown and duplicate ids across files, the kinds allowed at each end of a
 * relationship, duplicate relationships, self-loops, descriptions that are not the source's words, and cycles in
 * the SUBTYPE_OF and PART_OF hierarchies. Returns the plan to write, or every problem found.
 */
export function buildPlan(files: ParsedFile[]): { plan: SeedPlan; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const at = (f: ParsedFile, segments: Array<string | number>, label: string, message: string): void => {
    problems.push({ file: f.file, line: lineOf(f, segments), entry: label, message });
  };

  const sources = new Map<string, { row: SourceRow; where: string }>();
  const concepts = new Map<string, { row: ConceptRow; where: string }>();
  const statements: StatementRow[] = [];
  const relationships: RelationshipRow[] = [];

  for (const f of files) {
    (f.data.sources ?? []).forEach((s, i) => {
      const where = `${f.file}:${lineOf(f, ['sources', i]) ?? '?'}`;
      const prior = sources.get(s.id);
      if (prior) {
        at(
          f,
          ['sources', i],
          `sources[${i}] (id '${s.id}')`,
          `duplicate source id, first defined at ${prior.where}`,
        );
        return;
      }
      sources.set(s.id, {
        where,
        row: {
          id: s.id,
          kind: s.kind,
          title: s.title,
          publisher: s.publisher,
          lastReviewed: s.lastReviewed ?? null,
          version: s.version ?? null,
          url: s.url ?? null,
          license: s.license ?? null,
        },
      });
    });
  }

  const checkEvidence = (
    f: ParsedFile,
    segments: Array<string | number>,
    label: string,
    ev: SeedEvidence[],
  ) => {
    ev.forEach((e, j) => {
      if (!sources.has(e.source)) {
        at(f, [...segments, 'evidence', j], `${label}.evidence[${j}]`, `unknown source '${e.source}'`);
      }
    });
  };

  for (const f of files) {
    (f.data.concepts ?? []).forEach((c, i) => {
      const label = `concepts[${i}] (id '${c.id}')`;
      const where = `${f.file}:${lineOf(f, ['concepts', i]) ?? '?'}`;
      const prior = concepts.get(c.id);
      if (prior) {
        at(f, ['concepts', i], label, `duplicate concept id, first defined at ${prior.where}`);
        return;
      }
      checkEvidence(f, ['concepts', i], label, c.evidence);
      if (c.description !== undefined && !c.evidence.some((e) => e.quote === c.description)) {
        at(
          f,
          ['concepts', i, 'description'],
          label,
          'description must be one of the concept’s evidence quotes, verbatim',
        );
      }
      concepts.set(c.id, {
        where,
        row: {
          id: c.id,
          kind: c.kind,
          name: c.name,
          synonyms: c.synonyms ?? [],
          description: c.description ?? null,
          xrefs: c.xrefs ?? [],
          ...storedEvidence(c.evidence),
        },
      });
      const seenStatements = new Set<string>();
      (c.statements ?? []).forEach((s, j) => {
        const sLabel = `${label}.statements[${j}]`;
        const id = statementId(c.id, s.kind, s.claim);
        if (seenStatements.has(id)) {
          at(f, ['concepts', i, 'statements', j], sLabel, `duplicate statement (${s.kind} "${s.claim}")`);
          return;
        }
        seenStatements.add(id);
        checkEvidence(f, ['concepts', i, 'statements', j], sLabel, s.evidence);
        statements.push({
          id,
          conceptId: c.id,
          kind: s.kind,
          claim: s.claim,
          population: s.population ?? null,
          ...storedEvidence(s.evidence),
        });
      });
    });
  }

  const relationshipKeys = new Map<string, string>();
  const relationshipAt = new Map<string, { f: ParsedFile; i: number; label: string; where: string }>();
  for (const f of files) {
    (f.data.relationships ?? []).forEach((r, i) => {
      const label = `relationships[${i}] (${r.from} -${r.type}-> ${r.to})`;
      const seg = ['relationships', i];
      const from = concepts.get(r.from);
      const to = concepts.get(r.to);
      let ok = true;
      if (!from) {
        at(f, [...seg, 'from'], label, `unknown concept id '${r.from}'`);
        ok = false;
      }
      if (!to) {
        at(f, [...seg, 'to'], label, `unknown concept id '${r.to}'`);
        ok = false;
      }
      if (r.from === r.to) {
        at(f, seg, label, 'a concept cannot be related to itself');
        ok = false;
      }
      checkEvidence(f, seg, label, r.evidence);
      if (from && to && !relationshipAllowed(r.type, from.row.kind, to.row.kind)) {
        const allowed = RELATIONSHIP_RULES[r.type]
          .map(([a, b]) => `${a.join('/')} -> ${b.join('/')}`)
          .join('; ');
        at(
          f,
          ['relationships', i, 'type'],
          label,
          `${r.type} cannot go from a ${from.row.kind} to a ${to.row.kind} (allowed: ${allowed})`,
        );
        ok = false;
      }
      const key = `${r.from}|${r.type}|${r.to}`;
      const where = `${f.file}:${lineOf(f, seg) ?? '?'}`;
      const prior = relationshipKeys.get(key);
      if (prior) {
        at(
          f,
          seg,
          label,
          `duplicate relationship, first defined at ${prior}; put all its quotes in one evidence list`,
        );
        ok = false;
      }
      relationshipKeys.set(key, prior ?? where);
      if (ok) {
        relationshipAt.set(key, { f, i, label, where });
        relationships.push({
          from: r.from,
          type: r.type,
          to: r.to,
          population: r.population ?? null,
          statedAs: r.statedAs ?? null,
          ...storedEvidence(r.evidence),
        });
      }
    });
  }

  for (const type of ['SUBTYPE_OF', 'PART_OF'] as RelationshipTypeName[]) {
    const cycle = findCycle(relationships.filter((r) => r.type === type));
    if (cycle) {
      // Reported at the relationship that closes the cycle, naming where every hop of it is defined.
      const hops = cycle.slice(1).map((to, k) => relationshipAt.get(`${cycle[k]}|${type}|${to}`));
      const last = hops[hops.length - 1];
      const message =
        `cycle in the ${type} hierarchy: ${cycle.join(' -> ')} ` +
        `(defined at ${hops.map((h) => h?.where ?? '?').join(', ')})`;
      if (last) at(last.f, ['relationships', last.i], last.label, message);
      else problems.push({ file: files.map((f) => f.file).join(', '), line: null, entry: type, message });
    }
  }

  return {
    problems,
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
