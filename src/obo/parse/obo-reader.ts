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
import { OboParseError } from '../obo.types';
import type { OboHeader, OboParseOptions, OboStanza } from '../obo.types';
import { CR, LF } from './chars';
import { BATCH, FileLines, TRUNCATED } from './file-lines';
import { OboLineParser } from './line-parser';

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
    options: OboParseOptions = {},
  ) {
    if (typeof lines === 'string') {
      throw new TypeError('OboReader takes lines, not a string: use parseOboText(text) for a whole document');
    }
    this.parser = new OboLineParser(file, options);
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
export function readOboFile(path: string, options: OboParseOptions = {}): OboReader {
  return new OboReader(new FileLines(path), path, options);
}

/** Parses a whole OBO document held in a string (for tests and small inputs). */
export function parseOboText(
  text: string,
  file?: string,
  options: OboParseOptions = {},
): { header: OboHeader; stanzas: OboStanza[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const last = text.charCodeAt(text.length - 1);
  const complete = text === '' || last === LF || last === CR;
  if (complete) lines.pop(); // the empty string after the final line terminator
  const parser = new OboLineParser(file, options);
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
