/** The values of tags whose syntax is more than one string: identifier, boolean, def, synonym, xref, relationship. */
import type { OboDef, OboRelationship, OboSynonym, OboXref, SynonymScope } from '../obo.types';
import { BACKSLASH, LBRACE, LBRACKET, preview, QUOTE, RBRACE, RBRACKET, skipSpaces, tokenEnd } from './chars';
import { addRef, stripValue, unescapeObo } from './values';

/** Throws the OboParseError for the line being parsed (or for `line`): the parser itself (OboLineParser). */
export interface LineFailure {
  fail(detail: string, line?: number): never;
}

const SCOPES: ReadonlySet<string> = new Set<SynonymScope>(['EXACT', 'RELATED', 'BROAD', 'NARROW']);

/** The OBO 1.2 synonym tags, which carry their scope in the tag name. */
const SCOPE_OF_TAG: Readonly<Record<string, SynonymScope>> = {
  exact_synonym: 'EXACT',
  narrow_synonym: 'NARROW',
  broad_synonym: 'BROAD',
  related_synonym: 'RELATED',
};

/*
 * The scanners jump from one special character to the next with these (single character classes: no backtracking).
 * Each function that uses one sets its lastIndex first and calls no other user of the same expression.
 */
const QUOTED_SPECIALS = /[\\"]/g;
const REF_LIST_SPECIALS = /[\\"{},\]]/g;

/** The value of an id:, is_a: (...) line: one identifier, no whitespace. */
export function identifier(parser: LineFailure, tag: string, value: string): string {
  const id = stripValue(value, false);
  if (id === '') parser.fail(`empty ${tag}: value`);
  if (/\s/.test(id)) {
    parser.fail(`${tag}: value ${preview(id)} contains whitespace (one identifier expected)`);
  }
  return unescapeObo(id);
}

export function boolean(parser: LineFailure, tag: string, value: string): boolean {
  const v = stripValue(value, false);
  if (v === 'true') return true;
  if (v === 'false') return false;
  return parser.fail(`${tag}: must be true or false, found ${preview(v)}`);
}

/** A double-quoted string starting at `start` (which holds the opening quote): its unescaped text and its end. */
function quoted(
  parser: LineFailure,
  text: string,
  start: number,
  tag: string,
): { text: string; end: number } {
  const special = QUOTED_SPECIALS;
  special.lastIndex = start + 1;
  for (let m = special.exec(text); m !== null; m = special.exec(text)) {
    if (text.charCodeAt(m.index) === BACKSLASH) special.lastIndex = m.index + 2;
    else return { text: unescapeObo(text.slice(start + 1, m.index)), end: m.index + 1 };
  }
  return parser.fail(`unterminated quoted string in ${tag}`);
}

/**
 * The reference list `[ref1, ref2 "description", ...]` starting at `start` (which holds the `[`): the ids of its
 * references and the index after the `]`. Commas split references unless escaped (`\,`) or quoted.
 */
function refList(
  parser: LineFailure,
  text: string,
  start: number,
  tag: string,
): { refs: string[]; end: number } {
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
  return parser.fail(`unterminated reference list in ${tag} (no closing "]")`);
}

/** `def: "text" [refs]`. */
export function def(parser: LineFailure, value: string): OboDef {
  const v = stripValue(value, true);
  if (v.charCodeAt(0) !== QUOTE) parser.fail(`def: must start with a quoted text, found ${preview(v)}`);
  const { text, end } = quoted(parser, v, 0, 'def');
  let i = skipSpaces(v, end);
  let refs: string[] = [];
  if (i < v.length) {
    if (v.charCodeAt(i) !== LBRACKET) {
      parser.fail(`expected [references] after the quoted text in def, found ${preview(v.slice(i))}`);
    }
    ({ refs, end: i } = refList(parser, v, i, 'def'));
    nothingAfter(parser, v, i, 'the references in def');
  }
  return { text, refs };
}

/** `synonym: "text" SCOPE [TYPE] [refs]` (1.4; SCOPE optional in 1.2) or `exact_synonym: "text" [TYPE] [refs]`. */
export function synonym(parser: LineFailure, tag: string, value: string): OboSynonym {
  const v = stripValue(value, true);
  if (v.charCodeAt(0) !== QUOTE) parser.fail(`${tag}: must start with a quoted text, found ${preview(v)}`);
  const { text, end } = quoted(parser, v, 0, tag);
  const words: string[] = [];
  let i = skipSpaces(v, end);
  while (i < v.length && v.charCodeAt(i) !== LBRACKET) {
    const stop = tokenEnd(v, i, LBRACKET);
    words.push(v.slice(i, stop));
    i = skipSpaces(v, stop);
  }
  let refs: string[] = [];
  if (i < v.length) {
    ({ refs, end: i } = refList(parser, v, i, tag));
    nothingAfter(parser, v, i, `the references in ${tag}`);
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
      parser.fail(`unknown synonym scope ${preview(first)} (expected EXACT, RELATED, BROAD or NARROW)`);
    }
  }
  if (typeWords.length > 1) {
    parser.fail(`unexpected ${preview(typeWords.slice(1).join(' '))} in ${tag} (one synonym type at most)`);
  }
  const type = typeWords[0];
  return { text, scope, type: type === undefined ? null : unescapeObo(type), refs };
}

/** `xref: ID` or `xref: ID "description"`. */
export function xref(parser: LineFailure, tag: string, value: string): OboXref {
  const v = stripValue(value, true);
  const idEnd = tokenEnd(v, 0, QUOTE);
  // Trimmed once unescaped too: real files have `xref: OMIM:220210\n`.
  const id = unescapeObo(v.slice(0, idEnd)).trim();
  if (id === '') parser.fail(v === '' ? `empty ${tag}: value` : `${tag}: has no id before its description`);
  const at = skipSpaces(v, idEnd);
  if (at === v.length) return { id, description: null };
  if (v.charCodeAt(at) !== QUOTE) {
    // Not valid OBO (the description should be quoted), but real files have it (`xref: :bony projection`).
    return { id, description: unescapeObo(v.slice(at)) };
  }
  const { text, end } = quoted(parser, v, at, tag);
  nothingAfter(parser, v, end, `the description in ${tag}`);
  return { id, description: text };
}

/** `relationship: TYPE TARGET`. */
export function relationship(parser: LineFailure, value: string): OboRelationship {
  const v = stripValue(value, false);
  const typeEnd = tokenEnd(v, 0);
  const targetStart = skipSpaces(v, typeEnd);
  const targetEnd = tokenEnd(v, targetStart);
  if (typeEnd === 0 || targetStart === v.length || targetEnd !== v.length) {
    parser.fail(`relationship: must be "TYPE TARGET" (e.g. part_of UBERON:0000033), found ${preview(v)}`);
  }
  return { type: unescapeObo(v.slice(0, typeEnd)), target: unescapeObo(v.slice(targetStart)) };
}

function nothingAfter(parser: LineFailure, text: string, from: number, what: string): void {
  const i = skipSpaces(text, from);
  if (i < text.length) parser.fail(`unexpected ${preview(text.slice(i))} after ${what}`);
}
