import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import { composeConcept, composeRelationship, LAYER_MIGRATIONS } from '../concept/concept.layers';
import type { Database } from '../neo4j/database';
import { bumpGraphVersion } from '../neo4j/graph-version';
import { CONCEPT_SEARCH_INDEX, CONCEPT_XREF_INDEX, SCHEMA_STATEMENTS } from '../neo4j/schema';
import { ALL_KIND_LABELS, KIND_LABELS, kindFromLabels, RELATIONSHIP_RULES } from '../model/kinds';
import type { ConceptKindName, RelationshipTypeName } from '../model/kinds';
import { curieKeys, parseCurie } from '../xref/curie';
import { readOboFile } from './parse/obo-reader';
import type { OboHeader, OboTerm } from './obo.types';
import { OboImportError, OboParseError } from './obo.types';
import { takeImportLock } from './import-lock';
import type { ImportLease } from './import-lock';

export { OboImportError } from './obo.types';

/**
 * `npm run import:obo`: loads an OBO 1.2/1.4 ontology into the graph model, in three steps.
 *
 * 1. **Scan.** The file is streamed once, parsed and checked (parse errors, duplicate ids), and a compact index is kept:
 *    per term its id, name, kind, obsolete flag and the targets of its is_a and mapped relationships. Definitions,
 *    synonyms and cross-references, most of the file, are not kept. Nothing is written if the scan fails.
 * 2. **Terms.** The file is streamed again; terms are written in batches (UNWIND, one transaction per batch).
 * 3. **Relationships.** From the index, in batches.
 *
 * **Into an empty graph** (importFiles, when the graph holds no concepts), steps 1 and 2 are one: the scan writes the
 * terms as it reads them (ScanWrites), so that Neo4j stores them while Node parses, and the file is read once. Nothing
 * merges into an empty graph, and the one thing a term's row needs that only the whole file gives, whether it is a
 * cancer, is written in step 2 (the Cancer label). A scan that fails deletes what the scans wrote (they are nodes of
 * their own, with no relationships yet) before the error is thrown, so a bad file still leaves the graph as it was.
 *
 * importFiles runs the steps with the round trips that need no scan (reading the article's concepts, taking the
 * import lock, counting the graph) made while the files are scanned, so that Neo4j answers them while Node parses;
 * it may be handed a connection still being made (the command line connects and checks the schema meanwhile).
 *
 * With several files, every file is scanned before any is written (prepareImports); then file after file, its terms,
 * and its relationships beside the next file's terms, each file's relationships after the previous file's
 * (writeImports). A big import into an empty graph drops the full-text indexes before the terms and creates them again
 * once the terms are written, so that they build while the relationships are written (ImportOptions.rebuildFulltext):
 * cheaper than updating them at every commit. Terms the graph does not hold are written with CREATE, and so are the
 * relationships between them (ImportOptions.createNew); so that two imports never both write one relationship, one
 * import writes at a time (import-lock.ts).
 *
 * Mapping: a term's kind comes from its id prefix (DOID, MONDO, HP → Condition; UBERON → BodyRegion) or `kind`.
 * A condition that is, or descends by is_a from, a cancer root (DOID:162 "cancer") is a Cancer. `is_a` becomes
 * SUBTYPE_OF, `relationship: part_of` between body regions becomes PART_OF; other relationship types are counted as
 * skipped. Every term and relationship carries the ontology file as its evidence source (one Source node per
 * ontology and version) and the file's own words as the quote: the definition, else the `name:` line, and for a
 * relationship its two lines (`id: A ! a; is_a: B ! b`).
 *
 * Merging: a term whose id or alt_id is a cross-reference of one of the article's concepts is written into that
 * concept (importing DO does not create a second "lung cancer"); failing that, a term whose cross-references lead to
 * exactly one article concept, or whose name is exactly that concept's name, when no other term claims it. Kinds
 * must agree. Imported values live in the concept's ontology layer (concept/concept.layers.ts).
 *
 * Obsolete terms are written, flagged `obsolete`, with `replacedBy` and `consider`, and without relationships.
 * Alt ids are cross-references of their term, so `conceptByXref` resolves them. Re-importing the same file changes
 * nothing.
 */

export const DEFAULT_PREFIX_KINDS: Readonly<Record<string, ConceptKindName>> = {
  DOID: 'Condition',
  MONDO: 'Condition',
  HP: 'Condition',
  UBERON: 'BodyRegion',
};

/** Terms that are cancers, with everything below them by is_a. DOID:162 is "cancer" in the Disease Ontology. */
export const DEFAULT_CANCER_ROOTS: readonly string[] = ['DOID:162'];

export const DEFAULT_BATCH_SIZE = 1000;

/** Term batches written at once: two keep both cores of a small machine busy (one parses, one commits). */
export const DEFAULT_CONCURRENCY = 2;

/** OBO relationship names the importer maps, and what they become. `is_a` is handled on its own. */
const RELATIONSHIP_MAP: Readonly<Record<string, RelationshipTypeName>> = { part_of: 'PART_OF' };

export type ImportPhase = 'scan' | 'terms' | 'relationships';

export interface ImportProgress {
  file: string;
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Kind for every term, instead of the one its id prefix gives. */
  kind?: ConceptKindName;
  cancerRoots?: readonly string[];
  batchSize?: number;
  /** Term batches written at once. */
  concurrency?: number;
  /** Merge a term into an article concept of the same kind and exact name (case-insensitive). Default true. */
  matchNames?: boolean;
  /**
   * Drop the full-text indexes during the writes and build them again after. 'auto' (the default): only for an import
   * of at least FULLTEXT_REBUILD_MIN_TERMS terms into a graph with no concepts, which no one can be searching; a
   * graph with concepts may be served, and search and conceptByXref need the indexes. 'always' is for bulk loads
   * into a graph that is not served (`--rebuild-indexes`).
   */
  rebuildFulltext?: 'auto' | 'always' | 'never';
  /**
   * Write the terms the graph does not hold yet, and the relationships between them, with CREATE rather than MERGE
   * (default true): no lookup of an existing node or relationship for each row. Turned off, everything is merged;
   * the graph written is the same (tests compare the two).
   */
  createNew?: boolean;
  /** Scan and report only: no connection is needed, nothing is written. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export type MergeRule = 'id' | 'alt_id' | 'xref' | 'name';

export interface ImportMerge {
  term: string;
  concept: string;
  rule: MergeRule;
}

export interface ImportReport {
  file: string;
  source: { id: string; title: string; version: string | null; checksum: string };
  bytes: number;
  /** [Term] stanzas in the file. */
  terms: number;
  /** Terms written, by kind (Cancer counted apart from Condition). */
  written: Record<string, number>;
  obsolete: number;
  typedefs: number;
  synonyms: number;
  xrefs: number;
  altIds: number;
  relationships: Record<string, number>;
  merged: ImportMerge[];
  /** What was not imported, by reason, with counts. */
  skipped: Record<string, number>;
  /** fulltext: building the full-text indexes again after the writes (see ImportOptions.rebuildFulltext). */
  millis: { scan: number; terms: number; relationships: number; fulltext: number; total: number };
  /**
   * When the file's scan began and its last write ended, in milliseconds on the importing process's clock
   * (performance.now()). Files overlap (a file's relationships are written beside the next file's terms), so the
   * time of a whole run is the last end less the first start, not the sum of the totals.
   */
  span: { start: number; end: number };
  /**
   * relationshipsRetired: relationships that an earlier release of the file's ontology stated and this file does not
   * (see retireRelationships): deleted, or, where the article states them too, left with the article's evidence only.
   */
  changes: {
    nodesCreated: number;
    relationshipsCreated: number;
    propertiesSet: number;
    relationshipsRetired: number;
  };
  dryRun: boolean;
}

interface TermEntry {
  id: string;
  name: string;
  line: number;
  kind: ConceptKindName | null;
  obsolete: boolean;
  isA: string[];
  relationships: Array<{ type: string; target: string }>;
}

interface SeedConcept {
  id: string;
  kind: ConceptKindName;
  nameKey: string;
}

interface ScanResult {
  header: OboHeader;
  entries: Map<string, TermEntry>;
  typedefs: number;
  synonyms: number;
  xrefs: number;
  altIds: number;
  /** Term id → the article concept it is written into. */
  merges: Map<string, ImportMerge>;
  skipped: Record<string, number>;
}

