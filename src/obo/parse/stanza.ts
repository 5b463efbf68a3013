/** One stanza while its lines are read: the tags of [Term] and [Typedef], and the checks of a complete stanza. */
import type { OboStanza, OboTerm, OboTypedef } from '../obo.types';
import { boolean, def, identifier, relationship, synonym, xref } from './tag-values';
import type { LineFailure } from './tag-values';
import { pushNonEmpty, stripValue, unescapeObo } from './values';

/** The line being parsed, its failure, and its warning (OboLineParser). */
export interface LineContext extends LineFailure {
  readonly lineNo: number;
  /** A recoverable defect: `recovery` says what is done instead; a strict parse fails with `detail`. */
  warn(detail: string, recovery: string, line?: number): void;
}

/** OBO 1.4 tags of a [Term] that the parser knows and does not keep. */
const IGNORED_TERM_TAGS: ReadonlySet<string> = new Set([
  'is_anonymous',
  'builtin',
  'property_value',
  'intersection_of',
  'union_of',
  'equivalent_to',
  'disjoint_from',
  'created_by',
  'creation_date',
]);

/** OBO 1.4 tags of a [Typedef] that the parser knows and does not keep. */
const IGNORED_TYPEDEF_TAGS: ReadonlySet<string> = new Set([
  ...IGNORED_TERM_TAGS,
  'namespace',
  'def',
  'comment',
  'synonym',
  'xref',
  'alt_id',
  'subset',
  'relationship',
  'is_obsolete',
  'replaced_by',
  'consider',
  'domain',
  'range',
  'is_anti_symmetric',
  'is_cyclic',
  'is_reflexive',
  'is_symmetric',
  'is_asymmetric',
  'is_functional',
  'is_inverse_functional',
  'transitive_over',
  'holds_over_chain',
  'equivalent_to_chain',
  'disjoint_over',
  'inverse_of',
  'is_metadata_tag',
  'is_class_level',
  'expand_assertion_to',
  'expand_expression_to',
]);

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

export interface TermState {
  kind: 'term';
  term: OboTerm;
  idLine: number;
  nameLine: number;
  defLine: number;
}

export interface TypedefState {
  kind: 'typedef';
  typedef: OboTypedef;
  idLine: number;
  nameLine: number;
}

/** An [Instance] or a stanza of an unknown type: its lines are skipped. */
export interface SkippedState {
  kind: 'skipped';
}

export type StanzaState = TermState | TypedefState | SkippedState;

