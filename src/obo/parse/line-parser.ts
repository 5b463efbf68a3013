import { OboParseError } from '../obo.types';
import type { OboHeader, OboParseOptions, OboStanza } from '../obo.types';
import { BANG, BOM, COLON, CR, findUnescaped, LBRACKET, preview, skipSpaces, tokenEnd } from './chars';
import { finishStanza, newStanza, termTag, typedefTag } from './stanza';
import type { LineContext, StanzaState } from './stanza';
import { stripValue, unescapeObo } from './values';

/** The header tags OboHeader keeps; each may appear once. */
const HEADER_FIELDS: Readonly<Record<string, keyof OboHeader>> = {
  'format-version': 'formatVersion',
  'data-version': 'dataVersion',
  ontology: 'ontology',
  date: 'date',
  'default-namespace': 'defaultNamespace',
};

/**
 * The synchronous core: push lines one at a time; push() returns a stanza when a new stanza header closes it, end()
 * returns the last one. Holds the header and at most one stanza.
 */
export class OboLineParser implements LineContext {
  /** The 1-based number of the line being parsed. */
  lineNo = 0;
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

  constructor(
    private readonly file: string | undefined,
    private readonly options: OboParseOptions = {},
  ) {}

  header(): OboHeader {
    return { ...this.headerValues };
  }

  fail(detail: string, line = this.lineNo): never {
    throw new OboParseError(line, detail, this.file);
  }

  warn(detail: string, recovery: string, line = this.lineNo): void {
    if (this.options.strict === true) this.fail(detail, line);
    const text = `${detail}: ${recovery}`;
    this.options.onWarning?.({ line, detail: text, message: `${this.file ?? 'OBO'}: line ${line}: ${text}` });
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
    else if (this.current.kind === 'term') termTag(this, this.current, tag, value);
    else typedefTag(this, this.current, tag, value);
    return null;
  }

  /** Closes the last stanza at the end of the input. */
  end(): OboStanza | null {
    const done = this.current;
    this.current = null;
    return done === null ? null : finishStanza(this, done);
  }

  private startStanza(text: string): OboStanza | null {
    const close = text.indexOf(']');
    const name = close > 0 ? text.slice(1, close).trim() : '';
    const rest = close > 0 ? text.slice(close + 1).trim() : '';
    if (name === '' || (rest !== '' && rest.charCodeAt(0) !== BANG)) {
      this.fail(`malformed stanza header ${preview(text)} (expected e.g. [Term])`);
    }
    const done = this.current === null ? null : finishStanza(this, this.current);
    this.inStanzas = true;
    this.current = newStanza(name, this.lineNo);
    return done;
  }

  private headerTag(tag: string, value: string): void {
    const field = HEADER_FIELDS[tag];
    if (field === undefined) return; // subsetdef, synonymtypedef, idspace, remark, ...: allowed, not kept
    const first = this.headerLines[field];
    if (first !== undefined) this.fail(`a second ${tag}: line in the header (the first is at line ${first})`);
    this.headerLines[field] = this.lineNo;
    this.headerValues[field] = unescapeObo(stripValue(value, false));
  }
}
