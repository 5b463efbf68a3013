import {
  characterCount,
  escapeLucene,
  LUCENE_MAX_CLAUSES,
  luceneQueries,
  MAX_FUZZY_WORDS,
  MAX_SEARCH_TEXT,
  MAX_SEARCH_WORDS,
  maxLeafClauses,
  normaliseSearchText,
  planSearch,
  toLuceneQuery,
  withoutFuzzy,
  wordsOf,
} from '../../src/search/lucene-query';
import type { SearchOptions } from '../../src/search/lucene-query';

const BOTH: SearchOptions = { prefix: true, fuzzy: true };
const NEITHER: SearchOptions = { prefix: false, fuzzy: false };
const lucene = (text: string, options: SearchOptions = BOTH): string | null =>
  toLuceneQuery(planSearch(text, options));

/** Lucene's classic query parser treats these as syntax (QueryParserBase.escape escapes the same set). */
const SPECIALS = [
  '+',
  '-',
  '&',
  '|',
  '!',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '^',
  '"',
  '~',
  '*',
  '?',
  ':',
  '\\',
  '/',
];

/**
 * The query with escaped characters and quoted phrases removed: what is left is syntax the builder itself wrote.
 * A wildcard or fuzzy operator left here comes from the builder, never from the user.
 */
function syntaxOf(query: string): string {
  return query.replace(/\\./g, '').replace(/"[^"]*"/g, '""');
}

describe('normaliseSearchText', () => {
  it.each([
    ['  Palatal\tTREMOR \n', 'palatal tremor'],
    ['ＭＹＯＣＬＯＮＵＳ', 'myoclonus'],
    ['ﬁbrosis', 'fibrosis'],
    ['palatal\u0000tremor', 'palatal tremor'],
    ['myo\u200bclonus', 'myoclonus'],
    ['\u00a0OMS\u3000', 'oms'],
    ['a\ud800b', 'a b'],
    ['\u0007\u001b', ''],
    ['', ''],
  ])('normalises %j to %j', (text, expected) => {
    expect(normaliseSearchText(text)).toBe(expected);
  });
});

describe('escapeLucene', () => {
  it('backslash-escapes every character the query parser gives a meaning to, and nothing else', () => {
    expect(escapeLucene(SPECIALS.join(''))).toBe(SPECIALS.map((c) => `\\${c}`).join(''));
    expect(escapeLucene("abc 123 é'._,;=<>@#$%")).toBe("abc 123 é'._,;=<>@#$%");
  });
});

describe('wordsOf', () => {
  it('splits at anything but letters and digits and drops a possessive', () => {
    expect(wordsOf("Alzheimer's disease")).toEqual(['alzheimer', 'disease']);
    expect(wordsOf('opsoclonus-myoclonus syndrome')).toEqual(['opsoclonus', 'myoclonus', 'syndrome']);
    expect(wordsOf('DOID:769')).toEqual(['doid', '769']);
    expect(wordsOf('*?~"')).toEqual([]);
  });
});

