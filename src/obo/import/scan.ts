import type { ConceptKindName } from '../../model/kinds';
import { readOboFile } from '../parse/obo-reader';
import type { OboHeader, OboTerm } from '../obo.types';
import { OboParseError } from '../obo.types';
import { MergeMatcher } from './merge';
import type { SeedIndex } from './merge';
import { termKind } from './options';
import { relationName } from './relation-ids';
import type { ImportOptions } from './options';
import { bump } from './report';
import type { ImportMerge, ImportReport } from './report';
import type { ScanFileWriter } from './scan-file-writer';

export interface TermEntry {
  id: string;
  name: string;
  line: number;
  kind: ConceptKindName | null;
  obsolete: boolean;
  isA: string[];
  relationships: Array<{ type: string; target: string }>;
}

export interface ScanResult {
  header: OboHeader;
  entries: Map<string, TermEntry>;
  typedefs: number;
  synonyms: number;
  xrefs: number;
  altIds: number;
  /** Term id → the article concept it is written into. */
  merges: Map<string, ImportMerge>;
  skipped: Record<string, number>;
  warnings: ImportReport['warnings'];
}

/** The warnings a report lists; the rest are counted. */
export const WARNINGS_LISTED = 20;

/**
 * Pass 1: parses the whole file (so that a bad file fails before any write) and keeps the compact index the
 * writes need. Merge candidates go to a MergeMatcher as the terms come, so their keys need not be kept; `seed`, the
 * article's concepts (null: a dry run, no merges), may still be on its way.
 */
export async function scan(
  file: string,
  options: ImportOptions,
  seed: Promise<SeedIndex | null>,
  writer: ScanFileWriter | null,
): Promise<ScanResult> {
  const matcher = new MergeMatcher(options.matchNames !== false);
  void seed.then(
    (value) => matcher.setSeed(value),
    // The error is thrown once the scan has checked the file; meanwhile no term waits for concepts that cannot come.
    () => matcher.setSeed(null),
  );
  const warnings: ImportReport['warnings'] = { total: 0, first: [] };
  const reader = readOboFile(file, {
    strict: options.strict === true,
    onWarning: (warning) => {
      if (++warnings.total <= WARNINGS_LISTED) warnings.first.push(warning.message);
    },
  });
  const header = await reader.header();
  writer?.header(header);
  const entries = new Map<string, TermEntry>();
  const altOwner = new Map<string, string>();
  const skipped: Record<string, number> = {};
  let typedefs = 0;
  let synonyms = 0;
  let xrefs = 0;
  let altIds = 0;
  let count = 0;

  for await (const stanza of reader.stanzas()) {
    if (stanza.kind === 'typedef') {
      typedefs++;
      continue;
    }
    const term: OboTerm = stanza.term;
    const first = entries.get(term.id);
    if (first) {
      throw new OboParseError(
        term.line,
        `duplicate term id ${term.id} (first defined at line ${first.line})`,
        file,
      );
    }
    const kind = termKind(term.id, options);
    if (!kind) bump(skipped, `terms with no kind for their prefix (${term.id.split(':')[0]})`);
    entries.set(term.id, {
      id: term.id,
      name: term.name ?? term.id,
      line: term.line,
      kind,
      obsolete: term.isObsolete,
      isA: term.isA,
      relationships: term.relationships.map(({ type, target }) => ({ type: relationName(type), target })),
    });
    synonyms += term.synonyms.length;
    xrefs += term.xrefs.length;
    altIds += term.altIds.length;
    for (const alt of term.altIds) {
      const owner = altOwner.get(alt);
      if (owner !== undefined && owner !== term.id) bump(skipped, 'alt_ids claimed by two terms');
      else altOwner.set(alt, term.id);
    }
    if (kind) {
      matcher.add(term, kind);
      const writing = writer?.term(term, kind);
      if (writing) await writing;
    }
    if (++count % 500 === 0) options.onProgress?.({ file, phase: 'scan', done: count, total: 0 });
  }
  options.onProgress?.({ file, phase: 'scan', done: count, total: count });
  await writer?.end();
  await seed;
  const merges = matcher.merges(skipped);
  return { header, entries, typedefs, synonyms, xrefs, altIds, merges, skipped, warnings };
}

/** Which terms are cancers: the roots and everything that reaches one by is_a. */
export function cancerTerms(entries: Map<string, TermEntry>, roots: readonly string[]): Set<string> {
  const memo = new Map<string, boolean>();
  const rootSet = new Set(roots);
  const visit = (id: string, stack: Set<string>): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (rootSet.has(id)) return (memo.set(id, true), true);
    if (stack.has(id)) return false; // an is_a cycle: not a cancer through it
    stack.add(id);
    const entry = entries.get(id);
    const result = entry ? entry.isA.some((p) => visit(p, stack)) : false;
    stack.delete(id);
    memo.set(id, result);
    return result;
  };
  const out = new Set<string>();
  for (const [id, entry] of entries) {
    if (entry.kind === 'Condition' && !entry.obsolete && visit(id, new Set())) out.add(id);
  }
  return out;
}
