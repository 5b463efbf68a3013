/**
 * A streaming parser for OBO flat files, format 1.2 and 1.4 (https://owlcollab.github.io/oboformat/doc/obo-syntax.html
 * and the OBO 1.4 guide, section "Parsing").
 *
 * The parser reads one line at a time and holds at most one stanza: the header comes first (OboReader.header()), then
 * each [Term] or [Typedef] as soon as the next stanza header (or the end of the file) closes it. [Instance] stanzas and
 * stanzas of unknown types are skipped. Values are unescaped, and their trailing `{...}` modifiers and `! comments` are
 * removed; `!` and `{` inside a quoted string (def, synonym, xref description) belong to the string.
 *
 * Anything a curator has to fix throws an OboParseError with the 1-based line number.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  OboParseError,
  type OboDef,
  type OboHeader,
  type OboRelationship,
  type OboStanza,
  type OboSynonym,
  type OboTerm,
  type OboTypedef,
  type OboXref,
  type SynonymScope,
} from './obo.types';

const TRUNCATED = 'the file ends in the middle of a line: truncated?';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const QUOTE = 34;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const BOM = 0xfeff;

const SCOPES: ReadonlySet<string> = new Set<SynonymScope>(['EXACT', 'RELATED', 'BROAD', 'NARROW']);

/** The OBO 1.2 synonym tags, which carry their scope in the tag name. */
const SCOPE_OF_TAG: Readonly<Record<string, SynonymScope>> = {
  exact_synonym: 'EXACT',
  narrow_synonym: 'NARROW',
  broad_synonym: 'BROAD',
  related_synonym: 'RELATED',
};

/** Tags that belong to the document header only: one of them inside a [Term] or [Typedef] is misplaced. */
const HEADER_ONLY_TAGS: ReadonlySet<string> = new Set([
  'format-version',
  'data-version',
  'date',
  'saved-by',
  'auto-generated-by',
  'default-namespace',
  'ontology',
  'subsetdef',
  'synonymtypedef',
  'idspace',
  'import',
  'remark',
]);

/** The header tags OboHeader keeps; each may appear once. */
const HEADER_FIELDS: Readonly<Record<string, keyof OboHeader>> = {
  'format-version': 'formatVersion',
  'data-version': 'dataVersion',
  ontology: 'ontology',
  date: 'date',
  'default-namespace': 'defaultNamespace',
};

/*
 * The scanners jump from one special character to the next with these (single character classes: no backtracking).
 * Each function that uses one sets its lastIndex first and calls no other user of the same expression.
 */