describe('toLuceneQuery: exact query strings', () => {
  it.each<[string, SearchOptions, string | null]>([
    [
      'palatal tre',
      BOTH,
      '+("palatal" "palatal\'s" name:palatal~1 synonyms:palatal~1) +("tre" name:tre* synonyms:tre*) "palatal tre"^2',
    ],
    ['palatal tre', NEITHER, '+("palatal" "palatal\'s") +("tre" "tre\'s") "palatal tre"^2'],
    ['Neurob', BOTH, '+("neurob" name:neurob~1 synonyms:neurob~1 name:neurob* synonyms:neurob*)'],
    [
      'myoclonis',
      BOTH,
      '+("myoclonis" name:myoclonis~2 synonyms:myoclonis~2 name:myoclonis* synonyms:myoclonis*)',
    ],
    ['OMS', BOTH, '+("oms" name:oms* synonyms:oms*)'],
    // A code: the phrase for the whole CURIE, its words for a prefix, the chunk as one token; never fuzzy.
    ['DOID:769', BOTH, '+("doid\\:769" (+"doid" +("769" 769*)) doid\\:769*)'],
    ['DOID:769', NEITHER, '+("doid\\:769")'],
    ['umls:c00278', BOTH, '+("umls\\:c00278" (+"umls" +("c00278" c00278*)) umls\\:c00278*)'],
    ['name:myoclonus', NEITHER, '+("name\\:myoclonus")'],
    [
      "alzheimer's disease",
      BOTH,
      '+("alzheimer\'s" "alzheimer" name:alzheimer~2 synonyms:alzheimer~2) ' +
        '+("disease" name:disease~1 synonyms:disease~1 name:disease* synonyms:disease*) "alzheimer\'s disease"^2',
    ],
    [
      'opsoclonus-myoclonus',
      BOTH,
      '+("opsoclonus\\-myoclonus" (+("opsoclonus" name:opsoclonus~2 synonyms:opsoclonus~2) ' +
        '+("myoclonus" name:myoclonus~2 synonyms:myoclonus~2 name:myoclonus* synonyms:myoclonus*)))',
    ],
    // AND, OR, NOT are lower-cased into words; && and || are escaped.
    [
      'a AND b OR NOT c',
      BOTH,
      '+("a") +("and" "and\'s") +("b") +("or") +("not" "not\'s") +("c") "a and b or not c"^2',
    ],
    ['x && y || z', NEITHER, '+("x") +("y") +("z") "x y z"^2'],
    // The user's *, ? and ~ are literal: only the prefix and fuzzy flags add operators.
    ['myo*', NEITHER, '+("myo\\*" "myo" "myo\'s")'],
    ['myo*', BOTH, '+("myo\\*" "myo" name:myo* synonyms:myo*)'],
    ['myoclon?s', NEITHER, '+("myoclon\\?s")'],
    ['myoclonis~', NEITHER, '+("myoclonis\\~" "myoclonis" "myoclonis\'s")'],
    ['myoclonus~2', NEITHER, '+("myoclonus\\~2")'],
    [
      '"palatal tremor"',
      NEITHER,
      '+("\\"palatal" "palatal" "palatal\'s") +("tremor\\"" "tremor" "tremor\'s") "\\"palatal tremor\\""^2',
    ],
    [
      'C++ {y} [z] ^2',
      NEITHER,
      '+("c\\+\\+" "c") +("\\{y\\}" "y") +("\\[z\\]" "z") +("\\^2" "2") "c\\+\\+ \\{y\\} \\[z\\] \\^2"^2',
    ],
    ['back\\slash', NEITHER, '+("back\\\\slash")'],
    // One letter gets no prefix clause (it would match a good part of the index).
    ['e', BOTH, '+("e")'],
    // Nothing to search for.
    ['', BOTH, null],
    ['   ', BOTH, null],
    ['*', BOTH, null],
    ['( ) \\ " ~ ?', BOTH, null],
    ['AND', NEITHER, '+("and" "and\'s")'],
  ])('%j (%o) gives %s', (text, options, expected) => {
    expect(lucene(text, options)).toBe(expected);
  });
});

describe('luceneQueries', () => {
  it('gives the query without fuzzy clauses first, and the fuzzy one only when some word has a fuzzy clause', () => {
    expect(luceneQueries(planSearch('palatal tre', BOTH))).toEqual({
      exact: '+("palatal" "palatal\'s") +("tre" name:tre* synonyms:tre*) "palatal tre"^2',
      fuzzy:
        '+("palatal" "palatal\'s" name:palatal~1 synonyms:palatal~1) +("tre" name:tre* synonyms:tre*) "palatal tre"^2',
    });
    expect(luceneQueries(planSearch('oms', BOTH))).toEqual({
      exact: '+("oms" name:oms* synonyms:oms*)',
      fuzzy: null,
    });
    expect(luceneQueries(planSearch('myoclonis', { prefix: true, fuzzy: false })).fuzzy).toBeNull();
    expect(luceneQueries(planSearch(' * ', BOTH))).toEqual({ exact: null, fuzzy: null });
  });

  it('leaves the plan it strips of fuzzy clauses unchanged', () => {
    const plan = planSearch('myoclonis', BOTH);
    expect(withoutFuzzy(plan).chunks[0]?.words[0]?.edits).toBe(0);
    expect(plan.chunks[0]?.words[0]?.edits).toBe(2);
  });
});