/** The state of a stanza that starts at `line` with the header `[name]`. */
export function newStanza(name: string, line: number): StanzaState {
  if (name === 'Term') {
    return {
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
  }
  if (name === 'Typedef') {
    return {
      kind: 'typedef',
      idLine: 0,
      nameLine: 0,
      typedef: { id: '', line, name: null, isTransitive: false, isA: [] },
    };
  }
  return { kind: 'skipped' };
}

/** Checks a complete stanza and returns it (null for a skipped one). */
export function finishStanza(parser: LineContext, state: StanzaState): OboStanza | null {
  if (state.kind === 'skipped') return null;
  if (state.kind === 'typedef') {
    const { typedef } = state;
    if (state.idLine === 0) parser.fail('[Typedef] stanza has no id: line', typedef.line);
    return { kind: 'typedef', typedef };
  }
  const { term } = state;
  if (state.idLine === 0) parser.fail('[Term] stanza has no id: line', term.line);
  if (term.name === null && !term.isObsolete) {
    parser.warn(
      `[Term] ${term.id} has no name: line and is not marked is_obsolete: true`,
      'imported with its id as its name',
      term.line,
    );
  }
  return { kind: 'term', term };
}

function misplacedHeaderTag(parser: LineContext, tag: string, stanza: string, line: number): never {
  return parser.fail(
    `header tag ${tag}: inside the ${stanza} stanza of line ${line}: header tags must come before the first stanza`,
  );
}

export function termTag(parser: LineContext, state: TermState, tag: string, value: string): void {
  const { term } = state;
  switch (tag) {
    case 'id':
      if (state.idLine !== 0) {
        parser.fail(`a second id: line in this [Term] (the first is at line ${state.idLine})`);
      }
      state.idLine = parser.lineNo;
      term.id = identifier(parser, tag, value);
      return;
    case 'name': {
      if (state.nameLine !== 0) {
        parser.fail(
          `a second name: line in ${stanzaLabel('Term', term)} (the first is at line ${state.nameLine})`,
        );
      }
      state.nameLine = parser.lineNo;
      const name = unescapeObo(stripValue(value, false));
      term.name = name === '' ? null : name;
      return;
    }
    case 'namespace':
      term.namespace = unescapeObo(stripValue(value, false)) || null;
      return;
    case 'def':
      if (state.defLine !== 0) {
        parser.fail(
          `a second def: line in ${stanzaLabel('Term', term)} (the first is at line ${state.defLine})`,
        );
      }
      state.defLine = parser.lineNo;
      term.def = def(parser, value);
      return;
    case 'comment':
      term.comments.push(unescapeObo(stripValue(value, false)));
      return;
    case 'synonym':
    case 'exact_synonym':
    case 'narrow_synonym':
    case 'broad_synonym':
    case 'related_synonym':
      term.synonyms.push(synonym(parser, tag, value));
      return;
    case 'xref':
    case 'xref_analog':
    case 'xref_unknown':
      term.xrefs.push(xref(parser, tag, value));
      return;
    case 'is_a':
      term.isA.push(identifier(parser, tag, value));
      return;
    case 'relationship':
      term.relationships.push(relationship(parser, value));
      return;
    case 'is_obsolete':
      term.isObsolete = boolean(parser, tag, value);
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
      if (HEADER_ONLY_TAGS.has(tag)) misplacedHeaderTag(parser, tag, '[Term]', term.line);
      if (!IGNORED_TERM_TAGS.has(tag)) unknownTag(parser, tag, stanzaLabel('Term', term));
  }
}

export function typedefTag(parser: LineContext, state: TypedefState, tag: string, value: string): void {
  const { typedef } = state;
  switch (tag) {
    case 'id':
      if (state.idLine !== 0) {
        parser.fail(`a second id: line in this [Typedef] (the first is at line ${state.idLine})`);
      }
      state.idLine = parser.lineNo;
      typedef.id = identifier(parser, tag, value);
      return;
    case 'name': {
      if (state.nameLine !== 0) {
        parser.fail(
          `a second name: line in ${stanzaLabel('Typedef', typedef)} (the first is at line ${state.nameLine})`,
        );
      }
      state.nameLine = parser.lineNo;
      const name = unescapeObo(stripValue(value, false));
      typedef.name = name === '' ? null : name;
      return;
    }
    case 'is_transitive':
      typedef.isTransitive = boolean(parser, tag, value);
      return;
    case 'is_a':
      typedef.isA.push(identifier(parser, tag, value));
      return;
    default:
      if (HEADER_ONLY_TAGS.has(tag)) misplacedHeaderTag(parser, tag, '[Typedef]', typedef.line);
      if (!IGNORED_TYPEDEF_TAGS.has(tag)) unknownTag(parser, tag, stanzaLabel('Typedef', typedef));
  }
}

function unknownTag(parser: LineContext, tag: string, stanza: string): void {
  parser.warn(`unknown tag ${tag}: in ${stanza}`, 'ignored');
}

/** `[Term] DOID:1`, or `the [Term] of line 12` while its id is not known yet. */
function stanzaLabel(kind: string, stanza: { id: string; line: number }): string {
  return stanza.id === '' ? `the [${kind}] of line ${stanza.line}` : `[${kind}] ${stanza.id}`;
}