const VALUE_SPECIALS = /[\\"!{}]/g;
const QUOTED_SPECIALS = /[\\"]/g;
const REF_LIST_SPECIALS = /[\\"{},\]]/g;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || (c >= LF && c <= CR);
}

/** A line (or value) shortened for an error message. */
function preview(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 80 ? `${t.slice(0, 77)}...` : t);
}

/**
 * Resolves OBO escapes: `\n` newline, `\W` space, `\t` tab, and `\` before any other character (`\:` `\,` `\"` `\\`
 * `\(` `\)` `\[` `\]` `\{` `\}` `\!` ...) gives that character. A lone backslash at the very end is kept.
 */
export function unescapeObo(s: string): string {
  let slash = s.indexOf('\\');
  if (slash < 0) return s;
  let out = '';
  let from = 0;
  while (slash >= 0) {
    out += s.slice(from, slash);
    if (slash + 1 >= s.length) {
      out += '\\';
      from = s.length;
      break;
    }
    const c = s[slash + 1] as string;
    out += c === 'n' ? '\n' : c === 'W' ? ' ' : c === 't' ? '\t' : c;
    from = slash + 2;
    slash = s.indexOf('\\', from);
  }
  return out + s.slice(from);
}

/**
 * The value of a tag-value line without its `! comment` and its trailing `{...}` modifier, trimmed (still escaped).
 * One pass over the characters: a backslash escapes the next one; with `quoted`, double quotes delimit strings in which
 * `!` and `{` are text. Inside a modifier, double quotes always delimit strings (`{source="a!b"}`).
 */
function stripValue(value: string, quoted: boolean): string {
  let inQuote = false;
  let depth = 0;
  let groupStart = -1;
  let groupEnd = -1;
  let end = value.length;
  const special = VALUE_SPECIALS;
  special.lastIndex = 0;
  for (let m = special.exec(value); m !== null; m = special.exec(value)) {
    const i = m.index;
    const c = value.charCodeAt(i);
    if (c === BACKSLASH) {
      special.lastIndex = i + 2;
    } else if (inQuote) {
      if (c === QUOTE) inQuote = false;
    } else if (c === QUOTE) {
      if (quoted || depth > 0) inQuote = true;
    } else if (c === BANG) {
      if (depth === 0) {
        end = i;
        break;
      }
    } else if (c === LBRACE) {
      if (depth === 0) groupStart = i;
      depth++;
    } else if (depth > 0) {
      depth--; // a closing brace
      if (depth === 0) groupEnd = i + 1;
    }
  }
  let start = 0;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  // A trailing modifier is a brace group that closes at the very end of the value (after the comment is gone).
  if (depth === 0 && groupStart >= start && groupEnd === end) {
    end = groupStart;
    while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  }
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** The index of the first unescaped `code` in text, or -1. */
function findUnescaped(text: string, code: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === code) return i;
  }
  return -1;
}

/** The index of the first unescaped whitespace (or of `stop`, if given) at or after `from`; text.length if none. */
function tokenEnd(text: string, from: number, stop = -1): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (isSpace(c) || c === stop) return i;
  }
  return text.length;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

interface TermState {
  kind: 'term';
  term: OboTerm;
  idLine: number;
  nameLine: number;
  defLine: number;
}

interface TypedefState {
  kind: 'typedef';
  typedef: OboTypedef;
  idLine: number;
  nameLine: number;
}

/** An [Instance] or a stanza of an unknown type: its lines are skipped. */
interface SkippedState {
  kind: 'skipped';
}

type StanzaState = TermState | TypedefState | SkippedState;

/**
 * The synchronous core: push lines one at a time; push() returns a stanza when a new stanza header closes it, end()
 * returns the last one. Holds the header and at most one stanza.
 */
class OboLineParser {
  private lineNo = 0;
  private readonly headerValues: OboHeader = {
    formatVersion: null,
    dataVersion: null,
    ontology: null,
    date: null,
    defaultNamespace: null,
  };
  private readonly headerLines: Partial<Record<keyof OboHeader, number>> = {};
  private current: StanzaState | null = null;
  /** True from the first stanza header on: the document header is complete. */
  inStanzas = false;

  constructor(private readonly file: string | undefined) {}

  header(): OboHeader {
    return { ...this.headerValues };
  }

  private fail(detail: string, line = this.lineNo): never {
    throw new OboParseError(line, detail, this.file);
  }

