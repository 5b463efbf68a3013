/**
 * The streaming OBO 1.2/1.4 parser (src/obo/parse/): fixtures the project writes itself
 * (tests/fixtures/obo/), inline documents for each error with its exact line number, and the real ontology files of
 * ../shared/data/ontologies/ (skipped with a warning where that folder is absent), whose counts come from its README.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OboReader, parseOboLines, parseOboText, readOboFile } from '../../src/obo/parse/obo-reader';
import {
  OboParseError,
  type OboHeader,
  type OboParseOptions,
  type OboWarning,
  type OboStanza,
  type OboTerm,
  type OboTypedef,
} from '../../src/obo/obo.types';
import { PROJECT_ROOT } from '../../src/paths';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'obo');
const fixture = (name: string): string => path.join(FIXTURES, name);
const TRUNCATED = 'the file ends in the middle of a line: truncated?';

/** An OBO document from its lines, each ended by "\n". */
const doc = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');

async function readAll(reader: OboReader): Promise<{ header: OboHeader; stanzas: OboStanza[] }> {
  const header = await reader.header();
  const stanzas: OboStanza[] = [];
  for await (const stanza of reader.stanzas()) stanzas.push(stanza);
  return { header, stanzas };
}

const termsOf = (stanzas: OboStanza[]): OboTerm[] =>
  stanzas.flatMap((stanza) => (stanza.kind === 'term' ? [stanza.term] : []));
const typedefsOf = (stanzas: OboStanza[]): OboTypedef[] =>
  stanzas.flatMap((stanza) => (stanza.kind === 'typedef' ? [stanza.typedef] : []));

function termById(stanzas: OboStanza[], id: string): OboTerm {
  const term = termsOf(stanzas).find((t) => t.id === id);
  if (term === undefined) throw new Error(`no term ${id}`);
  return term;
}

/** The OboParseError that parsing `text` throws. */
function errorOf(text: string, file?: string, options: OboParseOptions = {}): OboParseError {
  try {
    parseOboText(text, file, options);
  } catch (error) {
    if (error instanceof OboParseError) return error;
    throw error;
  }
  throw new Error('expected an OboParseError, but the text parsed');
}

/** Reads a file to the end, keeping the stanzas yielded before the error it throws. */
async function readUntilError(
  file: string,
  options: OboParseOptions = {},
): Promise<{ stanzas: OboStanza[]; error: OboParseError }> {
  const stanzas: OboStanza[] = [];
  try {
    for await (const stanza of readOboFile(file, options).stanzas()) stanzas.push(stanza);
  } catch (error) {
    if (error instanceof OboParseError) return { stanzas, error };
    throw error;
  }
  throw new Error(`expected an OboParseError from ${file}`);
}

const summary = (stanza: OboStanza): string =>
  stanza.kind === 'term'
    ? `term ${stanza.term.id} @${stanza.term.line}`
    : `typedef ${stanza.typedef.id} @${stanza.typedef.line}`;