const CONDITION_KINDS: ReadonlySet<ConceptKindName> = new Set(['Condition', 'Cancer']);

function sameFamily(a: ConceptKindName, b: ConceptKindName): boolean {
  return a === b || (CONDITION_KINDS.has(a) && CONDITION_KINDS.has(b));
}

function allowed(type: RelationshipTypeName, from: ConceptKindName, to: ConceptKindName): boolean {
  return RELATIONSHIP_RULES[type].some(([froms, tos]) => froms.includes(from) && tos.includes(to));
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.obo$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The Source node of an ontology file: one per ontology and version, so a new release is a new source. */
export function ontologySource(
  file: string,
  header: OboHeader,
  checksum: string,
): ImportReport['source'] & { ontology: string } {
  const ontology = header.ontology ?? path.basename(file).replace(/\.obo$/i, '');
  const version = header.dataVersion ?? header.date ?? null;
  // The version's date when it has one (releases/2016-09-01 → 2016-09-01), else the version, else the checksum.
  const date = version ? /\d{4}-\d{2}-\d{2}/.exec(version)?.[0] : undefined;
  const versionSlug = date ?? (version ? slug(version) : `sha256-${checksum.slice(0, 12)}`);
  const ontologySlug = slug(ontology);
  return {
    id: `${ontologySlug}@${versionSlug}`,
    title: `${ontology} (${path.basename(file)})`,
    version,
    checksum,
    ontology,
  };
}

function termKind(id: string, options: ImportOptions): ConceptKindName | null {
  if (options.kind) return options.kind;
  const curie = parseCurie(id);
  const prefix = curie ? id.slice(0, id.indexOf(':')).toUpperCase() : '';
  return DEFAULT_PREFIX_KINDS[prefix] ?? null;
}

/** The article's concepts, by every cross-reference key and by name, for merging. */
interface SeedIndex {
  byKey: Map<string, SeedConcept[]>;
  byName: Map<string, SeedConcept[]>;
}

async function loadSeedConcepts(db: Database): Promise<SeedIndex> {
  const rows = await db.read<{ id: string; labels: string[]; name: string; keys: string[] }>(
    `MATCH (c:Concept) WHERE c.seed = true
     RETURN c.id AS id, labels(c) AS labels, c.name AS name, coalesce(c.seedXrefKeys, c.xrefKeys, []) AS keys`,
  );
  const byKey = new Map<string, SeedConcept[]>();
  const byName = new Map<string, SeedConcept[]>();
  for (const row of rows) {
    const kind = kindFromLabels(row.labels);
    if (!kind) continue;
    const concept = { id: row.id, kind, nameKey: row.name.toLowerCase() };
    for (const key of row.keys) byKey.set(key, [...(byKey.get(key) ?? []), concept]);
    byName.set(concept.nameKey, [...(byName.get(concept.nameKey) ?? []), concept]);
  }
  return { byKey, byName };
}

const MERGE_RANK: Readonly<Record<MergeRule, number>> = { id: 0, alt_id: 1, xref: 2, name: 3 };

/** What matching needs of a term. */
interface MatchKeys {
  id: string;
  kind: ConceptKindName;
  name: string | null;
  altIds: string[];
  xrefs: string[];
}

/**
 * Finds which terms of a file merge into which of the article's concepts (see "Merging" above). The article's
 * concepts may arrive after the first terms (prepareImports reads them while the first file is scanned): terms seen
 * before then wait, with only what matching needs, and are matched when they arrive. A null seed matches nothing.
 */
class MergeMatcher {
  private seed: SeedIndex | null | undefined;
  private waiting: MatchKeys[] = [];
  /** Candidates per article concept: the terms that could merge into it, with the rule that matched. */
  private readonly candidates = new Map<string, Array<{ term: string; rule: MergeRule }>>();

  constructor(private readonly matchNames: boolean) {}

  setSeed(seed: SeedIndex | null): void {
    this.seed = seed;
    const waiting = this.waiting;
    this.waiting = [];
    for (const keys of waiting) this.match(keys);
  }

  add(term: OboTerm, kind: ConceptKindName): void {
    if (this.seed === null || term.isObsolete) return;
    // Concepts known to be none (an empty graph): nothing to match, so no keys to copy.
    if (this.seed && this.seed.byKey.size + this.seed.byName.size === 0) return;
    const keys = {
      id: term.id,
      kind,
      name: term.name,
      altIds: term.altIds,
      xrefs: term.xrefs.map((x) => x.id),
    };
    if (this.seed === undefined) this.waiting.push(keys);
    else this.match(keys);
  }

  private match(term: MatchKeys): void {
    const seed = this.seed;
    // No article concepts (an empty graph): nothing to match, and no keys to compute.
    if (!seed || seed.byKey.size + seed.byName.size === 0) return;
    const fits = (c: SeedConcept) => sameFamily(c.kind, term.kind);
    const claim = (concept: string, rule: MergeRule) =>
      this.candidates.set(concept, [...(this.candidates.get(concept) ?? []), { term: term.id, rule }]);
    const [ownKey] = curieKeys([term.id]);
    let matched = false;
    for (const key of curieKeys([term.id, ...term.altIds])) {
      for (const concept of (seed.byKey.get(key) ?? []).filter(fits)) {
        claim(concept.id, key === ownKey ? 'id' : 'alt_id');
        matched = true;
      }
    }
    if (!matched) {
      const viaXref = new Map<string, SeedConcept>();
      for (const key of curieKeys(term.xrefs)) {
        for (const concept of (seed.byKey.get(key) ?? []).filter(fits)) viaXref.set(concept.id, concept);
      }
      if (viaXref.size === 1) {
        claim([...viaXref.keys()][0]!, 'xref');
        matched = true;
      }
    }
    if (!matched && this.matchNames && term.name) {
      const named = (seed.byName.get(term.name.toLowerCase()) ?? []).filter(fits);
      if (named.length === 1) claim(named[0]!.id, 'name');
    }
  }

  /** Each article concept takes its best candidate, if that one is unique; each term merges at most once. */
  merges(skipped: Record<string, number>): Map<string, ImportMerge> {
    if (this.seed === undefined) throw new Error('MergeMatcher: the article concepts have not arrived');
    const merges = new Map<string, ImportMerge>();
    const byTerm = new Map<string, Array<{ concept: string; rule: MergeRule }>>();
    for (const [concept, list] of this.candidates) {
      const best = Math.min(...list.map((c) => MERGE_RANK[c.rule]));
      const top = list.filter((c) => MERGE_RANK[c.rule] === best);
      if (top.length > 1) {
        bump(skipped, 'merges left out: several terms match one concept equally');
        continue;
      }
      byTerm.set(top[0]!.term, [...(byTerm.get(top[0]!.term) ?? []), { concept, rule: top[0]!.rule }]);
    }
    for (const [term, list] of byTerm) {
      const best = Math.min(...list.map((c) => MERGE_RANK[c.rule]));
      const top = list.filter((c) => MERGE_RANK[c.rule] === best);
      if (top.length > 1) {
        bump(skipped, 'merges left out: one term matches several concepts equally');
        continue;
      }
      merges.set(term, { term, concept: top[0]!.concept, rule: top[0]!.rule });
    }
    return merges;
  }
}

/**
 * Pass 1: parses the whole file (so that a bad file fails before any write) and keeps the compact index the
 * writes need. Merge candidates go to a MergeMatcher as the terms come, so their keys need not be kept; `seed`, the
 * article's concepts (null: a dry run, no merges), may still be on its way.
 */
async function scan(
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
  const reader = readOboFile(file);
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
      relationships: term.relationships,
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
  return { header, entries, typedefs, synonyms, xrefs, altIds, merges, skipped };
}

/** Which terms are cancers: the roots and everything that reaches one by is_a. */
function cancerTerms(entries: Map<string, TermEntry>, roots: readonly string[]): Set<string> {
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

export interface TermRow {
  id: string;
  termId: string;
  name: string;
  definition: string | null;
  synonyms: string[];
  synonymScopes: string[];
  xrefs: string[];
  xrefKeys: string[];
  quote: string;
  obsolete: boolean;
  replacedBy: string[];
  consider: string[];
  comment: string | null;
}

export function termRow(term: OboTerm, nodeId: string): TermRow {
  const xrefs = [term.id, ...term.altIds, ...term.xrefs.map((x) => x.id)];
  return {
    id: nodeId,
    termId: term.id,
    name: term.name ?? term.id,
    definition: term.def?.text ?? null,
    synonyms: term.synonyms.map((s) => s.text),
    synonymScopes: term.synonyms.map((s) => s.scope),
    xrefs: [...new Set(xrefs)],
    xrefKeys: curieKeys(xrefs),
    quote: term.def?.text ?? `name: ${term.name ?? term.id}`,
    obsolete: term.isObsolete,
    replacedBy: term.replacedBy,
    consider: term.consider,
    comment: term.comments.length > 0 ? term.comments.join('\n') : null,
  };
}

const LAYER_SET = `c.ontologyName = row.name, c.ontologyDefinition = row.definition,
    c.ontologyIds = [row.termId], c.ontologySynonyms = row.synonyms, c.ontologySynonymScopes = row.synonymScopes,
    c.ontologyXrefs = row.xrefs, c.ontologyXrefKeys = row.xrefKeys, c.ontologyComment = row.comment,
    c.ontologySource = $source, c.ontologyEvidenceSources = [$source], c.ontologyEvidenceQuotes = [row.quote],
    c.obsolete = row.obsolete, c.replacedBy = row.replacedBy, c.consider = row.consider`;

/**
 * The properties of a term's own node (see ownNodesCypher) that vary from term to term, in the order ownNodeRow lists
 * them after the id. A row is a list rather than a map: the map's keys, repeated on every row, were a third of the
 * strings the driver packed.
 */
const OWN_FIELDS = [
  'name',
  'nameKey',
  'description',
  'synonyms',
  'synonymScopes',
  'xrefs',
  'xrefKeys',
  'ontologyComment',
  'obsolete',
  'replacedBy',
  'consider',
] as const;

const ownField = (name: (typeof OWN_FIELDS)[number]) => `row[${OWN_FIELDS.indexOf(name) + 1}]`;

/**
 * The statement writing a batch of terms of one kind into nodes of their own (ids are the terms' CURIEs). Such a
 * node has one source, so it holds the ontology's values directly in the read properties (no layers: see
 * concept/concept.layers.ts). The evidence quote is the definition, else the `name:` line (as termRow's quote).
 */
function ownNodesCypher(kind: ConceptKindName): string {
  const stale = ALL_KIND_LABELS.filter((l) => !KIND_LABELS[kind].includes(l));
  return `UNWIND $rows AS row
MERGE (c:Concept {id: row[0]})
SET ${OWN_FIELDS.map((f) => `c.${f} = ${ownField(f)}`).join(', ')},
    c.evidenceSources = [$source], c.evidenceQuotes = [coalesce(${ownField('description')}, 'name: ' + ${ownField('name')})],
    c.ontologyIds = [row[0]], c.ontologySource = $source
SET c:${KIND_LABELS[kind].join(':')}
REMOVE c:${stale.join(':')}`;
}

/** Where a created node's row (newNodeRow) has its kind's labels: after the id and OWN_FIELDS. */
const LABELS_AT = OWN_FIELDS.length + 1;

/**
 * ownNodesCypher for terms whose node the graph does not hold (WriteRun.existing): CREATE with the same properties,
 * null ones left out as SET leaves them out. One statement for every kind: the labels are the row's, from the fixed
 * map KIND_LABELS (newNodeRow), so that Neo4j plans one statement, not one per kind, and a batch that mixes
 * conditions and cancers is one round trip.
 */
const NEW_NODES_CYPHER = `UNWIND $rows AS row
CREATE (c:Concept:$(row[${LABELS_AT}]) {id: row[0], ${OWN_FIELDS.map((f) => `${f}: ${ownField(f)}`).join(', ')},
    evidenceSources: [$source], evidenceQuotes: [coalesce(${ownField('description')}, 'name: ' + ${ownField('name')})],
    ontologyIds: [row[0]], ontologySource: $source})`;

/** A row of NEW_NODES_CYPHER: ownNodeRow and the kind's labels. */
function newNodeRow(row: TermRow, kind: ConceptKindName): unknown[] {
  return [...ownNodeRow(row), KIND_LABELS[kind]];
}

/** A term's own node as a row of ownNodesCypher: its id, then OWN_FIELDS. Synonyms without duplicates or the name. */
export function ownNodeRow(row: TermRow): unknown[] {
  const nameKey = row.name.toLowerCase();
  const seen = new Set([nameKey]);
  const synonyms: string[] = [];
  const synonymScopes: string[] = [];
  row.synonyms.forEach((text, i) => {
    const key = text.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    synonyms.push(text);
    synonymScopes.push(row.synonymScopes[i]!);
  });
  const values: Record<(typeof OWN_FIELDS)[number], unknown> = {
    name: row.name,
    nameKey,
    description: row.definition,
    synonyms,
    synonymScopes,
    xrefs: row.xrefs.filter((x) => x !== row.id),
    xrefKeys: row.xrefKeys,
    ontologyComment: row.comment,
    obsolete: row.obsolete,
    replacedBy: row.replacedBy,
    consider: row.consider,
  };
  return [row.id, ...OWN_FIELDS.map((f) => values[f])];
}

/** Terms merged into the article's concepts: only the ontology layer is written; name, kind and text stay. */
const MERGED_NODES_CYPHER = `UNWIND $rows AS row
MATCH (c:Concept {id: row.id})
SET ${LAYER_SET}
${composeConcept('c')}
WITH row
// A node an earlier import made for the term before the article's concept existed gives way to the concept.
OPTIONAL MATCH (old:Concept {id: row.termId}) WHERE old.seed IS NULL
DETACH DELETE old`;

/** Rows are lists (from, to, quote): see OWN_FIELDS on why not maps. */
function relationshipCypher(type: RelationshipTypeName): string {
  return `UNWIND $rows AS row
MATCH (a:Concept {id: row[0]})
MATCH (b:Concept {id: row[1]})
MERGE (a)-[r:${type}]->(b)
SET r.ontologySource = $source, r.ontologyEvidenceSources = [$source], r.ontologyEvidenceQuotes = [row[2]]
${composeRelationship('r')}`;
}

/**
 * relationshipCypher for two nodes this import created: no relationship can join them yet, so CREATE, with the
 * properties the MERGE statement and composeRelationship give a relationship with only the ontology's layer. Rows
 * are (from, to, link): `link` indexes `$types` (relationship types, from the fixed RELATIONSHIP_MAP) and `$lines`
 * (see quoteLine), so that one statement, planned once, writes every type, and a batch may mix them.
 */
const NEW_RELATIONSHIPS_CYPHER = `UNWIND $rows AS row
MATCH (a:Concept {id: row[0]})
MATCH (b:Concept {id: row[1]})
WITH a, b, toInteger(row[2]) AS link
WITH a, b, link, 'id: ' + a.id + ' ! ' + a.name + '; ' + $lines[link] + b.id + ' ! ' + b.name AS quote
CREATE (a)-[:$($types[link]) {ontologySource: $source, ontologyEvidenceSources: [$source], ontologyEvidenceQuotes: [quote],
    evidenceSources: [$source], evidenceQuotes: [quote]}]->(b)`;

/**
 * The start of a relationship's line in the file, for its evidence quote: `is_a: ` or `relationship: part_of `.
 * Created relationships have their quote put together by Neo4j from it and the two nodes' ids and names (which are
 * the terms' own): the quotes are most of what a batch of relationships would otherwise send.
 */
function quoteLine(obo: string): string {
  return obo === 'is_a' ? 'is_a: ' : `relationship: ${obo} `;
}

/**
 * Batches of created relationships written at once. Merged ones go one at a time: MERGE batches side by side lock
 * shared parents and deadlock (measured on DO: twice as slow with two at once, from the retries). CREATE batches
 * deadlock rarely, and a deadlocked batch is retried whole; measured on DO: 845 → 764 ms (medians of 3).
 */
const RELATIONSHIP_CONCURRENCY = 2;

const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * What one writeImports call knows of the graph: the ids of term nodes that were there before it or that an earlier
 * file of the call wrote (those are merged, the others created), and whether to create at all (ImportOptions.createNew).
 */
export interface WriteRun {
  readonly existing: Set<string>;
  readonly createNew: boolean;
}

/**
 * Runs writes with at most `limit` in flight. add() waits for a free slot; the first failure is thrown by the next
 * add() or by drain(), which always waits for every write started (none runs on after the import returns).
 */
class WritePipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(work: () => Promise<void>): Promise<void> {
    this.check();
    const run = work().catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.check();
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Writing terms while the files are scanned, for importFiles into an empty graph (see "Into an empty graph" above):
 * the state the files of one run share. Writing starts, at a file's first full batch, only if the graph holds no
 * concepts (counted holding the import lock) and no article concepts (so no term merges); otherwise, or if Neo4j
 * cannot be reached, nothing is written during the scan and the terms' pass writes everything, as for writeImports.
 */
class ScanWrites {
  /** The connection, once writing has started; null when it will not. */
  private started: Promise<Database | null> | null = null;
  /** Whether the full-text indexes were dropped for the writes (ImportOptions.rebuildFulltext), once decided. */
  rebuild: boolean | null = null;
  /** Term ids of the run's earlier files: a later file's terms with one of them are left to the terms' pass. */
  readonly claimed = new Set<string>();
  /** Nodes written during the scans, every file's: what undo() deletes. */
  private readonly created: Array<ReadonlySet<string>> = [];
  /** Terms read to be written during the scans so far, for the full-text decision. */
  private read = 0;

  constructor(
    private readonly context: Promise<{ db: Database; empty: boolean } | null>,
    private readonly options: ImportOptions,
  ) {}

  /** Whether a batch may be written now: writing has started, or whether to drop the indexes can be decided. */
  mayStart(): boolean {
    return (
      this.started !== null ||
      (this.options.rebuildFulltext ?? 'auto') !== 'auto' ||
      this.read >= FULLTEXT_REBUILD_MIN_TERMS
    );
  }

  counted(): void {
    this.read++;
  }

  /** The connection to write with (null: no writing during the scans); decides about the indexes the first time. */
  start(): Promise<Database | null> {
    this.started ??= this.context.then(async (context) => {
      if (!context?.empty) return null;
      const mode = this.options.rebuildFulltext ?? 'auto';
      this.rebuild = mode === 'always' || (mode === 'auto' && this.read >= FULLTEXT_REBUILD_MIN_TERMS);
      if (this.rebuild) await dropFulltextIndexes(context.db);
      return context.db;
    });
    return this.started;
  }

  /** Whether anything was written, or the indexes dropped, during the scans. */
  async wrote(): Promise<boolean> {
    return this.started !== null && (await this.started.catch(() => null)) !== null;
  }

  track(created: ReadonlySet<string>): void {
    this.created.push(created);
  }

  /** Source nodes the run's terms' passes created (a file's pass may run while the next file is scanned). */
  readonly sources: string[] = [];

  /**
   * Deletes the nodes the scans created, with their relationships (into an empty graph they are the only nodes the
   * run wrote, with its Source nodes, deleted too). Returns how many concepts it deleted.
   */
  async remove(db: Database): Promise<number> {
    const ids = this.created.flatMap((set) => [...set]);
    let deleted = 0;
    for (let at = 0; at < ids.length; at += 10_000) {
      const result = await db.write('UNWIND $ids AS id MATCH (c:Concept {id: id}) DETACH DELETE c', {
        ids: ids.slice(at, at + 10_000),
      });
      deleted += result.summary.counters.updates().nodesDeleted;
    }
    if (this.sources.length > 0) {
      await db.write('UNWIND $ids AS id MATCH (s:Source {id: id}) DETACH DELETE s', { ids: this.sources });
    }
    return deleted;
  }

  /**
   * After a scan failed (a bad file), takes out what the scans wrote: deletes the nodes they created (they have no
   * relationships yet) and builds the full-text indexes again if they were dropped. Returns how many nodes it deleted.
   */
  async undo(): Promise<number> {
    if (!(await this.wrote())) return 0;
    const db = (await this.started)!;
    const deleted = await this.remove(db);
    if (this.rebuild) {
      await createFulltextIndexes(db);
      await db.write('CALL db.awaitIndexes(300)');
    }
    await bumpGraphVersion(db);
    return deleted;
  }
}

/**
 * One file's part of ScanWrites: takes the terms as the scan reads them and writes them in batches (CREATE,
 * NEW_NODES_CYPHER; Condition for every condition, the Cancer label comes in the terms' pass, once the hierarchy is
 * known). Terms it does not write go to `deferred`, which the terms' pass writes: those an earlier file of the run
 * has, and those of a batch another writer got to first (a constraint error).
 */
class ScanFileWriter {
  /** waiting: nothing written yet; on: writing; off: not writing during this scan (the terms' pass writes all). */
  state: 'waiting' | 'on' | 'off' = 'waiting';
  readonly deferred = new Set<string>();
  /** Rows of NEW_NODES_CYPHER (newNodeRow): the term's id first. */
  private rows: unknown[][] = [];
  private db: Database | null = null;
  private source: Promise<string> | null = null;
  private readonly pipeline: WritePipeline;

  constructor(
    private readonly run: ScanWrites,
    private readonly file: string,
    private readonly checksum: Promise<string>,
    private readonly batchSize: number,
    concurrency: number,
    /** Nodes written, for the relationships' pass (created between two of them) and for undo. */
    private readonly created: Set<string>,
    private readonly tally: (result: QueryResult) => void,
  ) {
    this.pipeline = new WritePipeline(concurrency);
    run.track(created);
  }

  header(header: OboHeader): void {
    this.source = this.checksum.then((checksum) => ontologySource(this.file, header, checksum).id);
    void this.source.catch(() => undefined); // the scan reports a file it cannot read
  }

  /** A term of a mapped kind, as the scan reads it: a promise while a batch is handed over. */
  term(term: OboTerm, kind: ConceptKindName): Promise<void> | undefined {
    if (this.state === 'off') return undefined;
    if (this.run.claimed.has(term.id)) {
      this.deferred.add(term.id);
      return undefined;
    }
    this.run.counted();
    this.rows.push(newNodeRow(termRow(term, term.id), kind));
    if (this.rows.length >= this.batchSize && this.run.mayStart()) return this.flush();
    return undefined;
  }

  /** The scan's end: the last batch, and every write ended. */
  async end(): Promise<void> {
    if (this.rows.length > 0) await this.flush();
    await this.pipeline.drain();
  }

  /** The scan failed: waits for the writes in flight (their nodes are then in `created`, for undo). */
  async abort(): Promise<void> {
    await this.pipeline.drain().catch(() => undefined);
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (this.state === 'waiting') {
      this.db = await this.run.start();
      this.state = this.db ? 'on' : 'off';
    }
    if (this.state === 'off') return;
    const source = await this.source!;
    // More than a batch waits for the first write (see ScanWrites.mayStart).
    for (let at = 0; at < rows.length; at += this.batchSize) {
      const batch = rows.slice(at, at + this.batchSize);
      await this.pipeline.add(() => this.write(batch, source));
    }
  }

  private async write(rows: unknown[][], source: string): Promise<void> {
    try {
      const result = await this.db!.writeTransaction(
        async (tx: ManagedTransaction) => await tx.run(NEW_NODES_CYPHER, { rows, source }),
      );
      this.tally(result);
      for (const row of rows) this.created.add(row[0] as string);
    } catch (error) {
      // Someone else created one of these nodes meanwhile: the terms' pass merges the batch.
      if ((error as { code?: string }).code !== CONSTRAINT_FAILED) throw error;
      for (const row of rows) this.deferred.add(row[0] as string);
    }
  }
}

/** A file checked and planned (pass 1), not written yet. */
export interface PreparedImport {
  readonly file: string;
  /** The file's Source node id (ontology and version) and its ontology's name. */
  readonly source: { readonly id: string; readonly ontology: string };
  /** Concepts the write passes write (terms of a mapped kind, merged ones included). */
  readonly termsToWrite: number;
  /** The report of a dry run: what would be written. */
  report(): ImportReport;
  /** The ids of the nodes of their own that the terms are written into (not merged into the article's concepts). */
  ownNodeIds(): string[];
  /** Pass 2: writes the terms. */
  writeTerms(db: Database, run: WriteRun): Promise<void>;
  /** Pass 3, after writeTerms: writes the relationships; returns the report. */
  writeRelationships(db: Database): Promise<ImportReport>;
}

/** Pass 1 of one file, against the article's concepts `seeded` (null: a dry run, no merges), which may be on their way. */
async function prepare(
  file: string,
  options: ImportOptions,
  seeded: Promise<SeedIndex | null>,
  scanWrites: ScanWrites | null,
): Promise<PreparedImport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new OboImportError(`batch size must be a whole number from 1 to 10000, got ${batchSize}`);
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new OboImportError(`${file}: no such file`);

  const changes = { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0, relationshipsRetired: 0 };
  const tally = (result: QueryResult) => {
    const u = result.summary.counters.updates();
    changes.nodesCreated += u.nodesCreated;
    changes.relationshipsCreated += u.relationshipsCreated;
    changes.propertiesSet += u.propertiesSet;
  };
  /** Nodes this file's terms created (WriteRun): relationships between two of them are created, not merged. */
  const created = new Set<string>();
  const hashed = sha256(file);
  const writer =
    scanWrites && new ScanFileWriter(scanWrites, file, hashed, batchSize, concurrency, created, tally);
  let checksum: string;
  let scanned: ScanResult;
  try {
    [checksum, scanned] = await Promise.all([hashed, scan(file, options, seeded, writer)]);
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  const seed = await seeded;
  const scanMillis = performance.now() - started;
  if (scanWrites) for (const [id, entry] of scanned.entries) if (entry.kind) scanWrites.claimed.add(id);
  /** Whether the terms were written during the scan (ScanWrites): then this pass writes only the deferred ones. */
  const early = writer?.state === 'on';
  const source = ontologySource(file, scanned.header, checksum);
  const cancers = cancerTerms(scanned.entries, options.cancerRoots ?? DEFAULT_CANCER_ROOTS);
  const skipped = { ...scanned.skipped };
  const kindOf = (entry: TermEntry): ConceptKindName | null =>
    entry.kind === 'Condition' && cancers.has(entry.id) ? 'Cancer' : entry.kind;

  // The relationships to write, checked against the model's rules (with merged terms' kinds: the article's).
  const seedKinds = new Map<string, ConceptKindName>();
  if (seed) for (const list of seed.byKey.values()) for (const c of list) seedKinds.set(c.id, c.kind);
  const nodeOf = (termId: string) => scanned.merges.get(termId)?.concept ?? termId;
  // Planned twice: once to count (with what is skipped; countRelationships), once in pass 3 to write, so that the
  // relationship rows, with their quotes, are never all held at once.
  type PlannedEdge =
    | { type: RelationshipTypeName; line: string; from: string; to: string; quote: () => string }
    | { skip: string };
  function* plannedEdges(): Generator<PlannedEdge> {
    for (const entry of scanned.entries.values()) {
      const fromKind = kindOf(entry);
      if (!fromKind || entry.obsolete) continue;
      const links = [
        ...entry.isA.map((target) => ({
          obo: 'is_a',
          type: 'SUBTYPE_OF' as RelationshipTypeName | undefined,
          target,
        })),
        ...entry.relationships.map((r) => ({
          obo: r.type,
          type: RELATIONSHIP_MAP[r.type],
          target: r.target,
        })),
      ];
      for (const link of links) {
        if (!link.type) {
          yield { skip: `relationships not in the model (${link.obo})` };
          continue;
        }
        const target = scanned.entries.get(link.target);
        if (!target) {
          yield { skip: `${link.obo} to a term not in the file` };
          continue;
        }
        const toKind = kindOf(target);
        if (!toKind || target.obsolete) {
          yield { skip: `${link.obo} to an obsolete or unmapped term` };
          continue;
        }
        const from = nodeOf(entry.id);
        const to = nodeOf(target.id);
        const a = seedKinds.get(from) ?? fromKind;
        const b = seedKinds.get(to) ?? toKind;
        if (!allowed(link.type, a, b) || from === to) {
          yield { skip: `${link.obo} between kinds the model does not relate (${a} → ${b})` };
          continue;
        }
        const line = quoteLine(link.obo);
        const quote = () => `id: ${entry.id} ! ${entry.name}; ${line}${target.id} ! ${target.name}`;
        yield { type: link.type, line, from, to, quote };
      }
    }
  }
  // Counted when first asked for (the report, or pass 3 before it writes), not here: an import counts them while
  // Neo4j writes the terms, instead of before the first write, while Neo4j waits.
  let relationshipCounts: Record<string, number> | null = null;
  const countRelationships = (): Record<string, number> => {
    if (relationshipCounts) return relationshipCounts;
    const counts: Record<string, number> = {};
    for (const edge of plannedEdges()) {
      if ('skip' in edge) bump(skipped, edge.skip);
      else bump(counts, edge.type);
    }
    return (relationshipCounts = counts);
  };

  const written: Record<string, number> = {};
  let obsolete = 0;
  for (const entry of scanned.entries.values()) {
    const kind = kindOf(entry);
    if (!kind) continue;
    if (entry.obsolete) obsolete++;
    bump(written, scanned.merges.has(entry.id) ? (seedKinds.get(nodeOf(entry.id)) ?? kind) : kind);
  }
  const total = [...scanned.entries.values()].filter((e) => kindOf(e) !== null).length;
  const report = (termsMillis: number, relsMillis: number, writeMillis: number | null): ImportReport => ({
    file,
    source: { id: source.id, title: source.title, version: source.version, checksum },
    bytes: info.size,
    terms: scanned.entries.size,
    written,
    obsolete,
    typedefs: scanned.typedefs,
    synonyms: scanned.synonyms,
    xrefs: scanned.xrefs,
    altIds: scanned.altIds,
    relationships: countRelationships(),
    merged: [...scanned.merges.values()].sort((a, b) => a.term.localeCompare(b.term)),
    skipped,
    millis: {
      scan: scanMillis,
      terms: termsMillis,
      relationships: relsMillis,
      fulltext: 0,
      total: scanMillis + (writeMillis ?? 0),
    },
    span: { start: started, end: writeMillis === null ? started + scanMillis : performance.now() },
    changes,
    dryRun: writeMillis === null,
  });

  let termsMillis = 0;
  /** The terms' pass with the writes before it (layer migrations, the Source node). */
  let termsPassMillis = 0;

  const writeTerms = async (db: Database, run: WriteRun): Promise<void> => {
    const writeStarted = performance.now();
    // The Source node is written while the first batch is read; it is in the graph before any term citing it.
    const sourceWritten = db
      .write(
        `MERGE (s:Source {id: $source.id})
       SET s.kind = 'ontology', s.title = $source.title, s.version = $source.version, s.ontology = $source.ontology,
           s.file = $source.file, s.checksum = $source.checksum, s.publisher = null, s.lastReviewed = null`,
        { source: { ...source, file: path.basename(file) } },
      )
      .then((result) => {
        tally(result);
        // Into an empty graph, a bad later file has it deleted again (ScanWrites.remove).
        if (early && result.summary.counters.updates().nodesCreated > 0) scanWrites!.sources.push(source.id);
      });
    void sourceWritten.catch(() => undefined); // awaited before the first batch, or at the end

    const termsStarted = performance.now();
    if (early) {
      // Written during the scan as conditions: the cancers among them get their label, now that the hierarchy is known.
      const labelled = [...created].filter((id) => cancers.has(id));
      for (let at = 0; at < labelled.length; at += 10_000) {
        await db
          .write(`UNWIND $ids AS id MATCH (c:Concept {id: id}) SET c:${KIND_LABELS.Cancer.join(':')}`, {
            ids: labelled.slice(at, at + 10_000),
          })
          .then(tally);
      }
    }
    // Pass 2: terms, streamed again, in batches; after a scan that wrote them, only those it left (deferred).
    const deferred = early ? writer.deferred : null;
    let done = deferred ? total - deferred.size : 0;
    let batch: Array<{ kind: ConceptKindName; merged: boolean; row: TermRow }> = [];
    const pipeline = new WritePipeline(concurrency);
    const isNew = (r: (typeof batch)[number]) => !r.merged && run.createNew && !run.existing.has(r.row.id);
    const writeBatch = async (rows: typeof batch, create: boolean) => {
      const results: QueryResult[] = [];
      await db.writeTransaction(async (tx: ManagedTransaction) => {
        results.length = 0;
        const merged = rows.filter((r) => r.merged).map((r) => r.row);
        if (merged.length > 0)
          results.push(await tx.run(MERGED_NODES_CYPHER, { rows: merged, source: source.id }));
        const groups = new Map<string, { kind: ConceptKindName; fresh: boolean; rows: unknown[][] }>();
        for (const r of rows) {
          if (r.merged) continue;
          const fresh = create && isNew(r);
          // Created nodes: one group whatever their kind (NEW_NODES_CYPHER); merged ones, a group per kind.
          const key = fresh ? 'new' : r.kind;
          let group = groups.get(key);
          if (!group) groups.set(key, (group = { kind: r.kind, fresh, rows: [] }));
          group.rows.push(fresh ? newNodeRow(r.row, r.kind) : ownNodeRow(r.row));
        }
        for (const { kind, fresh, rows: own } of groups.values()) {
          const cypher = fresh ? NEW_NODES_CYPHER : ownNodesCypher(kind);
          results.push(await tx.run(cypher, { rows: own, source: source.id }));
        }
      });
      results.forEach(tally);
      if (create) for (const r of rows) if (isNew(r)) created.add(r.row.id);
    };
    const writeTermBatch = async (rows: typeof batch) => {
      try {
        await writeBatch(rows, true);
      } catch (error) {
        // Another writer created one of these nodes since writeImports looked: merge the batch instead.
        if ((error as { code?: string }).code !== CONSTRAINT_FAILED) throw error;
        await writeBatch(rows, false);
      }
      done += rows.length;
      options.onProgress?.({ file, phase: 'terms', done, total });
    };
    try {
      const stanzas = deferred?.size === 0 ? [] : readOboFile(file).stanzas();
      for await (const stanza of stanzas) {
        if (stanza.kind !== 'term' || (deferred && !deferred.has(stanza.term.id))) continue;
        const entry = scanned.entries.get(stanza.term.id)!;
        const kind = kindOf(entry);
        if (!kind) continue;
        const merge = scanned.merges.get(entry.id);
        batch.push({
          kind,
          merged: merge !== undefined,
          row: termRow(stanza.term, merge?.concept ?? entry.id),
        });
        if (batch.length >= batchSize) {
          const rows = batch;
          batch = [];
          await sourceWritten;
          await pipeline.add(() => writeTermBatch(rows));
        }
      }
      await sourceWritten;
      if (batch.length > 0) await pipeline.add(() => writeTermBatch(batch));
    } finally {
      await sourceWritten.catch(() => undefined);
      await pipeline.drain();
      // A later file of the same call that holds one of these terms merges it.
      for (const id of ownIds()) run.existing.add(id);
    }
    termsMillis = performance.now() - termsStarted;
    termsPassMillis = performance.now() - writeStarted;
  };

  const writeRelationships = async (db: Database): Promise<ImportReport> => {
    // Pass 3: relationships, from the index (see RELATIONSHIP_CONCURRENCY on how many batches at once).
    const relsStarted = performance.now();
    const relTotal = Object.values(countRelationships()).reduce((a, b) => a + b, 0);
    let relDone = 0;
    // Batches by type and by statement: created between two nodes this file created, else merged.
    // Merged: rows (from, to, quote), a batch per type (relationshipCypher). Created: rows (from, to, link), one
    // batch for every type (NEW_RELATIONSHIPS_CYPHER), `link` indexing `links`.
    type Rows = Array<[string, string, string] | [string, string, number]>;
    const pending = new Map<string, { type: RelationshipTypeName | null; rows: Rows }>();
    const links: Array<{ type: RelationshipTypeName; line: string }> = [];
    const linkOf = (type: RelationshipTypeName, line: string): number => {
      const at = links.findIndex((l) => l.type === type && l.line === line);
      return at >= 0 ? at : links.push({ type, line }) - 1;
    };
    /** Created relationships already planned: a term that states the same link twice gets one relationship. */
    const planned = new Set<string>();
    /** `type` null: created relationships, of any type. */
    const writeEdges = async (type: RelationshipTypeName | null, rows: Rows) => {
      const result =
        type === null
          ? await db.write(NEW_RELATIONSHIPS_CYPHER, {
              rows,
              source: source.id,
              types: links.map((l) => l.type),
              lines: links.map((l) => l.line),
            })
          : await db.write(relationshipCypher(type), { rows, source: source.id });
      tally(result);
      relDone += rows.length;
      options.onProgress?.({ file, phase: 'relationships', done: relDone, total: relTotal });
    };
    const pipeline = new WritePipeline(RELATIONSHIP_CONCURRENCY);
    const write = async (type: RelationshipTypeName | null, rows: Rows) => {
      if (type === null) return pipeline.add(() => writeEdges(type, rows));
      await pipeline.drain();
      await writeEdges(type, rows);
    };
    for (const edge of plannedEdges()) {
      if ('skip' in edge) continue;
      const fresh = created.has(edge.from) && created.has(edge.to);
      if (fresh) {
        const link = `${edge.type} ${edge.from} ${edge.to}`;
        if (planned.has(link)) continue;
        planned.add(link);
      }
      const key = fresh ? '' : edge.type;
      let group = pending.get(key);
      if (!group) pending.set(key, (group = { type: fresh ? null : edge.type, rows: [] }));
      group.rows.push(
        fresh ? [edge.from, edge.to, linkOf(edge.type, edge.line)] : [edge.from, edge.to, edge.quote()],
      );
      if (group.rows.length >= batchSize) {
        pending.delete(key);
        await write(group.type, group.rows);
      }
    }
    try {
      for (const { type, rows } of pending.values()) await write(type, rows);
    } finally {
      await pipeline.drain();
    }
    const relsMillis = performance.now() - relsStarted;
    return report(termsMillis, relsMillis, termsPassMillis + relsMillis);
  };
  function* ownIds(): Generator<string> {
    for (const entry of scanned.entries.values()) {
      if (kindOf(entry) && !scanned.merges.has(entry.id)) yield entry.id;
    }
  }
  return {
    file,
    source: { id: source.id, ontology: source.ontology },
    termsToWrite: total,
    report: () => report(0, 0, null),
    ownNodeIds: () => [...ownIds()],
    writeTerms,
    writeRelationships,
  };
}

/**
 * Pass 1 of every file, one after the other, against the article's concepts (loaded once, while the first file is
 * scanned): every file is checked before any is written. Throws OboParseError or OboImportError for a bad file. `db`
 * null: a dry run.
 */
export async function prepareImports(
  db: Database | Promise<Database> | null,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<PreparedImport[]> {
  const seed = articleConcepts(db, options);
  const prepared: PreparedImport[] = [];
  for (const file of files) prepared.push(await prepare(file, options, seed, null));
  return prepared;
}

/** The article's concepts, for merging (null: a dry run, no merges), read while the first file is scanned. */
function articleConcepts(
  db: Database | Promise<Database> | null,
  options: ImportOptions,
): Promise<SeedIndex | null> {
  const seed =
    options.dryRun === true || !db ? Promise.resolve(null) : Promise.resolve(db).then(loadSeedConcepts);
  void seed.catch(() => undefined); // awaited by each file's scan
  return seed;
}

/** The full-text indexes of schema.ts, which Neo4j updates at each commit that touches a concept. */
const FULLTEXT_INDEXES = SCHEMA_STATEMENTS.filter(
  (s) => s.name === CONCEPT_SEARCH_INDEX.name || s.name === CONCEPT_XREF_INDEX.name,
);

/** Both in one transaction (and dropped in one): Neo4j then populates them in one job, with one scan of the concepts. */
async function createFulltextIndexes(db: Database): Promise<void> {
  await db.writeTransaction(async (tx: ManagedTransaction) => {
    for (const index of FULLTEXT_INDEXES) await tx.run(index.cypher);
  });
}

async function dropFulltextIndexes(db: Database): Promise<void> {
  await db.writeTransaction(async (tx: ManagedTransaction) => {
    for (const index of FULLTEXT_INDEXES) await tx.run(`DROP INDEX ${index.name} IF EXISTS`);
  });
}

/** Below this many terms, an import keeps the full-text indexes: rebuilding them has a fixed cost. */
export const FULLTEXT_REBUILD_MIN_TERMS = 2000;

/**
 * Whether to drop the full-text indexes for the writes and build them again after (ImportOptions.rebuildFulltext).
 * Measured on DO (9,344 new concepts): updating them at each commit costs Neo4j 1.4 s of CPU, building both afresh
 * 0.6 s. While they are dropped, search and conceptByXref fail: so only into an empty graph unless asked.
 */
function rebuildFulltext(concepts: number, terms: number, options: WriteOptions): boolean {
  const mode = options.rebuildFulltext ?? 'auto';
  if (mode !== 'auto') return mode === 'always';
  return terms >= FULLTEXT_REBUILD_MIN_TERMS && concepts === 0;
}

/** The term nodes of `prepared` that the graph holds already (WriteRun.existing). */
async function existingNodes(db: Database, prepared: readonly PreparedImport[]): Promise<Set<string>> {
  const existing = new Set<string>();
  for (const p of prepared) {
    const ids = p.ownNodeIds();
    for (let at = 0; at < ids.length; at += 10_000) {
      const rows = await db.read<{ id: string }>(
        'UNWIND $ids AS id MATCH (c:Concept {id: id}) RETURN c.id AS id',
        { ids: ids.slice(at, at + 10_000) },
      );
      for (const row of rows) existing.add(row.id);
    }
  }
  return existing;
}

/**
 * What writeImports takes from ImportOptions: the rest (batch size, concurrency, kinds, progress...) was fixed when
 * the files were prepared (prepareImports).
 */
export type WriteOptions = Pick<ImportOptions, 'rebuildFulltext' | 'createNew'>;

/** Writes prepared files: the terms of each, then the relationships of each. `onReport` hears each file's report. */
export async function writeImports(
  db: Database,
  prepared: readonly PreparedImport[],
  options: WriteOptions = {},
  onReport: (report: ImportReport) => void = () => undefined,
): Promise<ImportReport[]> {
  // One import at a time (import-lock.ts): a second one is refused here, before it writes.
  const lease = await takeImportLock(db);
  return writeLocked(db, prepared, options, onReport, lease, null, null);
}

/**
 * Prepares and writes files (prepareImports, then writeImports), taking the import lock and counting the graph's
 * concepts while the files are scanned: Neo4j answers those round trips while Node parses, rather than after. Throws
 * as the two do: nothing is written for a bad file or while another import holds the lock.
 */
export async function importFiles(
  db: Database | Promise<Database>,
  files: readonly string[],
  options: ImportOptions = {},
  onReport: (report: ImportReport) => void = () => undefined,
): Promise<ImportReport[]> {
  // `db` may still be connecting (the command line scans meanwhile): each round trip waits for it, the scan does not.
  const connected = Promise.resolve(db);
  const lease = connected.then((ready) => takeImportLock(ready));
  const counted = Promise.all([connected, lease]).then(([ready]) => countConcepts(ready));
  void counted.catch(() => undefined); // awaited below, or moot once the lock is refused
  const seed = articleConcepts(connected, options);
  // Into an empty graph, the terms are written while the files are scanned (ScanWrites).
  const scanWrites =
    options.createNew === false
      ? null
      : new ScanWrites(
          Promise.all([connected, counted, seed]).then(
            ([ready, concepts, article]) => ({
              db: ready,
              empty: concepts === 0 && (article === null || article.byKey.size + article.byName.size === 0),
            }),
            () => null,
          ),
          options,
        );
  // Each file is scanned after the one before it.
  const preparing: Array<Promise<PreparedImport>> = [];
  for (const file of files) {
    const next = (preparing.at(-1) ?? Promise.resolve()).then(() => prepare(file, options, seed, scanWrites));
    next.catch(() => undefined); // awaited below, or in writeLocked
    preparing.push(next);
  }
  let prepared: PreparedImport[];
  let later: Array<Promise<PreparedImport>> = [];
  try {
    const first = preparing.length > 0 ? await preparing[0] : undefined;
    if (first && (await scanWrites?.wrote())) {
      // Terms written during the first scan (an empty graph): the first file's relationships are written while the
      // next file is scanned, and so on; a bad later file has everything deleted again (writeLocked).
      prepared = [first];
      later = preparing.slice(1);
    } else {
      prepared = await Promise.all(preparing);
    }
  } catch (error) {
    // A bad file: take out what the scans wrote, and give the lease back, if it was taken.
    try {
      if (scanWrites) await takeBack(error, () => scanWrites.undo());
    } finally {
      await lease.then(
        (held) => held.release(),
        () => undefined,
      );
    }
    throw error;
  }
  const held = await lease; // another import holds it: ImportLockedError, nothing written
  return writeLocked(await connected, prepared, options, onReport, held, counted, scanWrites, later);
}

/** Errors of imports whose scan failed after writing terms, with how many nodes were deleted again (importFiles). */
const REMOVED = new WeakMap<object, number>();

/**
 * After a file turned out bad (`error`), deletes what the run wrote (`remove`: how many concepts) and records the count
 * for conceptsRemovedAfter; throws if the deletion fails too, naming both.
 */
async function takeBack(error: unknown, remove: () => Promise<number>): Promise<void> {
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  try {
    const removed = await remove();
    if (removed > 0 && typeof error === 'object' && error !== null) REMOVED.set(error, removed);
  } catch (removeError) {
    throw new Error(
      `${message(error)}; what was written while the files were read could not be deleted again ` +
        `(${message(removeError)})`,
      { cause: removeError },
    );
  }
}

/**
 * How many concepts an import that failed with `error` had written while it read the files, and deleted again
 * before it threw (0 when it wrote none): the graph is then as it was.
 */
export function conceptsRemovedAfter(error: unknown): number {
  return typeof error === 'object' && error !== null ? (REMOVED.get(error) ?? 0) : 0;
}

/**
 * The Source ids of earlier (or other) releases of the ontologies of `prepared`, by ontology name: ontology sources
 * with the same `ontology` as one of the files and an id none of them has.
 */
async function earlierReleases(
  db: Database,
  prepared: readonly PreparedImport[],
): Promise<Map<string, string[]>> {
  const rows = await db.read<{ ontology: string; ids: string[] }>(
    `MATCH (s:Source {kind: 'ontology'}) WHERE s.ontology IN $ontologies AND NOT s.id IN $current
     RETURN s.ontology AS ontology, collect(s.id) AS ids`,
    {
      ontologies: [...new Set(prepared.map((p) => p.source.ontology))],
      current: prepared.map((p) => p.source.id),
    },
  );
  return new Map(rows.map((row) => [row.ontology, row.ids]));
}

/** The relationship types an import writes (from the fixed RELATIONSHIP_MAP), as a Cypher type pattern. */
const IMPORTED_TYPES = ['SUBTYPE_OF', ...new Set(Object.values(RELATIONSHIP_MAP))].join('|');

/**
 * Retires the relationships whose ontology layer an earlier release (`sources`) wrote and the release just imported
 * did not write again (it rewrites the layer of every relationship it states, with its own source): the new release
 * no longer states them. A relationship the article states too keeps the article's layer and loses the ontology's;
 * the others are deleted. In one transaction. Returns how many were retired.
 */
async function retireRelationships(db: Database, sources: readonly string[]): Promise<number> {
  return db.writeTransaction(async (tx: ManagedTransaction) => {
    const kept = await tx.run(
      `MATCH (:Concept)-[r:${IMPORTED_TYPES}]->(:Concept)
       WHERE r.ontologySource IN $sources AND r.seedEvidenceQuotes IS NOT NULL
       REMOVE r.ontologySource, r.ontologyEvidenceSources, r.ontologyEvidenceQuotes
       ${composeRelationship('r')}
       RETURN count(r) AS retired`,
      { sources },
    );
    const deleted = await tx.run(
      `MATCH (:Concept)-[r:${IMPORTED_TYPES}]->(:Concept) WHERE r.ontologySource IN $sources DELETE r`,
      { sources },
    );
    const retired = kept.records[0]?.get('retired') as { toNumber(): number } | undefined;
    return (retired?.toNumber() ?? 0) + deleted.summary.counters.updates().relationshipsDeleted;
  });
}

/** The graph's concepts, from Neo4j's count store: no scan. */
async function countConcepts(db: Database): Promise<number> {
  const [count] = await db.read<{ concepts: number }>('MATCH (c:Concept) RETURN count(c) AS concepts');
  return count?.concepts ?? 0;
}

/**
 * Writes holding `lease`, which it gives back at the end. `counted`: the graph's concepts, being counted holding the
 * lease (null: counted here).
 */
async function writeLocked(
  db: Database,
  prepared: readonly PreparedImport[],
  options: WriteOptions,
  onReport: (report: ImportReport) => void,
  lease: ImportLease,
  counted: Promise<number> | null,
  scanWrites: ScanWrites | null,
  later: ReadonlyArray<Promise<PreparedImport>> = [],
): Promise<ImportReport[]> {
  let concepts: number;
  try {
    concepts = await (counted ?? countConcepts(db));
  } catch (error) {
    await lease.release();
    throw error;
  }
  const terms = prepared.reduce((n, p) => n + p.termsToWrite, 0);
  // Terms written during the scans (importFiles into an empty graph): whether to drop the indexes was decided then.
  const scanned = (await scanWrites?.wrote()) === true;
  const rebuild = scanned ? scanWrites!.rebuild === true : rebuildFulltext(concepts, terms, options);
  const createIndexes = () => createFulltextIndexes(db);
  let scanFailed = false;
  // Once anything may have been written, the graph's version is bumped (neo4j/graph-version.ts) so that the service's
  // cached answers go, also when a write failed halfway.
  // The lease goes back meanwhile: the writes have ended.
  try {
    return await writeAll();
  } finally {
    await Promise.all([bumpGraphVersion(db).catch(() => undefined), lease.release()]);
  }

  async function writeAll(): Promise<ImportReport[]> {
    try {
      if (rebuild && !scanned) await dropFulltextIndexes(db);
      // An empty graph has no seeded items to migrate, no nodes to look up and no earlier release.
      if (concepts > 0) for (const migration of LAYER_MIGRATIONS) await db.write(migration);
      const earlier = concepts > 0 ? await earlierReleases(db, prepared) : new Map<string, string[]>();
      const run: WriteRun = {
        existing:
          options.createNew === false || concepts === 0 ? new Set() : await existingNodes(db, prepared),
        createNew: options.createNew !== false,
      };
      // A file's relationships are written while the next file's terms are (Node packs terms while Neo4j creates
      // relationships), and after the previous file's relationships: two files that state the same link must not
      // both find it missing and both create it. Every write has ended before this returns or throws.
      // `later`: files still being scanned (into an empty graph, see importFiles), each awaited in its turn.
      const relationships: Array<Promise<ImportReport>> = [];
      const reports: ImportReport[] = [];
      try {
        for (const next of [...prepared, ...later]) {
          let p: PreparedImport;
          try {
            p = await next;
          } catch (error) {
            scanFailed = true;
            throw error;
          }
          await p.writeTerms(db, run);
          const previous = relationships.at(-1) ?? Promise.resolve(null);
          // After the last file of an ontology in this run, what its earlier releases stated and it does not goes.
          // (None into an empty graph, the only one whose files may still be being scanned here.)
          const retire =
            earlier.size > 0 && prepared.findLast((q) => q.source.ontology === p.source.ontology) === p;
          const stale = retire ? (earlier.get(p.source.ontology) ?? []) : [];
          const written = previous
            .then(() => p.writeRelationships(db))
            .then(async (report) => {
              if (stale.length === 0) return report;
              const started = performance.now();
              report.changes.relationshipsRetired = await retireRelationships(db, stale);
              // Counted as the file's relationships' time.
              const took = performance.now() - started;
              report.millis.relationships += took;
              report.millis.total += took;
              report.span.end = performance.now();
              return report;
            });
          written.catch(() => undefined); // awaited below
          relationships.push(written);
        }
        // Relationships do not touch what the full-text indexes cover: the indexes are built meanwhile.
        if (rebuild) await createIndexes();
        for (const written of relationships) {
          const report = await written;
          reports.push(report);
          onReport(report);
        }
      } finally {
        await Promise.allSettled(relationships);
      }
      if (rebuild) {
        const waited = performance.now();
        await db.write('CALL db.awaitIndexes(300)');
        // The wait for the indexes, past the relationships, is part of the import: counted in the last file's time.
        const last = reports.at(-1)!;
        last.millis.fulltext = performance.now() - waited;
        last.millis.total += last.millis.fulltext;
        last.span.end = performance.now();
      }
      return reports;
    } catch (error) {
      // A later file turned out bad: what the run wrote goes, as when a file is bad before any write (importFiles).
      if (scanFailed) await takeBack(error, () => scanWrites!.remove(db));
      // A failed import leaves the indexes there and online too.
      if (rebuild) {
        try {
          await createIndexes();
          await db.write('CALL db.awaitIndexes(300)');
        } catch (restoreError) {
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}; the full-text indexes could not be built ` +
              `again either (${restoreError instanceof Error ? restoreError.message : String(restoreError)}): ` +
              'the next import, or the service at its start, creates them',
            { cause: restoreError },
          );
        }
      }
      throw error;
    }
  }
}

/** Imports one OBO file. Throws OboParseError or OboImportError, before writing anything, for a bad file. */
export async function importObo(
  db: Database | null,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (options.dryRun === true || !db) {
    const [prepared] = await prepareImports(db, [file], options);
    return prepared!.report();
  }
  const [report] = await importFiles(db, [file], options);
  return report!;
}

const NOT_IN_MODEL = /^relationships not in the model \((.+)\)$/;

/** Skip reasons, one per line; the relationship types outside the model on one line, most frequent first. */
function skippedLines(skipped: Record<string, number>): string[] {
  const line = (n: number, text: string) => `    ${String(n).padStart(6)}  ${text}`;
  const other = Object.entries(skipped).filter(([reason]) => !NOT_IN_MODEL.test(reason));
  const types = Object.entries(skipped)
    .flatMap(([reason, n]) => {
      const type = NOT_IN_MODEL.exec(reason)?.[1];
      return type ? [[type, n] as const] : [];
    })
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  const lines = other.sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => line(n, reason));
  if (types.length > 0) {
    const total = types.reduce((sum, [, n]) => sum + n, 0);
    lines.push(
      line(
        total,
        `relationships of types the model does not have: ${types.map(([t, n]) => `${t} ${n}`).join(', ')}`,
      ),
    );
  }
  return lines;
}

/** The report as a few lines for a terminal. */
export function formatImportReport(r: ImportReport): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const seconds = r.millis.total / 1000;
  const lines = [
    `${r.dryRun ? 'Checked (dry run, nothing written)' : 'Imported'} ${r.file}`,
    `  source         ${r.source.id} (${r.source.title}${r.source.version ? `, version ${r.source.version}` : ''})`,
    `  terms          ${r.terms} (${list(r.written)}; ${r.obsolete} obsolete)`,
    `  relationships  ${sum(r.relationships)} (${list(r.relationships)})`,
    `  synonyms       ${r.synonyms}`,
    `  xrefs          ${r.xrefs} (and ${r.altIds} alt_ids)`,
    `  merged         ${r.merged.length}${r.merged.length > 0 ? ': ' + r.merged.map((m) => `${m.term} → ${m.concept} (${m.rule})`).join(', ') : ''}`,
    `  skipped        ${sum(r.skipped)}${sum(r.skipped) > 0 ? ':' : ''}`,
    ...skippedLines(r.skipped),
    `  time           ${seconds.toFixed(2)} s (scan ${(r.millis.scan / 1000).toFixed(2)} s, terms ${(r.millis.terms / 1000).toFixed(2)} s, relationships ${(r.millis.relationships / 1000).toFixed(2)} s${r.millis.fulltext > 0 ? `, full-text indexes rebuilt ${(r.millis.fulltext / 1000).toFixed(2)} s` : ''}); ${Math.round(r.terms / seconds)} terms/s`,
  ];
  if (!r.dryRun) {
    lines.push(
      `  changes        ${r.changes.nodesCreated} nodes and ${r.changes.relationshipsCreated} relationships created, ${r.changes.propertiesSet} properties set` +
        (r.changes.relationshipsRetired > 0
          ? `; ${r.changes.relationshipsRetired} relationships of an earlier release that this one no longer states retired`
          : ''),
    );
  }
  return lines.join('\n');
}