  push(rawLine: string): OboStanza | null {
    this.lineNo++;
    let line = rawLine;
    if (this.lineNo === 1 && line.charCodeAt(0) === BOM) line = line.slice(1);
    if (line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
    const first = skipSpaces(line, 0);
    if (first === line.length) return null; // blank
    const c = line.charCodeAt(first);
    if (c === BANG) return null; // comment line
    const text = first > 0 ? line.slice(first) : line;
    if (c === LBRACKET) return this.startStanza(text);
    if (this.current?.kind === 'skipped') return null;

    const colon = findUnescaped(text, COLON);
    const tag = colon > 0 ? text.slice(0, colon) : '';
    if (tag === '' || tokenEnd(tag, 0) !== tag.length) {
      this.fail(`expected a "tag: value" line, found ${preview(text)}`);
    }
    const value = text.slice(colon + 1);
    if (this.current === null) this.headerTag(tag, value);
    else if (this.current.kind === 'term') this.termTag(this.current, tag, value);
    else this.typedefTag(this.current, tag, value);
    return null;
  }

  /** Closes the last stanza at the end of the input. */
  end(): OboStanza | null {
    const done = this.current;
    this.current = null;
    return done === null ? null : this.finish(done);
  }

  private startStanza(text: string): OboStanza | null {
    const close = text.indexOf(']');
    const name = close > 0 ? text.slice(1, close).trim() : '';
    const rest = close > 0 ? text.slice(close + 1).trim() : '';
    if (name === '' || (rest !== '' && rest.charCodeAt(0) !== BANG)) {
      this.fail(`malformed stanza header ${preview(text)} (expected e.g. [Term])`);
    }
    const done = this.current === null ? null : this.finish(this.current);
    this.inStanzas = true;
    const line = this.lineNo;
    if (name === 'Term') {
      this.current = {
        kind: 'term',
        idLine: 0,
        nameLine: 0,
        defLine: 0,
        term: {
          id: '',
          line,
          name: null,
          namespace: null,
          def: null,
          comments: [],
          synonyms: [],
          xrefs: [],
          isA: [],
          relationships: [],
          altIds: [],
          isObsolete: false,
          replacedBy: [],
          consider: [],
          subsets: [],
        },
      };
    } else if (name === 'Typedef') {
      this.current = {
        kind: 'typedef',
        idLine: 0,
        nameLine: 0,
        typedef: { id: '', line, name: null, isTransitive: false, isA: [] },
      };
    } else {
      this.current = { kind: 'skipped' };
    }
    return done;
  }

  /** Checks a complete stanza and returns it (null for a skipped one). */
  private finish(state: StanzaState): OboStanza | null {
    if (state.kind === 'skipped') return null;
    if (state.kind === 'typedef') {
      const { typedef } = state;
      if (state.idLine === 0) this.fail('[Typedef] stanza has no id: line', typedef.line);
      return { kind: 'typedef', typedef };
    }
    const { term } = state;
    if (state.idLine === 0) this.fail('[Term] stanza has no id: line', term.line);
    if (term.name === null && !term.isObsolete) {
      this.fail(`[Term] ${term.id} has no name: line and is not marked is_obsolete: true`, term.line);
    }
    return { kind: 'term', term };
  }

  private headerTag(tag: string, value: string): void {
    const field = HEADER_FIELDS[tag];
    if (field === undefined) return; // subsetdef, synonymtypedef, idspace, remark, ...: allowed, not kept
    const first = this.headerLines[field];
    if (first !== undefined) this.fail(`a second ${tag}: line in the header (the first is at line ${first})`);
    this.headerLines[field] = this.lineNo;
    this.headerValues[field] = unescapeObo(stripValue(value, false));
  }

  /** The value of an id:, is_a: (...) line: one identifier, no whitespace. */
  private identifier(tag: string, value: string): string {
    const id = stripValue(value, false);
    if (id === '') this.fail(`empty ${tag}: value`);
    if (/\s/.test(id)) {
      this.fail(`${tag}: value ${preview(id)} contains whitespace (one identifier expected)`);
    }
    return unescapeObo(id);
  }

  private boolean(tag: string, value: string): boolean {
    const v = stripValue(value, false);
    if (v === 'true') return true;
    if (v === 'false') return false;
    return this.fail(`${tag}: must be true or false, found ${preview(v)}`);
  }

  private misplacedHeaderTag(tag: string, stanza: string, line: number): never {
    return this.fail(
      `header tag ${tag}: inside the ${stanza} stanza of line ${line}: header tags must come before the first stanza`,
    );
  }

  private termTag(state: TermState, tag: string, value: string): void {
    const { term } = state;
    switch (tag) {
      case 'id':
        if (state.idLine !== 0) {
          this.fail(`a second id: line in this [Term] (the first is at line ${state.idLine})`);
        }
        state.idLine = this.lineNo;
        term.id = this.identifier(tag, value);
        return;
      case 'name': {
        if (state.nameLine !== 0) {
          this.fail(
            `a second name: line in ${stanzaLabel('Term', term)} (the first is at line ${state.nameLine})`,
          );
        }
        state.nameLine = this.lineNo;
        const name = unescapeObo(stripValue(value, false));
        term.name = name === '' ? null : name;
        return;
      }
      case 'namespace':
        term.namespace = unescapeObo(stripValue(value, false)) || null;
        return;
      case 'def':
        if (state.defLine !== 0) {
          this.fail(
            `a second def: line in ${stanzaLabel('Term', term)} (the first is at line ${state.defLine})`,
          );
        }
        state.defLine = this.lineNo;
        term.def = this.def(value);
        return;
      case 'comment':
        term.comments.push(unescapeObo(stripValue(value, false)));
        return;
      case 'synonym':
      case 'exact_synonym':
      case 'narrow_synonym':
      case 'broad_synonym':
      case 'related_synonym':
        term.synonyms.push(this.synonym(tag, value));
        return;
      case 'xref':
      case 'xref_analog':
      case 'xref_unknown':
        term.xrefs.push(this.xref(tag, value));
        return;
      case 'is_a':
        term.isA.push(this.identifier(tag, value));
        return;
      case 'relationship':
        term.relationships.push(this.relationship(value));
        return;
      case 'is_obsolete':
        term.isObsolete = this.boolean(tag, value);
        return;
      case 'alt_id':
        pushNonEmpty(term.altIds, value);
        return;
      case 'replaced_by':
        pushNonEmpty(term.replacedBy, value);
        return;
      case 'consider':
        pushNonEmpty(term.consider, value);
        return;
      case 'subset':
        pushNonEmpty(term.subsets, value);
        return;
      default:
        // intersection_of, union_of, disjoint_from, property_value, created_by, ...: accepted and ignored.
        if (HEADER_ONLY_TAGS.has(tag)) this.misplacedHeaderTag(tag, '[Term]', term.line);
    }
  }

  private typedefTag(state: TypedefState, tag: string, value: string): void {
    const { typedef } = state;
    switch (tag) {
      case 'id':
        if (state.idLine !== 0) {
          this.fail(`a second id: line in this [Typedef] (the first is at line ${state.idLine})`);
        }
        state.idLine = this.lineNo;
        typedef.id = this.identifier(tag, value);
        return;
      case 'name': {
        if (state.nameLine !== 0) {
          this.fail(
            `a second name: line in ${stanzaLabel('Typedef', typedef)} (the first is at line ${state.nameLine})`,
          );
        }
        state.nameLine = this.lineNo;
        const name = unescapeObo(stripValue(value, false));
        typedef.name = name === '' ? null : name;
        return;
      }
      case 'is_transitive':
        typedef.isTransitive = this.boolean(tag, value);
        return;
      case 'is_a':
        typedef.isA.push(this.identifier(tag, value));
        return;
      default:
        if (HEADER_ONLY_TAGS.has(tag)) this.misplacedHeaderTag(tag, '[Typedef]', typedef.line);
    }
  }

  /** A double-quoted string starting at `start` (which holds the opening quote): its unescaped text and its end. */
  private quoted(text: string, start: number, tag: string): { text: string; end: number } {
    const special = QUOTED_SPECIALS;
    special.lastIndex = start + 1;
    for (let m = special.exec(text); m !== null; m = special.exec(text)) {
      if (text.charCodeAt(m.index) === BACKSLASH) special.lastIndex = m.index + 2;
      else return { text: unescapeObo(text.slice(start + 1, m.index)), end: m.index + 1 };
    }
    return this.fail(`unterminated quoted string in ${tag}`);
  }

  /**
   * The reference list `[ref1, ref2 "description", ...]` starting at `start` (which holds the `[`): the ids of its
   * references and the index after the `]`. Commas split references unless escaped (`\,`) or quoted.
   */
  private refList(text: string, start: number, tag: string): { refs: string[]; end: number } {
    const refs: string[] = [];
    let inQuote = false;
    let depth = 0;
    let from = start + 1;
    const special = REF_LIST_SPECIALS;
    special.lastIndex = start + 1;
    for (let m = special.exec(text); m !== null; m = special.exec(text)) {
      const i = m.index;
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        special.lastIndex = i + 2;
      } else if (inQuote) {
        if (c === QUOTE) inQuote = false;
      } else if (c === QUOTE) {
        inQuote = true;
      } else if (c === LBRACE) {
        depth++;
      } else if (c === RBRACE) {
        if (depth > 0) depth--;
      } else if (depth === 0) {
        // a comma or the closing bracket
        addRef(refs, text.slice(from, i));
        from = i + 1;
        if (c === RBRACKET) return { refs, end: i + 1 };
      }
    }
    return this.fail(`unterminated reference list in ${tag} (no closing "]")`);
  }

