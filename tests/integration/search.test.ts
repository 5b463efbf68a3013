import type { Database } from '../../src/neo4j/database';
import { applySchema, CONCEPT_SEARCH_INDEX, schemaApplied } from '../../src/neo4j/schema';
import { MAX_FUZZY_WORDS, MAX_SEARCH_TEXT, planSearch, toLuceneQuery } from '../../src/search/lucene-query';
import { createTestApi, dataOf } from '../helpers/api';
import type { GraphQLResult, TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

const SEARCH = `query ($text: String!, $first: Int, $after: String, $kinds: [ConceptKind!], $prefix: Boolean,
  $fuzzy: Boolean) {
  search(text: $text, first: $first, after: $after, kinds: $kinds, prefix: $prefix, fuzzy: $fuzzy) {
    edges { cursor score matched node { id name kind } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

interface Edge {
  cursor: string;
  score: number;
  matched: string;
  node: { id: string; name: string; kind: string };
}

interface Connection {
  edges: Edge[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

interface SearchArgs {
  text: string;
  first?: number;
  after?: string | null;
  kinds?: string[];
  prefix?: boolean;
  fuzzy?: boolean;
}

describe('search', () => {
  let db: Database;
  let api: TestApi;

  const run = (args: SearchArgs): Promise<GraphQLResult<{ search: Connection }>> =>
    api.run<{ search: Connection }>(SEARCH, { ...args });
  const search = async (args: SearchArgs): Promise<Connection> => dataOf(await run(args)).search;
  const ids = (c: Connection): string[] => c.edges.map((e) => e.node.id);
  const expectBestFirst = (c: Connection): void => {
    const scores = c.edges.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) {
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  };

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db, { queryStats: true });
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  describe('the full-text index', () => {
    it('is created by applySchema with the standard-no-stop-words analyzer, immediately consistent', async () => {
      const [index] = await db.read<{
        properties: string[];
        labels: string[];
        options: Record<string, unknown>;
      }>(
        `SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes AS labels, properties, options
         WHERE name = $name RETURN labels, properties, options`,
        { name: CONCEPT_SEARCH_INDEX.name },
      );
      expect(index).toMatchObject({
        labels: ['Concept'],
        properties: ['name', 'synonyms', 'xrefs'],
        options: {
          indexConfig: {
            'fulltext.analyzer': 'standard-no-stop-words',
            'fulltext.eventually_consistent': false,
          },
        },
      });
    });

    it('is applied idempotently and checked by schemaApplied (what /ready relies on)', async () => {
      await applySchema(db);
      expect(await schemaApplied(db)).toBe(true);
      const rows = await db.read<{ name: string }>(
        'SHOW FULLTEXT INDEXES YIELD name RETURN name ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual(['concept_search', 'concept_xref']);
    });
  });

  describe('ranking', () => {
    it('finds palatal myoclonus first by its synonym "palatal tremor", and says the synonym matched', async () => {
      const result = await search({ text: 'palatal tremor' });
      expect(result.edges[0]).toMatchObject({
        node: { id: 'palatal-myoclonus' },
        matched: 'palatal tremor',
        score: 0.95,
      });
      expectBestFirst(result);
    });

    it('ranks the concept named exactly "Myoclonus" first with score 1, whatever the case and white space', async () => {
      for (const text of ['Myoclonus', '  MYOCLONUS\t', 'myoclonus']) {
        const result = await search({ text, first: 50 });
        expect(result.edges[0]).toMatchObject({ node: { id: 'myoclonus' }, matched: 'myoclonus', score: 1 });
        expect(result.edges[1]?.score).toBeLessThan(1);
        expect(result.totalCount).toBeGreaterThan(5);
        expectBestFirst(result);
      }
    });

    it('ranks an exact synonym first: "OMS" is opsoclonus-myoclonus syndrome, "BNSM" benign neonatal sleep myoclonus', async () => {
      const oms = await search({ text: 'OMS' });
      expect(oms.edges[0]).toMatchObject({
        node: { id: 'opsoclonus-myoclonus-syndrome' },
        matched: 'OMS',
        score: 0.95,
      });
      const bnsm = await search({ text: 'bnsm' });
      expect(bnsm.edges[0]).toMatchObject({
        node: { id: 'benign-neonatal-sleep-myoclonus' },
        matched: 'BNSM',
      });
      const eeg = await search({ text: 'electroencephalogram' });
      expect(eeg.edges[0]).toMatchObject({
        node: { id: 'eeg', name: 'EEG' },
        matched: 'electroencephalogram',
      });
    });

    it('ranks exact matches, then prefix matches, then the rest: "palatal" puts names beginning with it first', async () => {
      const result = await search({ text: 'palatal', first: 50 });
      expect(ids(result)).toEqual(['palatal-myoclonus', 'essential-palatal-myoclonus']);
      expect(result.edges[0]?.score).toBeGreaterThan(0.7);
      expect(result.edges[0]?.score).toBeLessThanOrEqual(0.8);
      expect(result.edges[1]?.score).toBeLessThanOrEqual(0.5);
    });

    it('ranks the rest by relevance: names with fewer other words first', async () => {
      const result = await search({ text: 'myoclonus', first: 50 });
      const wordCounts = result.edges.slice(1).map((e) => e.node.name.split(/[\s-]+/).length);
      expect(wordCounts[0]).toBe(2);
      expect(wordCounts).toEqual([...wordCounts].sort((a, b) => a - b));
    });

    it('says which name or synonym matched a hit that is neither exact nor a prefix', async () => {
      const tremor = await search({ text: 'tremor' });
      expect(tremor.edges[0]).toMatchObject({ node: { id: 'palatal-myoclonus' }, matched: 'palatal tremor' });
      const myoclonus = await search({ text: 'myoclonus', first: 50 });
      const palatal = myoclonus.edges.find((e) => e.node.id === 'palatal-myoclonus');
      expect(palatal?.matched).toBe('palatal myoclonus');
    });
  });

  describe('search as you type (prefix)', () => {
    it('finds neuroblastoma from "neurob" and palatal myoclonus from "palatal tre"', async () => {
      const neurob = await search({ text: 'neurob' });
      expect(neurob.edges[0]).toMatchObject({ node: { id: 'neuroblastoma' }, matched: 'neuroblastoma' });
      expect(neurob.edges[0]?.score).toBeGreaterThan(0.7);
      const palatal = await search({ text: 'palatal tre' });
      expect(palatal.edges[0]).toMatchObject({
        node: { id: 'palatal-myoclonus' },
        matched: 'palatal tremor',
      });
      expect(palatal.totalCount).toBe(1);
    });

    it('matches whole words only with prefix: false', async () => {
      expect((await search({ text: 'neurob', prefix: false })).totalCount).toBe(0);
      expect((await search({ text: 'palatal tre', prefix: false })).totalCount).toBe(0);
      expect(ids(await search({ text: 'neuroblastoma', prefix: false }))).toEqual(['neuroblastoma']);
    });

    it('applies the prefix to the last word only', async () => {
      expect((await search({ text: 'palat tremor' })).totalCount).toBe(0);
    });
  });

  describe('typos (fuzzy)', () => {
    it('finds myoclonus from "myoclonis" and neuroblastoma from "neuroblastma"', async () => {
      const myoclonis = await search({ text: 'myoclonis' });
      expect(myoclonis.edges[0]).toMatchObject({ node: { id: 'myoclonus' }, matched: 'myoclonus' });
      expectBestFirst(myoclonis);
      const neuroblastma = await search({ text: 'neuroblastma' });
      expect(neuroblastma.edges[0]).toMatchObject({
        node: { id: 'neuroblastoma' },
        matched: 'neuroblastoma',
      });
      const synonym = await search({ text: 'electroencefalogram' });
      expect(synonym.edges[0]).toMatchObject({ node: { id: 'eeg' }, matched: 'electroencephalogram' });
    });

    it('looks for typos only when the text as typed matches nothing', async () => {
      // "myoclonus" matches as typed: "myoclonic seizures", one edit away, is not added.
      const exact = await search({ text: 'myoclonus', first: 50 });
      expect(ids(exact)).not.toContain('myoclonic-seizures');
      expect(exact.edges.every((e) => /myoclonus/i.test(`${e.node.name} ${e.matched}`))).toBe(true);
      const typo = await search({ text: 'myoclonis', first: 50 });
      expect(ids(typo)).toEqual(expect.arrayContaining(['myoclonus', 'myoclonic-seizures']));
    });

    it('finds nothing for the same typos with fuzzy: false', async () => {
      for (const text of ['myoclonis', 'neuroblastma', 'electroencefalogram']) {
        expect({ text, total: (await search({ text, fuzzy: false })).totalCount }).toEqual({
          text,
          total: 0,
        });
      }
    });

    it('does not correct words shorter than 4 letters ("oms" is not "omx")', async () => {
      expect((await search({ text: 'omx', prefix: false })).totalCount).toBe(0);
    });
  });

  describe('filters and pages', () => {
    it('filters by kind', async () => {
      const cancers = await search({ text: 'cancer', kinds: ['CANCER'], first: 10 });
      expect(ids(cancers).sort()).toEqual(['breast-cancer', 'lung-cancer', 'ovarian-cancer']);
      const conditions = await search({ text: 'myoclonus', kinds: ['CONDITION'], first: 50 });
      expect(conditions.totalCount).toBeGreaterThan(5);
      expect(new Set(conditions.edges.map((e) => e.node.kind))).toEqual(new Set(['CONDITION']));
      expect((await search({ text: 'myoclonus', kinds: ['BODY_REGION'] })).totalCount).toBe(0);
      expect(ids(await search({ text: 'eeg', kinds: ['PROCEDURE', 'CANCER'] }))).toEqual(['eeg']);
    });

    it('pages with cursors through every hit once, in the order of one big page', async () => {
      const all = await search({ text: 'myoclonus', first: 50 });
      expect(all.totalCount).toBe(all.edges.length);
      const seen: Edge[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: Connection = await search({ text: 'myoclonus', first: 3, after });
        expect(page.totalCount).toBe(all.totalCount);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...page.edges);
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(Math.ceil(all.totalCount / 3));
      expect(new Set(seen.map((e) => e.node.id)).size).toBe(seen.length);
      expect(seen.map((e) => [e.node.id, e.score])).toEqual(all.edges.map((e) => [e.node.id, e.score]));
    });

    it('returns 10 hits by default and refuses more than 50 per page', async () => {
      const page = await search({ text: 'myoclon' });
      expect(page.totalCount).toBeGreaterThan(10);
      expect(page.edges).toHaveLength(10);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const tooMany = await run({ text: 'myoclon', first: 51 });
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    });

    it('sends one query per search, and none for blank text', async () => {
      const result = await run({ text: 'palatal tre', first: 5 });
      expect(result.errors).toBeUndefined();
      expect(result.extensions?.queryStats).toMatchObject({ roundTrips: 1 });
      const blank = await run({ text: '  ' });
      expect(blank.extensions?.queryStats).toMatchObject({ roundTrips: 0 });
    });
  });

  describe('with data added for the test', () => {
    afterAll(async () => {
      await db.write(`MATCH (c:Concept) WHERE c.id STARTS WITH 'search-test-' DETACH DELETE c`);
      await db.write(`MATCH (c:Concept {id: 'neuroblastoma'}) REMOVE c.xrefs`);
    });

    it('finds a cross-reference as soon as it is written, in any case: "DOID:769", "doid:769"', async () => {
      await db.write(`MATCH (c:Concept {id: 'neuroblastoma'}) SET c.xrefs = ['DOID:769', 'UMLS:C0027819']`);
      for (const text of ['DOID:769', 'doid:769', ' DOID:769 ']) {
        const result = await search({ text });
        expect(result.edges[0]).toMatchObject({
          node: { id: 'neuroblastoma' },
          matched: 'DOID:769',
          score: 0.9,
        });
      }
      const umls = await search({ text: 'umls:c0027819' });
      expect(umls.edges[0]).toMatchObject({ node: { id: 'neuroblastoma' }, matched: 'UMLS:C0027819' });
    });

    it('completes a cross-reference being typed, and never corrects one', async () => {
      await db.write(`MATCH (c:Concept {id: 'neuroblastoma'}) SET c.xrefs = ['DOID:769', 'UMLS:C0027819']`);
      expect((await search({ text: 'doid:76' })).edges[0]).toMatchObject({
        node: { id: 'neuroblastoma' },
        matched: 'DOID:769',
      });
      expect((await search({ text: 'UMLS:C00278' })).edges[0]).toMatchObject({
        node: { id: 'neuroblastoma' },
        matched: 'UMLS:C0027819',
      });
      expect((await search({ text: 'DOID:768' })).totalCount).toBe(0);
      expect((await search({ text: 'UMLS:C0027818' })).totalCount).toBe(0);
    });

    it('ranks an exact name above an exact synonym, and breaks ties by name then id', async () => {
      await db.write(`UNWIND $rows AS row CREATE (c:Concept:Condition) SET c = row`, {
        rows: [
          { id: 'search-test-tremor-b', name: 'Palatal tremor', synonyms: [] },
          { id: 'search-test-tremor-a', name: 'palatal tremor', synonyms: [] },
        ],
      });
      const result = await search({ text: 'palatal tremor' });
      expect(result.edges.slice(0, 3).map((e) => [e.node.id, e.score, e.matched])).toEqual([
        ['search-test-tremor-a', 1, 'palatal tremor'],
        ['search-test-tremor-b', 1, 'Palatal tremor'],
        ['palatal-myoclonus', 0.95, 'palatal tremor'],
      ]);
    });

    it(`keeps a query with many typo-tolerant words under Lucene's clause limit`, async () => {
      // Ten long words, each with 60 indexed neighbours one edit away: a fuzzy clause on every word would rewrite
      // to 10 words x 2 fields x 50 terms, over Lucene's limit of 1024 clauses.
      const words = Array.from({ length: 10 }, (_, i) => `zq${'abcdefghij'[i]}wordlong`);
      const neighbour = (word: string, n: number): string =>
        word.slice(0, 4) + String.fromCharCode(97 + (n % 26), 97 + Math.floor(n / 26)) + word.slice(6);
      const rows = words.flatMap((word, w) =>
        Array.from({ length: 60 }, (_, n) => ({
          id: `search-test-fuzzy-${w}-${n}`,
          name: neighbour(word, n),
          synonyms: [neighbour(word, n + 60)],
        })),
      );
      await db.write('UNWIND $rows AS row CREATE (c:Concept:Condition) SET c = row', { rows });
      const uncapped = words.map((w) => `+("${w}" "${w}'s" name:${w}~2 synonyms:${w}~2)`).join(' ');
      await expect(
        db.read('CALL db.index.fulltext.queryNodes($index, $q) YIELD node RETURN count(*) AS n', {
          index: CONCEPT_SEARCH_INDEX.name,
          q: uncapped,
        }),
      ).rejects.toThrow(/clause/i);

      const text = words.join(' ');
      expect(toLuceneQuery(planSearch(text, { prefix: true, fuzzy: true }))?.match(/~/g)).toHaveLength(
        2 * MAX_FUZZY_WORDS,
      );
      const result = await run({ text });
      expect(result.errors).toBeUndefined();
      expect(result.data?.search.totalCount).toBe(0);
    });
  });

  describe('hostile text', () => {
    const noErrors = async (texts: string[], flags: Partial<SearchArgs> = {}): Promise<void> => {
      for (const text of texts) {
        for (const prefix of [true, false]) {
          for (const fuzzy of [true, false]) {
            const result = await run({ text, prefix, fuzzy, ...flags });
            expect({ text, prefix, fuzzy, errors: result.errors }).toEqual({
              text,
              prefix,
              fuzzy,
              errors: undefined,
            });
            const found = result.data?.search;
            expect(found?.edges.length).toBe(Math.min(found?.totalCount ?? -1, 10));
          }
        }
      }
    };

    it('takes every Lucene special character literally, alone or inside words', async () => {
      const specials = [
        '+',
        '-',
        '&&',
        '||',
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
      await noErrors([
        ...specials,
        specials.join(''),
        specials.join(' '),
        ...specials.map((s) => `palatal ${s}tremor${s}`),
        'name:myoclonus',
        'myoclonus^10',
        '[a TO z]',
        '{* TO *}',
        '/myo.*/',
        '\\u0041',
        "') RETURN 1 //",
      ]);
      for (const text of ['+', '*', '(', '\\', '"', ':', '/', '{* TO *}']) {
        expect({ text, total: (await search({ text })).totalCount }).toEqual({ text, total: 0 });
      }
      expect((await search({ text: 'name:myoclonus', prefix: false, fuzzy: false })).totalCount).toBe(0);
      expect((await search({ text: '/myo.*/', prefix: false })).totalCount).toBe(0);
      expect(ids(await search({ text: 'palatal (tremor)', prefix: false }))).toEqual(['palatal-myoclonus']);
    });

    it('takes quotes literally', async () => {
      await noErrors(['"', '""', '"palatal tremor"', '"palatal', "palatal'", '“palatal tremor”', '"\\"']);
      expect(ids(await search({ text: '"palatal tremor"' }))).toEqual(['palatal-myoclonus']);
    });

    it('takes AND, OR and NOT as words, not operators', async () => {
      await noErrors(['AND', 'OR', 'NOT', 'myoclonus AND', 'OR myoclonus', 'NOT myoclonus', 'a && b || c']);
      expect((await search({ text: 'myoclonus' })).totalCount).toBeGreaterThan(5);
      // As operators these would match concepts named myoclonus or seizures, everything but myoclonus, and myoclonus.
      for (const text of ['myoclonus OR seizures', 'NOT myoclonus', 'myoclonus AND myoclonus', 'or', 'not']) {
        expect({ text, total: (await search({ text })).totalCount }).toEqual({ text, total: 0 });
      }
    });

    it('never makes a wildcard or fuzzy query from *, ? or ~ in the text', async () => {
      const literal = { prefix: false, fuzzy: false };
      for (const text of [
        '*',
        '?',
        '~',
        'myo*',
        'myoclon?s',
        'myoclon*s',
        'myoclonis~',
        'myoclonis~2',
        '*oclonus',
      ]) {
        expect({ text, total: (await search({ text, ...literal })).totalCount }).toEqual({ text, total: 0 });
      }
      // "myoclonus~" is the word myoclonus: not "myoclonic", which a fuzzy query would add.
      const exact = await search({ text: 'myoclonus~', first: 50, ...literal });
      expect(exact.totalCount).toBeGreaterThan(5);
      expect(exact.edges.every((e) => /myoclonus/i.test(e.node.name))).toBe(true);
    });

    it('returns an empty connection for empty and white-space-only text', async () => {
      for (const text of ['', ' ', '   ', '\t\n\r', '\u00a0\u3000', '\u200b']) {
        const result = await search({ text });
        expect({ text, result }).toEqual({
          text,
          result: {
            edges: [],
            totalCount: 0,
            pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
          },
        });
      }
    });

    it(`rejects text over ${MAX_SEARCH_TEXT} characters with BAD_USER_INPUT naming text, a 10 kB string included`, async () => {
      for (const text of ['x'.repeat(10_240), 'myoclonus '.repeat(1_024), 'a'.repeat(MAX_SEARCH_TEXT + 1)]) {
        const result = await run({ text });
        expect(result.data).toBeNull();
        expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'text' });
        expect(result.errors?.[0]?.message).toContain('"text"');
      }
      await noErrors([
        'a'.repeat(MAX_SEARCH_TEXT),
        'é'.repeat(MAX_SEARCH_TEXT),
        '( '.repeat(MAX_SEARCH_TEXT / 2),
      ]);
    });

    it('uses the first 10 words only', async () => {
      const tenWords = Array.from({ length: 10 }, () => 'myoclonus').join(' ');
      expect(ids(await search({ text: `${tenWords} nonexistentword` }))).toContain('myoclonus');
      expect(
        (await search({ text: `${tenWords.split(' ').slice(1).join(' ')} nonexistentword` })).totalCount,
      ).toBe(0);
    });

    it('handles unicode: other scripts, emoji, ligatures, full-width letters, lone surrogates', async () => {
      await noErrors([
        '神经母细胞瘤',
        'миоклонус',
        'מיוקלונוס',
        'Ménière',
        '🧠',
        '🧠 myoclonus',
        'ﬁ',
        '\ud800',
        'a\udc00b',
      ]);
      expect((await search({ text: 'ＭＹＯＣＬＯＮＵＳ' })).edges[0]).toMatchObject({
        node: { id: 'myoclonus' },
        score: 1,
      });
      expect((await search({ text: '🧠 myoclonus' })).edges[0]).toMatchObject({ node: { id: 'myoclonus' } });
    });

    it('treats control characters as spaces', async () => {
      await noErrors([
        '\u0000',
        'myo\u0000clonus',
        '\u0007\u001b[31m',
        'palatal\u0000tremor',
        '\u007f\u0085',
      ]);
      expect((await search({ text: 'palatal\u0000tremor' })).edges[0]).toMatchObject({
        node: { id: 'palatal-myoclonus' },
        matched: 'palatal tremor',
      });
    });
  });
});