describe('tricky.obo: every construct', () => {
  let header: OboHeader;
  let stanzas: OboStanza[];
  beforeAll(async () => {
    ({ header, stanzas } = await readAll(readOboFile(fixture('tricky.obo'))));
  });

  it('reads the header tags before the first stanza, ignoring repeated subsetdef, idspace, remark, ...', () => {
    expect(header).toEqual({
      formatVersion: '1.4',
      dataVersion: 'tricky/releases/2024-01-31',
      ontology: 'tricky',
      date: '31:01:2024 10:30',
      defaultNamespace: 'tricky_ns',
    });
  });

  it('yields [Term] and [Typedef] stanzas in file order with their header lines; skips [Instance] and [Foo]', () => {
    expect(stanzas.map(summary)).toEqual([
      'term TR:0000001 @17',
      'term TR:0000002 @51',
      'term TR:0000003 @65',
      'term TR:0000004 @73',
      'typedef part_of @81',
      'typedef develops_from @89',
      'term TR:0000005 @94',
    ]);
  });

  it('parses def, comments, synonyms (1.4 and 1.2 forms), xrefs, subsets and alt_id, unescaped', () => {
    expect(termById(stanzas, 'TR:0000001')).toEqual({
      id: 'TR:0000001',
      line: 17,
      name: 'root thing',
      namespace: 'other_ns',
      def: {
        // `\"` inside the text, `!` and `{...}` inside quotes are text; the ref's own description is dropped.
        text: 'The "root" of it all! Not a comment; {not a modifier} either.',
        refs: ['PMID:1', 'url:http://example.org/a,b', 'ISBN:123!x'],
      },
      comments: ['First comment.', 'Second comment {with escaped braces} and a ! bang.'],
      synonyms: [
        { text: 'exact one', scope: 'EXACT', type: null, refs: [] },
        { text: 'related one', scope: 'RELATED', type: null, refs: ['TR:ref1'] },
        { text: 'broad one', scope: 'BROAD', type: 'ACRONYM', refs: ['TR:ref2', 'TR:ref3'] },
        { text: 'narrow "quoted" one ! bang {brace}', scope: 'NARROW', type: null, refs: [] },
        { text: 'no scope (OBO 1.2)', scope: 'RELATED', type: null, refs: ['TR:ref4'] },
        { text: 'old exact', scope: 'EXACT', type: null, refs: ['TR:ref5'] },
        { text: 'old narrow', scope: 'NARROW', type: null, refs: [] },
        { text: 'old broad', scope: 'BROAD', type: null, refs: [] },
        { text: 'old related', scope: 'RELATED', type: null, refs: [] },
      ],
      xrefs: [
        { id: 'TR:x1', description: null },
        { id: 'TR:x2', description: 'described "xref" ! not a comment' },
        { id: 'TR:x3', description: null },
        { id: 'TR:x4', description: null },
        { id: 'TR:x5', description: null },
      ],
      isA: [],
      relationships: [],
      altIds: ['TR:0000099'],
      isObsolete: false,
      replacedBy: [],
      consider: [],
      subsets: ['slim_a', 'slim_b'],
    });
  });

  it('strips modifiers and comments from is_a and relationship, and unescapes names', () => {
    const term = termById(stanzas, 'TR:0000002');
    expect(term.name).toBe('child with escapes: colon, comma\nnewline\ttab (parens) [brackets]');
    expect(term.isA).toEqual(['TR:0000001', 'TR:0000003']);
    expect(term.relationships).toEqual([
      { type: 'part_of', target: 'TR:0000001' },
      { type: 'develops_from', target: 'TR:0000005' },
    ]);
    expect(term.namespace).toBeNull(); // its own namespace only: the header's default-namespace is not copied in
  });

  it('reads obsolete terms with replaced_by and consider; an obsolete term needs no name', () => {
    expect(termById(stanzas, 'TR:0000003')).toMatchObject({
      name: 'obsolete thing',
      isObsolete: true,
      replacedBy: ['TR:0000001'],
      consider: ['TR:0000002', 'TR:0000004'],
    });
    expect(termById(stanzas, 'TR:0000004')).toMatchObject({
      name: null,
      isObsolete: true,
      comments: ['Obsolete without a name is fine.'],
    });
  });

  it('reads typedefs: id, name, is_transitive, is_a', () => {
    expect(typedefsOf(stanzas)).toEqual([
      { id: 'part_of', line: 81, name: 'part of', isTransitive: true, isA: ['overlaps'] },
      { id: 'develops_from', line: 89, name: 'develops from', isTransitive: false, isA: [] },
    ]);
  });

  it('reads the last stanza at the end of the file', () => {
    expect(termById(stanzas, 'TR:0000005')).toMatchObject({ name: 'last term', line: 94 });
  });

  it('gives the same result from parseOboText, OboReader over lines, and parseOboLines', async () => {
    const text = readFileSync(fixture('tricky.obo'), 'utf8');
    expect(parseOboText(text)).toEqual({ header, stanzas });
    expect(await readAll(new OboReader(text.split('\n').slice(0, -1)))).toEqual({ header, stanzas });

    const generator = parseOboLines(text.split('\n').slice(0, -1));
    const fromLines: OboStanza[] = [];
    let step = await generator.next();
    while (step.done !== true) {
      fromLines.push(step.value);
      step = await generator.next();
    }
    expect(fromLines).toEqual(stanzas);
    expect(step.value).toEqual(header); // the header is the generator's return value
  });
});