  /** `def: "text" [refs]`. */
  private def(value: string): OboDef {
    const v = stripValue(value, true);
    if (v.charCodeAt(0) !== QUOTE) this.fail(`def: must start with a quoted text, found ${preview(v)}`);
    const { text, end } = this.quoted(v, 0, 'def');
    let i = skipSpaces(v, end);
    let refs: string[] = [];
    if (i < v.length) {
      if (v.charCodeAt(i) !== LBRACKET) {
        this.fail(`expected [references] after the quoted text in def, found ${preview(v.slice(i))}`);
      }
      ({ refs, end: i } = this.refList(v, i, 'def'));
      this.nothingAfter(v, i, 'the references in def');
    }
    return { text, refs };
  }

  /** `synonym: "text" SCOPE [TYPE] [refs]` (1.4; SCOPE optional in 1.2) or `exact_synonym: "text" [TYPE] [refs]`. */
  private synonym(tag: string, value: string): OboSynonym {
    const v = stripValue(value, true);
    if (v.charCodeAt(0) !== QUOTE) this.fail(`${tag}: must start with a quoted text, found ${preview(v)}`);
    const { text, end } = this.quoted(v, 0, tag);
    const words: string[] = [];
    let i = skipSpaces(v, end);
    while (i < v.length && v.charCodeAt(i) !== LBRACKET) {
      const stop = tokenEnd(v, i, LBRACKET);
      words.push(v.slice(i, stop));
      i = skipSpaces(v, stop);
    }
    let refs: string[] = [];
    if (i < v.length) {
      ({ refs, end: i } = this.refList(v, i, tag));
      this.nothingAfter(v, i, `the references in ${tag}`);
    }
    let scope = SCOPE_OF_TAG[tag];
    let typeWords = words;
    if (scope === undefined) {
      const [first, ...rest] = words;
      if (first === undefined) {
        scope = 'RELATED'; // OBO 1.2: `synonym: "text" [refs]`
      } else if (SCOPES.has(first)) {
        scope = first as SynonymScope;
        typeWords = rest;
      } else {
        this.fail(`unknown synonym scope ${preview(first)} (expected EXACT, RELATED, BROAD or NARROW)`);
      }
    }
    if (typeWords.length > 1) {
      this.fail(`unexpected ${preview(typeWords.slice(1).join(' '))} in ${tag} (one synonym type at most)`);
    }
    const type = typeWords[0];
    return { text, scope, type: type === undefined ? null : unescapeObo(type), refs };
  }

