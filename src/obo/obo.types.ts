/**
 * What the OBO 1.2/1.4 parser (parse/obo-reader.ts) yields: the document header, then one stanza at a time.
 * Values are unescaped (`\:` → `:`, `\W` → space, ...), with trailing `{...}` modifiers and `! comments` removed.
 */

export type SynonymScope = 'EXACT' | 'RELATED' | 'BROAD' | 'NARROW';

export interface OboSynonym {
  text: string;
  scope: SynonymScope;
  /** The synonym type between the scope and the reference list (`synonym: "ATLL" EXACT OMO:0003012 []`), or null. */
  type: string | null;
  refs: string[];
}

export interface OboXref {
  id: string;
  description: string | null;
}

export interface OboDef {
  text: string;
  /** The ids of the references in `[...]`, without their own quoted descriptions or modifiers. */
  refs: string[];
}

/** `relationship: part_of UBERON:1` → `{ type: 'part_of', target: 'UBERON:1' }`. */
export interface OboRelationship {
  type: string;
  target: string;
}

export interface OboTerm {
  id: string;
  /** The 1-based line number of the `[Term]` header. */
  line: number;
  name: string | null;
  /** The stanza's own `namespace:`; null when it has none (the header's defaultNamespace then applies). */
  namespace: string | null;
  def: OboDef | null;
  comments: string[];
  synonyms: OboSynonym[];
  xrefs: OboXref[];
  isA: string[];
  relationships: OboRelationship[];
  altIds: string[];
  isObsolete: boolean;
  replacedBy: string[];
  consider: string[];
  subsets: string[];
}

export interface OboTypedef {
  id: string;
  /** The 1-based line number of the `[Typedef]` header. */
  line: number;
  name: string | null;
  isTransitive: boolean;
  isA: string[];
}

export interface OboHeader {
  formatVersion: string | null;
  dataVersion: string | null;
  ontology: string | null;
  date: string | null;
  defaultNamespace: string | null;
}

export type OboStanza = { kind: 'term'; term: OboTerm } | { kind: 'typedef'; typedef: OboTypedef };

/** A line the parser cannot accept; `line` is 1-based, `detail` says what is wrong in the curator's terms. */
export class OboParseError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly file?: string,
  ) {
    super(`${file ?? 'OBO'}: line ${line}: ${detail}`);
    this.name = 'OboParseError';
  }
}

/**
 * A defect the parser recovers from (a [Term] with no name, a tag it does not know): reported, not refused, unless
 * the parse is strict. `message` names the file and line as an OboParseError's does.
 */
export interface OboWarning {
  line: number;
  detail: string;
  message: string;
}

export interface OboParseOptions {
  /** Refuse recoverable defects as errors, as the parser did before it warned about them. */
  strict?: boolean;
  onWarning?: (warning: OboWarning) => void;
}

/** A file the importer refuses before writing anything: the message names the file and, where there is one, the line. */
export class OboImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OboImportError';
  }
}