describe('line endings and sources', () => {
  const expectCrlf = ({ header, stanzas }: { header: OboHeader; stanzas: OboStanza[] }): void => {
    expect(header.dataVersion).toBe('crlf/releases/1');
    expect(stanzas.map(summary)).toEqual(['term CR:1 @5', 'term CR:0 @12']);
    expect(termById(stanzas, 'CR:1')).toMatchObject({
      name: 'windows line endings',
      def: { text: 'Defined on Windows.', refs: ['CR:ref'] },
      synonyms: [{ text: 'crlf', scope: 'EXACT', type: null, refs: [] }],
      isA: ['CR:0'],
    });
    expect(JSON.stringify(stanzas)).not.toContain('\\r');
  };

  it('reads CRLF files (readOboFile and parseOboText)', async () => {
    const text = readFileSync(fixture('crlf.obo'), 'utf8');
    expect(text).toContain('\r\n');
    expectCrlf(await readAll(readOboFile(fixture('crlf.obo'))));
    expectCrlf(parseOboText(text));
    expectCrlf(await readAll(new OboReader(text.split('\n').slice(0, -1)))); // lines that keep their "\r"
  });

  it('reads a file in chunks as it reads the same text whole, whatever the line ends and where the chunks break', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'obo-lines-'));
    try {
      // Enough terms to span several 64 KiB chunks of the file stream, so that line ends fall on chunk edges.
      const lines = ['format-version: 1.2', 'data-version: chunks/1', ''];
      for (let i = 0; i < 3000; i++) {
        lines.push(
          '[Term]',
          `id: CH:${i}`,
          `name: term ${i}`,
          `comment: ${'x'.repeat(i % 97)}`,
          `is_a: CH:0`,
          '',
        );
      }
      for (const end of ['\n', '\r\n', '\r']) {
        const text = lines.map((l) => l + end).join('');
        const file = path.join(dir, 'chunks.obo');
        await writeFile(file, text);
        const streamed = await readAll(readOboFile(file));
        expect(streamed).toEqual(parseOboText(text));
        expect(termsOf(streamed.stanzas)).toHaveLength(3000);
        expect(termById(streamed.stanzas, 'CH:2999').line).toBe(3 + 2999 * 6 + 1);
      }
      // The edge itself: pad the first comment so that a "\r" is the last byte of the first chunk.
      const head = 'format-version: 1.2\r\n\r\n[Term]\r\nid: CH:0\r\nname: first\r\ncomment: ';
      const padded = `${head}${'y'.repeat(65535 - head.length)}\r\n[Term]\r\nid: CH:1\r\nname: second\r\n`;
      expect(padded.charCodeAt(65535)).toBe(13);
      const file = path.join(dir, 'edge.obo');
      await writeFile(file, padded);
      const streamed = await readAll(readOboFile(file));
      expect(streamed).toEqual(parseOboText(padded));
      expect(streamed.stanzas.map(summary)).toEqual(['term CH:0 @3', 'term CH:1 @7']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads an async iterable of lines, and stanzas() without a header() call first', async () => {
    async function* lines(): AsyncGenerator<string> {
      yield* ['ontology: async', '[Term]', 'id: A:1', 'name: a', '[Typedef]', 'id: r'];
    }
    const reader = new OboReader(lines(), 'async.obo');
    const stanzas: OboStanza[] = [];
    for await (const stanza of reader.stanzas()) stanzas.push(stanza);
    expect(stanzas.map(summary)).toEqual(['term A:1 @2', 'typedef r @5']);
    expect((await reader.header()).ontology).toBe('async');
  });

  it('closes the source when the consumer stops early (sync and async sources)', async () => {
    const closed = { sync: false, async: false };
    function* syncLines(): Generator<string> {
      try {
        for (let i = 0; i < 5000; i++) yield* ['[Term]', `id: A:${i}`, `name: a${i}`];
      } finally {
        closed.sync = true;
      }
    }
    async function* asyncLines(): AsyncGenerator<string> {
      try {
        yield* syncLines();
      } finally {
        closed.async = true;
      }
    }
    for (const reader of [new OboReader(syncLines()), new OboReader(asyncLines())]) {
      for await (const stanza of reader.stanzas()) {
        expect(summary(stanza)).toBe('term A:0 @1');
        break;
      }
    }
    expect(closed).toEqual({ sync: true, async: true });
  });

  it('iterates stanzas() once, and refuses a string where lines are expected', async () => {
    const reader = new OboReader(['[Term]', 'id: A:1', 'name: a']);
    await readAll(reader);
    await expect(reader.stanzas().next()).rejects.toThrow(/only be iterated once/);
    expect(() => new OboReader('[Term]\nid: A:1\n' as unknown as string[])).toThrow(TypeError);
  });

  it('handles an empty document, a header without stanzas, a byte order mark and a header without format-version', () => {
    const empty: OboHeader = {
      formatVersion: null,
      dataVersion: null,
      ontology: null,
      date: null,
      defaultNamespace: null,
    };
    expect(parseOboText('')).toEqual({ header: empty, stanzas: [] });
    expect(parseOboText(doc('format-version: 1.2', '! no stanzas'))).toEqual({
      header: { ...empty, formatVersion: '1.2' },
      stanzas: [],
    });
    const bom = parseOboText(`\uFEFF${doc('ontology: bom', '[Term]', 'id: B:1', 'name: b')}`);
    expect(bom.header.ontology).toBe('bom');
    expect(bom.stanzas.map(summary)).toEqual(['term B:1 @2']);
  });

  it('is lenient where real files are: an unquoted xref description, an escaped newline after an xref id', () => {
    const { stanzas } = parseOboText(
      doc('[Term]', 'id: A:1', 'name: a', 'xref: :bony projection', 'xref: OMIM:220210\\n'),
    );
    expect(termById(stanzas, 'A:1').xrefs).toEqual([
      { id: ':bony', description: 'projection' },
      { id: 'OMIM:220210', description: null },
    ]);
  });
});