  /** `xref: ID` or `xref: ID "description"`. */
  private xref(tag: string, value: string): OboXref {
    const v = stripValue(value, true);
    const idEnd = tokenEnd(v, 0, QUOTE);
    // Trimmed once unescaped too: real files have `xref: OMIM:220210\n`.
    const id = unescapeObo(v.slice(0, idEnd)).trim();
    if (id === '') this.fail(v === '' ? `empty ${tag}: value` : `${tag}: has no id before its description`);
    const at = skipSpaces(v, idEnd);
    if (at === v.length) return { id, description: null };
    if (v.charCodeAt(at) !== QUOTE) {
      // Not valid OBO (the description should be quoted), but real files have it (`xref: :bony projection`).
      return { id, description: unescapeObo(v.slice(at)) };
    }
    const { text, end } = this.quoted(v, at, tag);
    this.nothingAfter(v, end, `the description in ${tag}`);
    return { id, description: text };
  }

  /** `relationship: TYPE TARGET`. */
  private relationship(value: string): OboRelationship {
    const v = stripValue(value, false);
    const typeEnd = tokenEnd(v, 0);
    const targetStart = skipSpaces(v, typeEnd);
    const targetEnd = tokenEnd(v, targetStart);
    if (typeEnd === 0 || targetStart === v.length || targetEnd !== v.length) {
      this.fail(`relationship: must be "TYPE TARGET" (e.g. part_of UBERON:0000033), found ${preview(v)}`);
    }
    return { type: unescapeObo(v.slice(0, typeEnd)), target: unescapeObo(v.slice(targetStart)) };
  }