describe('toLuceneQuery: safety', () => {
  const hostile = [
    ...SPECIALS,
    SPECIALS.join(''),
    SPECIALS.join(' '),
    ...SPECIALS.map((c) => `palatal${c}tremor${c}`),
    'a AND b',
    'NOT a',
    'a OR',
    '[a TO z]',
    '{* TO *}',
    'field:value',
    'x^10',
    '/re.*gex/',
    '"unterminated',
    '\\u0041',
    "') RETURN 1 //",
    'x'.repeat(10_240),
    '神经母细胞瘤 миоклонус 🧠',
    'a\u0000b\u0007c',
  ];

  it.each(hostile.map((t) => [t.length > 40 ? `${t.slice(0, 40)}…` : t, t]))(
    '%j leaves no operator but the builder’s own',
    (_label, text) => {
      for (const options of [BOTH, NEITHER, { prefix: true, fuzzy: false }, { prefix: false, fuzzy: true }]) {
        const query = lucene(text, options);
        if (query === null) continue;
        const syntax = syntaxOf(query);
        // Upper-case operators never appear: the text is lower-cased before it is used.
        expect(syntax).not.toMatch(/\b(AND|OR|NOT|TO)\b/);
        expect(syntax).not.toMatch(/&&|\|\||[!{}[\]/?]/);
        // Every * ends the word the plan chose for a prefix (or the last chunk, for a code being typed), every ~ a
        // word it chose for a fuzzy clause, with its number of edits.
        const plan = planSearch(text, options);
        const words = plan.chunks.flatMap((c) => c.words);
        const prefixed = [...query.matchAll(/(?:^|[\s(])(?:\w+:)?((?:\\.|[^\s()*"\\])+)\*/g)].map((m) =>
          m[1]!.replace(/\\(.)/g, '$1'),
        );
        const allowed = [words.find((w) => w.prefix)?.text, plan.chunks.at(-1)?.text];
        for (const term of prefixed) expect(allowed).toContain(term);
        expect((syntax.match(/\*/g) ?? []).length).toBe(prefixed.length);
        if (!options.prefix) expect(prefixed).toEqual([]);
        const fuzzy = [...query.matchAll(/(?:^|[\s(])(?:\w+:)?([^\s()~"\\]+)~(\d)/g)].map(
          (m) => `${m[1]}~${m[2]}`,
        );
        expect(fuzzy.sort()).toEqual(
          words
            .filter((w) => w.edits > 0)
            .flatMap((w) => [`${w.text}~${w.edits}`, `${w.text}~${w.edits}`])
            .sort(),
        );
        expect((syntax.match(/~/g) ?? []).length).toBe(fuzzy.length);
        if (!options.fuzzy) expect(fuzzy).toEqual([]);
        // Quotes are balanced: every phrase the builder opened is closed.
        expect((query.replace(/\\./g, '').match(/"/g) ?? []).length % 2).toBe(0);
      }
    },
  );

  it(`uses at most ${MAX_SEARCH_WORDS} words and says when it dropped some`, () => {
    const plan = planSearch(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '), BOTH);
    expect(plan.chunks.flatMap((c) => c.words.map((w) => w.text))).toEqual(
      Array.from({ length: MAX_SEARCH_WORDS }, (_, i) => `w${i}`),
    );
    expect(plan.truncated).toBe(true);
    const hyphenated = planSearch(Array.from({ length: 30 }, (_, i) => `w${i}`).join('-'), NEITHER);
    expect(hyphenated.chunks).toEqual([
      {
        text: Array.from({ length: MAX_SEARCH_WORDS }, (_, i) => `w${i}`).join('-'),
        code: false,
        words: Array.from({ length: MAX_SEARCH_WORDS }, (_, i) => ({
          text: `w${i}`,
          prefix: false,
          edits: 0,
        })),
      },
    ]);
    expect(planSearch('one two', BOTH).truncated).toBe(false);
  });

  it(`gives at most ${MAX_FUZZY_WORDS} words a fuzzy clause, and only words of 4 letters or more`, () => {
    const plan = planSearch('abc abcd abcdefg abcdefgh 1234 ab12cd word word word word word', BOTH);
    expect(plan.chunks.flatMap((c) => c.words.map((w) => [w.text, w.edits]))).toEqual([
      ['abc', 0],
      ['abcd', 1],
      ['abcdefg', 1],
      ['abcdefgh', 2],
      ['1234', 0],
      ['ab12cd', 0],
      ['word', 1],
      ['word', 1],
      ['word', 0],
      ['word', 0],
    ]);
  });

  it(`keeps the worst-case query under Lucene's ${LUCENE_MAX_CLAUSES}-clause limit`, () => {
    const worst = [
      Array.from({ length: 10 }, () => 'abcdefghij').join(' '),
      Array.from({ length: 10 }, () => 'abcdefghij').join('-'),
      Array.from({ length: 50 }, () => 'abcd').join(' '),
      'x'.repeat(MAX_SEARCH_TEXT),
    ];
    for (const text of worst) {
      expect(maxLeafClauses(planSearch(text, BOTH))).toBeLessThan(LUCENE_MAX_CLAUSES);
    }
    // The bound is real: without the fuzzy cap, ten fuzzy words alone would pass the limit.
    const uncapped = planSearch(worst[0]!, BOTH);
    uncapped.chunks.forEach((c) => c.words.forEach((w) => (w.edits = 2)));
    expect(maxLeafClauses(uncapped)).toBeGreaterThan(LUCENE_MAX_CLAUSES);
  });

  it('counts characters as code points', () => {
    expect(characterCount('🧠é')).toBe(2);
    expect('🧠é'.length).toBe(3);
  });
});