describe('errors, with the line to fix', () => {
  it('formats the message as "<file>: line <n>: <detail>"', () => {
    const error = errorOf(doc('[Term]', 'id: X:1', 'name: x', 'this is not a tag line'), 'x.obo');
    expect(error).toBeInstanceOf(OboParseError);
    expect(error).toMatchObject({ name: 'OboParseError', line: 4, file: 'x.obo' });
    expect(error.detail).toBe('expected a "tag: value" line, found "this is not a tag line"');
    expect(error.message).toBe(`x.obo: line 4: ${error.detail}`);
    expect(errorOf(doc('[Term]', 'id: X:1', 'name: x', 'no tag')).message).toMatch(/^OBO: line 4: /);
  });

  const cases: Array<{
    what: string;
    text: string;
    line: number;
    detail: string | RegExp;
    strict?: boolean;
  }> = [
    {
      what: 'a line without a tag inside a stanza',
      text: doc('format-version: 1.2', '', '[Term]', 'id: X:1', 'name: x', 'this is not a tag line'),
      line: 6,
      detail: /expected a "tag: value" line/,
    },
    {
      what: 'a line without a tag in the header',
      text: doc('format-version: 1.2', 'not a header line', '[Term]', 'id: X:1', 'name: x'),
      line: 2,
      detail: /expected a "tag: value" line, found "not a header line"/,
    },
    {
      what: 'a def without its closing quote',
      text: doc('[Term]', 'id: X:1', 'name: x', 'def: "never closed [X:2] ! comment', 'is_a: X:0'),
      line: 4,
      detail: 'unterminated quoted string in def',
    },
    {
      what: 'a synonym without its closing quote',
      text: doc('[Term]', 'id: X:1', 'name: x', 'synonym: "never closed EXACT []'),
      line: 4,
      detail: 'unterminated quoted string in synonym',
    },
    {
      what: 'an xref description without its closing quote',
      text: doc('[Term]', 'id: X:1', 'name: x', 'xref: X:9 "never closed'),
      line: 4,
      detail: 'unterminated quoted string in xref',
    },
    {
      what: 'a def whose reference list is not closed',
      text: doc('[Term]', 'id: X:1', 'name: x', 'def: "text" [X:2, X:3'),
      line: 4,
      detail: /unterminated reference list in def/,
    },
    {
      what: 'a def that is not quoted',
      text: doc('[Term]', 'id: X:1', 'name: x', 'def: text without quotes [X:2]'),
      line: 4,
      detail: /def: must start with a quoted text/,
    },
    {
      what: 'an unknown synonym scope',
      text: doc('[Term]', 'id: X:1', 'name: x', 'synonym: "x" EXACT []', 'synonym: "x" SIDEWAYS []'),
      line: 5,
      detail: 'unknown synonym scope "SIDEWAYS" (expected EXACT, RELATED, BROAD or NARROW)',
    },
    {
      what: 'a [Term] without an id (the line of its header)',
      text: doc(
        'format-version: 1.2',
        '',
        '[Term]',
        'id: X:1',
        'name: x',
        '',
        '[Term]',
        'name: no id',
        '',
        '[Term]',
      ),
      line: 7,
      detail: '[Term] stanza has no id: line',
    },
    {
      what: 'a last [Term] without an id',
      text: doc('[Term]', 'id: X:1', 'name: x', '', '[Term]', 'name: no id'),
      line: 5,
      detail: '[Term] stanza has no id: line',
    },
    {
      what: 'a [Typedef] without an id',
      text: doc('[Typedef]', 'name: part of', '', '[Term]', 'id: X:1', 'name: x'),
      line: 1,
      detail: '[Typedef] stanza has no id: line',
    },
    {
      what: 'a [Term] with two ids',
      text: doc('[Term]', 'id: X:1', 'name: x', 'id: X:2'),
      line: 4,
      detail: 'a second id: line in this [Term] (the first is at line 2)',
    },
    {
      what: 'a [Typedef] with two ids',
      text: doc('[Typedef]', 'id: part_of', 'id: has_part'),
      line: 3,
      detail: /a second id: line in this \[Typedef\]/,
    },
    {
      what: 'is_obsolete other than true or false',
      text: doc('[Term]', 'id: X:1', 'name: x', 'is_obsolete: yes'),
      line: 4,
      detail: 'is_obsolete: must be true or false, found "yes"',
    },
    {
      what: 'strict: a [Term] that is not obsolete and has no name (the line of its header)',
      strict: true,
      text: doc(
        '[Term]',
        'id: X:1',
        'name: x',
        '',
        '[Term]',
        'id: X:2',
        'is_obsolete: false',
        '',
        '[Term]',
        'id: X:3',
      ),
      line: 5,
      detail: '[Term] X:2 has no name: line and is not marked is_obsolete: true',
    },
    {
      what: 'an empty id',
      text: doc('[Term]', 'id: ! nothing but a comment', 'name: x'),
      line: 2,
      detail: 'empty id: value',
    },
    {
      what: 'an id with whitespace',
      text: doc('[Term]', 'id: X 1', 'name: x'),
      line: 2,
      detail: 'id: value "X 1" contains whitespace (one identifier expected)',
    },
    {
      what: 'an empty is_a',
      text: doc('[Term]', 'id: X:1', 'name: x', 'is_a: {source="FMA"}'),
      line: 4,
      detail: 'empty is_a: value',
    },
    {
      what: 'an is_a with whitespace',
      text: doc('[Term]', 'id: X:1', 'name: x', 'is_a: X:0 {source="a b"} ! fine', 'is_a: X:0 X:2 ! two ids'),
      line: 5,
      detail: 'is_a: value "X:0 X:2" contains whitespace (one identifier expected)',
    },
    {
      what: 'a relationship that is not TYPE TARGET',
      text: doc('[Term]', 'id: X:1', 'name: x', 'relationship: part_of'),
      line: 4,
      detail: /relationship: must be "TYPE TARGET"/,
    },
    {
      what: 'two name lines',
      text: doc('[Term]', 'id: X:1', 'name: x', 'name: y'),
      line: 4,
      detail: 'a second name: line in [Term] X:1 (the first is at line 3)',
    },
    {
      what: 'a header tag after the first stanza',
      text: doc('format-version: 1.2', '[Term]', 'id: X:1', 'name: x', 'data-version: late'),
      line: 5,
      detail:
        'header tag data-version: inside the [Term] stanza of line 2: header tags must come before the first stanza',
    },
    {
      what: 'a header tag given twice',
      text: doc('data-version: 1', 'data-version: 2'),
      line: 2,
      detail: 'a second data-version: line in the header (the first is at line 1)',
    },
    {
      what: 'a malformed stanza header',
      text: doc('[Term]', 'id: X:1', 'name: x', '', '[Term'),
      line: 5,
      detail: /malformed stanza header "\[Term"/,
    },
    {
      what: 'a text that does not end with a newline',
      text: '[Term]\nid: X:1\nname: x',
      line: 3,
      detail: TRUNCATED,
    },
    {
      what: 'a truncated text whose last line would not parse either',
      text: '[Term]\nid: X:1\nname: x\ndef: "cut',
      line: 4,
      detail: TRUNCATED,
    },
  ];

  it.each(cases)('$what: line $line', ({ text, line, detail, strict }) => {
    const error = errorOf(text, undefined, { strict });
    expect(error.line).toBe(line);
    if (typeof detail === 'string') expect(error.detail).toBe(detail);
    else expect(error.detail).toMatch(detail);
  });

  it('does not treat an unknown stanza type as an error', () => {
    const { stanzas } = parseOboText(
      doc('[Foo]', 'whatever: here', 'not a tag line', '[Term]', 'id: X:1', 'name: x'),
    );
    expect(stanzas.map(summary)).toEqual(['term X:1 @4']);
  });

  it('readOboFile: a file that does not end with a newline fails at its last line, after the complete stanzas', async () => {
    const file = fixture('truncated.obo');
    const { stanzas, error } = await readUntilError(file);
    expect(stanzas.map(summary)).toEqual(['term TR:1 @3']);
    // The last line (an unterminated def) is not parsed: the file is reported as truncated.
    expect(error).toMatchObject({ line: 10, detail: TRUNCATED, file });
    expect(error.message).toBe(`${file}: line 10: ${TRUNCATED}`);
    expect(errorOf(readFileSync(file, 'utf8'))).toMatchObject({ line: 10, detail: TRUNCATED });
  });

  it('readOboFile, strict: a term without a name fails at its [Term] line, after the stanzas before it', async () => {
    const file = fixture('bad-no-name.obo');
    const { stanzas, error } = await readUntilError(file, { strict: true });
    expect(stanzas.map(summary)).toEqual(['term TR:1 @3']);
    expect(error.message).toBe(
      `${file}: line 7: [Term] TR:2 has no name: line and is not marked is_obsolete: true`,
    );
  });

  it('readOboFile: a term without a name is read with a warning naming the file and its [Term] line', async () => {
    const file = fixture('bad-no-name.obo');
    const warnings: OboWarning[] = [];
    const { stanzas } = await readAll(readOboFile(file, { onWarning: (w) => warnings.push(w) }));
    expect(stanzas.map(summary)).toEqual(['term TR:1 @3', 'term TR:2 @7', 'term TR:3 @11']);
    expect(termById(stanzas, 'TR:2').name).toBeNull();
    expect(warnings).toEqual([
      {
        line: 7,
        detail:
          '[Term] TR:2 has no name: line and is not marked is_obsolete: true: imported with its id as its name',
        message: `${file}: line 7: [Term] TR:2 has no name: line and is not marked is_obsolete: true: imported with its id as its name`,
      },
    ]);
  });

  it('warns about a tag it does not know, at its line, and refuses it when strict', () => {
    const text = doc(
      '[Term]',
      'id: X:1',
      'name: x',
      'intersection_of: X:0',
      'made_up_tag: something',
      '',
      '[Typedef]',
      'id: part_of',
      'inverse_of: has_part',
      'odd_typedef_tag: y',
    );
    const warnings: OboWarning[] = [];
    const { stanzas } = parseOboText(text, 'x.obo', { onWarning: (w) => warnings.push(w) });
    expect(stanzas.map(summary)).toEqual(['term X:1 @1', 'typedef part_of @7']);
    expect(warnings.map((w) => w.message)).toEqual([
      'x.obo: line 5: unknown tag made_up_tag: in [Term] X:1: ignored',
      'x.obo: line 10: unknown tag odd_typedef_tag: in [Typedef] part_of: ignored',
    ]);
    expect(errorOf(text, 'x.obo', { strict: true })).toMatchObject({
      line: 5,
      detail: 'unknown tag made_up_tag: in [Term] X:1',
    });
  });

  it('readOboFile: an unterminated def fails at its line', async () => {
    const file = fixture('bad-unterminated-def.obo');
    const { stanzas, error } = await readUntilError(file);
    expect(stanzas).toEqual([]);
    expect(error).toMatchObject({ line: 6, detail: 'unterminated quoted string in def', file });
  });

  it('readOboFile: a missing file rejects with the file system error', async () => {
    await expect(readOboFile(fixture('no-such-file.obo')).header()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

const ONTOLOGIES = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ontologies');
const haveOntologies = existsSync(ONTOLOGIES);
if (!haveOntologies) {
  console.warn(
    `SKIPPING the OBO parser checks against real ontology files: ${ONTOLOGIES} is absent. ` +
      'Put doid-2016-09-01.obo, doid-cancer-slim.obo and uberon-musculoskeletal.obo there to run them.',
  );
}
const describeWithOntologies = haveOntologies ? describe : describe.skip;

describeWithOntologies('real ontology files (counts from ../shared/data/ontologies/README.md)', () => {
  interface Counts {
    terms: number;
    obsolete: number;
    isA: number;
    relationships: number;
    synonyms: number;
    xrefs: number;
  }

  const expected: Array<{ file: string; dataVersion: string | null; counts: Counts }> = [
    {
      file: 'doid-2016-09-01.obo',
      dataVersion: 'releases/2016-09-01',
      counts: { terms: 9344, obsolete: 2373, isA: 8155, relationships: 0, synonyms: 15269, xrefs: 36891 },
    },
    {
      file: 'doid-cancer-slim.obo',
      dataVersion: 'doid/releases/2026-07-31/subsets/DO_cancer_slim.obo',
      counts: { terms: 730, obsolete: 1, isA: 657, relationships: 0, synonyms: 1265, xrefs: 3019 },
    },
    {
      file: 'uberon-musculoskeletal.obo',
      dataVersion: null, // this file has no data-version line
      counts: { terms: 2740, obsolete: 0, isA: 4545, relationships: 3466, synonyms: 9380, xrefs: 12733 },
    },
  ];

  /** Counts what the parser yields, keeping only the terms a test looks at (the files are streamed). */
  async function countFile(
    file: string,
    keep: string[],
  ): Promise<{ header: OboHeader; counts: Counts; kept: Map<string, OboTerm> }> {
    const reader = readOboFile(path.join(ONTOLOGIES, file));
    const header = await reader.header();
    const counts: Counts = { terms: 0, obsolete: 0, isA: 0, relationships: 0, synonyms: 0, xrefs: 0 };
    const kept = new Map<string, OboTerm>();
    for await (const stanza of reader.stanzas()) {
      if (stanza.kind !== 'term') continue;
      const { term } = stanza;
      counts.terms++;
      if (term.isObsolete) counts.obsolete++;
      counts.isA += term.isA.length;
      counts.relationships += term.relationships.length;
      counts.synonyms += term.synonyms.length;
      counts.xrefs += term.xrefs.length;
      if (keep.includes(term.id)) kept.set(term.id, term);
    }
    return { header, counts, kept };
  }

  const spotChecks: Record<string, string[]> = {
    'doid-2016-09-01.obo': ['DOID:0001816'],
    'doid-cancer-slim.obo': ['DOID:0050523'],
    'uberon-musculoskeletal.obo': ['UBERON:0008813'],
  };
  const results = new Map<string, Awaited<ReturnType<typeof countFile>>>();
  beforeAll(async () => {
    for (const { file } of expected) results.set(file, await countFile(file, spotChecks[file] ?? []));
  });
  const resultOf = (file: string): Awaited<ReturnType<typeof countFile>> => {
    const result = results.get(file);
    if (result === undefined) throw new Error(`${file} was not read`);
    return result;
  };

  it.each(expected)(
    '$file: the counts of the README and the data-version',
    ({ file, dataVersion, counts }) => {
      const result = resultOf(file);
      expect(result.counts).toEqual(counts);
      expect(result.header.dataVersion).toBe(dataVersion);
    },
  );

  it('doid-2016-09-01.obo: DOID:0001816 with unescaped def references', () => {
    const term = resultOf('doid-2016-09-01.obo').kept.get('DOID:0001816');
    expect(term).toMatchObject({
      line: 23,
      name: 'angiosarcoma',
      namespace: null,
      altIds: ['DOID:267', 'DOID:4508'],
      isA: ['DOID:1115'],
      subsets: ['NCIthesaurus'],
      synonyms: [{ text: 'hemangiosarcoma', scope: 'EXACT', type: null, refs: [] }],
      def: {
        refs: [
          'url:http://emedicine.medscape.com/article/276512-overview',
          'url:http://en.wikipedia.org/wiki/Hemangiosarcoma',
          'url:http://www.ncbi.nlm.nih.gov/pubmed/23327728',
        ],
      },
    });
    expect(resultOf('doid-2016-09-01.obo').header).toMatchObject({
      formatVersion: '1.2',
      ontology: 'doid',
      defaultNamespace: 'disease_ontology',
    });
  });

  it('doid-cancer-slim.obo: a synonym type (OMO:0003012)', () => {
    const term = resultOf('doid-cancer-slim.obo').kept.get('DOID:0050523');
    expect(term?.synonyms).toContainEqual({ text: 'ATLL', scope: 'EXACT', type: 'OMO:0003012', refs: [] });
  });

  it('uberon-musculoskeletal.obo: is_a and relationship with modifiers and comments', () => {
    const term = resultOf('uberon-musculoskeletal.obo').kept.get('UBERON:0008813');
    expect(term).toMatchObject({
      name: 'helicotrema',
      namespace: 'uberon',
      isA: ['UBERON:0000161', 'UBERON:0004121', 'UBERON:0005744'],
      relationships: [{ type: 'part_of', target: 'UBERON:0002499' }],
    });
    expect(term?.synonyms).toContainEqual({
      text: "Scarpa's orifice",
      scope: 'EXACT',
      type: null,
      refs: ['FMA:61275'],
    });
  });
});