  private nothingAfter(text: string, from: number, what: string): void {
    const i = skipSpaces(text, from);
    if (i < text.length) this.fail(`unexpected ${preview(text.slice(i))} after ${what}`);
  }
}

/** `[Term] DOID:1`, or `the [Term] of line 12` while its id is not known yet. */
function stanzaLabel(kind: string, stanza: { id: string; line: number }): string {
  return stanza.id === '' ? `the [${kind}] of line ${stanza.line}` : `[${kind}] ${stanza.id}`;
}

function pushNonEmpty(list: string[], value: string): void {
  const v = stripValue(value, false);
  if (v !== '') list.push(unescapeObo(v));
}

/** One reference of a list: its id, without its quoted description or its modifier. */
function addRef(refs: string[], piece: string): void {
  let end = piece.length;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === QUOTE || c === LBRACE) {
      end = i;
      break;
    }
  }
  const id = unescapeObo(piece.slice(0, end)).trim();
  if (id !== '') refs.push(id);
}

/** The most lines read ahead: a batch of a synchronous source, or what the file reader splits before pausing. */
const BATCH = 1024;

/** Whether the file's last byte is not a line terminator (an empty file is complete). Reads one byte. */
async function endsInMiddleOfLine(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    const last = buffer[0];
    return bytesRead === 1 && last !== LF && last !== CR;
  } finally {
    await handle.close();
  }
}

/**
 * The lines of a file, streamed: fs.createReadStream decodes UTF-8 and the chunks are split here ("\r\n", "\n" and
 * "\r" end lines, as readline with crlfDelay Infinity; readline itself took half of the parse), handed out in
 * batches of what has been split so far, pausing the stream when BATCH lines wait.
 *
 * The last line is held back until the end of the file: if the file does not end with a line terminator (checked on
 * its last byte before streaming), that line is never handed out and an OboParseError for it is thrown instead.
 */
class FileLines implements AsyncIterable<string> {
  private input: ReadStream | null = null;
  private pending: string[] = [];
  /** The start of a line whose end is in a later chunk. */
  private carry = '';
  /** The last chunk ended with "\r": a "\n" starting the next one belongs to the same line end. */
  private carriageReturn = false;
  private count = 0;
  private truncated = false;
  private ended = false;
  private paused = false;
  private error: unknown = null;
  private wake: (() => void) | null = null;

  constructor(readonly file: string) {}

  private readonly notify = (): void => {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  };

  private line(text: string): void {
    this.pending.push(text);
    this.count++;
  }

  /** Splits a chunk into lines; the text after its last line end waits in `carry`. */
  private split(chunk: string): void {
    let start = this.carriageReturn && chunk.charCodeAt(0) === LF ? 1 : 0;
    this.carriageReturn = false;
    if (chunk.indexOf('\r', start) < 0) {
      // The usual case, "\n" only: indexOf finds each end.
      for (let end = chunk.indexOf('\n', start); end >= 0; end = chunk.indexOf('\n', start)) {
        this.line(this.carry + chunk.slice(start, end));
        this.carry = '';
        start = end + 1;
      }
    } else {
      for (let i = start; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c !== LF && c !== CR) continue;
        this.line(this.carry + chunk.slice(start, i));
        this.carry = '';
        if (c === CR) {
          if (i + 1 === chunk.length) this.carriageReturn = true;
          else if (chunk.charCodeAt(i + 1) === LF) i++;
        }
        start = i + 1;
      }
    }
    this.carry += chunk.slice(start);
  }

  private async open(): Promise<ReadStream> {
    this.truncated = await endsInMiddleOfLine(this.file);
    const input = createReadStream(this.file, { encoding: 'utf8' });
    input.on('data', (chunk: string | Buffer) => {
      this.split(chunk as string);
      if (this.pending.length >= BATCH && !this.paused) {
        this.paused = true;
        input.pause();
      }
      this.notify();
    });
    input.on('end', () => {
      // A last line without a line end (the file is truncated: see next()).
      if (this.carry !== '') this.line(this.carry);
      this.carry = '';
      this.ended = true;
      this.notify();
    });
    input.on('error', (error) => {
      this.error = error;
      this.notify();
    });
    this.input = input;
    return input;
  }

  /** The next lines (never an empty batch), or null at the end of the file. */
  async next(): Promise<string[] | null> {
    const input = this.input ?? (await this.open());
    for (;;) {
      if (this.error !== null) throw this.error;
      const final = this.ended && !this.truncated;
      if (this.pending.length > 1 || (final && this.pending.length > 0)) {
        const batch = this.pending;
        this.pending = final ? [] : [batch.pop() as string];
        if (this.paused) {
          this.paused = false;
          input.resume();
        }
        return batch;
      }
      if (this.ended) {
        if (this.truncated && this.count > 0) throw new OboParseError(this.count, TRUNCATED, this.file);
        return null;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Stops reading and closes the file. */
  close(): void {
    this.ended = true;
    this.truncated = false;
    this.pending = [];
    this.input?.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    try {
      for (let batch = await this.next(); batch !== null; batch = await this.next()) yield* batch;
    } finally {
      this.close();
    }
  }
}

/**
 * Reads an OBO document from its lines (without line terminators; a trailing "\r" is ignored): header() first, then
 * stanzas(). Holds at most one stanza, and a batch of lines read ahead. Breaking out of the stanzas() loop, or an
 * error, closes the source; if stanzas() is never run to its end, the source is left open.
 */
export class OboReader {
  private readonly parser: OboLineParser;
  private syncLines: Iterator<string> | null = null;
  private asyncLines: AsyncIterator<string> | null = null;
  private batch: readonly string[] = [];
  private position = 0;
  /** No more lines will come from the source (or it failed with sourceError after the current batch). */
  private exhausted = false;
  private sourceError: { error: unknown } | null = null;
  private headerPromise: Promise<OboHeader> | null = null;
  private stanzasStarted = false;

  constructor(
    private readonly lines: AsyncIterable<string> | Iterable<string>,
    file?: string,
  ) {
    if (typeof lines === 'string') {
      throw new TypeError('OboReader takes lines, not a string: use parseOboText(text) for a whole document');
    }
    this.parser = new OboLineParser(file);
  }

  /** The document header: reads the lines up to the first stanza header. */
  header(): Promise<OboHeader> {
    this.headerPromise ??= this.readHeader();
    return this.headerPromise;
  }

  /** Each [Term] and [Typedef] stanza, in file order, as soon as it is complete. Can be iterated once. */
  async *stanzas(): AsyncGenerator<OboStanza> {
    if (this.stanzasStarted) throw new Error('OboReader.stanzas() can only be iterated once');
    this.stanzasStarted = true;
    await this.header();
    let finished = false;
    try {
      for (;;) {
        if (this.position >= this.batch.length && !(await this.fill())) {
          finished = true;
          const last = this.parser.end();
          if (last !== null) yield last;
          return;
        }
        const stanza = this.parser.push(this.batch[this.position++] as string);
        if (stanza !== null) yield stanza;
      }
    } finally {
      if (!finished) await this.close();
    }
  }

  private async readHeader(): Promise<OboHeader> {
    try {
      while (!this.parser.inStanzas) {
        if (this.position >= this.batch.length && !(await this.fill())) break;
        this.parser.push(this.batch[this.position++] as string);
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    return this.parser.header();
  }

  /** Reads the next batch of lines; false at the end. Awaits only for asynchronous sources. */
  private async fill(): Promise<boolean> {
    this.batch = [];
    this.position = 0;
    if (this.sourceError !== null) throw this.sourceError.error;
    if (this.exhausted) return false;
    const { lines } = this;
    if (lines instanceof FileLines) {
      const batch = await lines.next();
      if (batch === null) this.exhausted = true;
      else this.batch = batch;
    } else if (Symbol.asyncIterator in lines) {
      this.asyncLines ??= lines[Symbol.asyncIterator]();
      const step = await this.asyncLines.next();
      if (step.done) this.exhausted = true;
      else this.batch = [step.value];
    } else {
      this.syncLines ??= lines[Symbol.iterator]();
      const batch: string[] = [];
      try {
        while (batch.length < BATCH) {
          const step = this.syncLines.next();
          if (step.done) {
            this.exhausted = true;
            break;
          }
          batch.push(step.value);
        }
      } catch (error) {
        // Parse the lines before the failure first, as a line-by-line reader would.
        if (batch.length === 0) throw error;
        this.sourceError = { error };
      }
      this.batch = batch;
    }
    return this.batch.length > 0;
  }

  private async close(): Promise<void> {
    if (this.exhausted) return;
    this.exhausted = true;
    const { lines } = this;
    if (lines instanceof FileLines) lines.close();
    else if (this.asyncLines !== null) await this.asyncLines.return?.();
    else this.syncLines?.return?.();
  }
}

/**
 * Parses OBO lines: yields each stanza as soon as it is complete and returns the header when done. OboReader gives
 * the header before the stanzas.
 */
export async function* parseOboLines(
  lines: AsyncIterable<string> | Iterable<string>,
  file?: string,
): AsyncGenerator<OboStanza, OboHeader> {
  const reader = new OboReader(lines, file);
  const header = await reader.header();
  yield* reader.stanzas();
  return header;
}

/**
 * Streams an OBO file (never reads it whole); errors name the file as given. The file is opened by the first header()
 * or stanzas(); a file that does not end with a line terminator fails at its last line (see FileLines).
 */
export function readOboFile(path: string): OboReader {
  return new OboReader(new FileLines(path), path);
}

/** Parses a whole OBO document held in a string (for tests and small inputs). */
export function parseOboText(text: string, file?: string): { header: OboHeader; stanzas: OboStanza[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const last = text.charCodeAt(text.length - 1);
  const complete = text === '' || last === LF || last === CR;
  if (complete) lines.pop(); // the empty string after the final line terminator
  const parser = new OboLineParser(file);
  const stanzas: OboStanza[] = [];
  for (const [index, line] of lines.entries()) {
    // The last line of a text that does not end with a line terminator is not parsed: it may be cut short.
    if (!complete && index === lines.length - 1) throw new OboParseError(lines.length, TRUNCATED, file);
    const stanza = parser.push(line);
    if (stanza !== null) stanzas.push(stanza);
  }
  const lastStanza = parser.end();
  if (lastStanza !== null) stanzas.push(lastStanza);
  return { header: parser.header(), stanzas };
}
