import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/*
 * seeds/COVERAGE.md accounts for every sentence of the article: the facts that quote it, or why it is not modelled.
 * The article is split here, not taken from the table, so a sentence the table forgets is caught.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const ARTICLE_PATH = path.resolve(ROOT, '..', 'shared', 'sources', 'myoclonus-cleveland-clinic.txt');
const SEED_PATH = path.join(ROOT, 'seeds', 'cleveland-clinic-myoclonus.yaml');
const TABLE_PATH = path.join(ROOT, 'seeds', 'COVERAGE.md');
const article: string | null = existsSync(ARTICLE_PATH) ? readFileSync(ARTICLE_PATH, 'utf8') : null;
if (article === null) {
  console.warn(
    `SKIPPING the coverage checks: ${ARTICLE_PATH} is absent. Put the article text there to run them.`,
  );
}
const describeWithArticle = article === null ? describe.skip : describe;

/** Page furniture, not content (seeds/README.md): dropped before splitting. */
const FURNITURE = new Set([
  'Advertisement',
  'Cleveland Clinic is a non-profit academic medical center. Advertising on our site helps support our mission. We do not endorse non-Cleveland Clinic products or services. Policy',
]);

/** A sentence ends at . ! or ? (optionally followed by a closing curly quote) and whitespace, or at a line end. */
function splitSentences(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !FURNITURE.has(line))
    .flatMap((line) => line.split(/(?<=[.!?]”?)\s+/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

interface Evidence {
  source: string;
  quote: string;
}
interface SeedFile {
  sources: Array<{ id: string }>;
  concepts: Array<{
    id: string;
    evidence: Evidence[];
    statements?: Array<{ kind: string; evidence: Evidence[] }>;
  }>;
  relationships: Array<{ from: string; type: string; to: string; statedAs?: string; evidence: Evidence[] }>;
}

/** Every fact of the seed, by the name the table uses, with the quotes of its evidence. */
function factQuotes(seed: SeedFile): Map<string, string[]> {
  const facts = new Map<string, string[]>();
  const add = (name: string, evidence: Evidence[]): void => {
    facts.set(name, [...(facts.get(name) ?? []), ...evidence.map((e) => e.quote)]);
  };
  for (const concept of seed.concepts) {
    add(concept.id, concept.evidence);
    for (const statement of concept.statements ?? [])
      add(`${concept.id}: ${statement.kind}`, statement.evidence);
  }
  for (const rel of seed.relationships) add(`${rel.from} ${rel.type} ${rel.to}`, rel.evidence);
  return facts;
}

interface Row {
  sentence: string;
  facts: string[];
  reason: string | null;
}

/** The table's rows: `| n | sentence | carried by |`, where "carried by" is backticked fact names or "not modelled: why". */
function readTable(markdown: string): Row[] {
  return markdown
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const sentence = cells[2] ?? '';
      const carried = cells[3] ?? '';
      const notModelled = /^not modelled:\s*(.*)$/.exec(carried);
      if (notModelled) return { sentence, facts: [], reason: notModelled[1]?.trim() ?? '' };
      return { sentence, facts: [...carried.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''), reason: null };
    });
}

/** What is wrong with the table against the article and the seed; empty when it is true. */
function coverageProblems(sentences: string[], rows: Row[], seed: SeedFile): string[] {
  const facts = factQuotes(seed);
  const sourceIds = new Set(seed.sources.map((s) => s.id));
  const allQuotes = [...facts.values()].flat();
  const problems: string[] = [];
  const bySentence = new Map(rows.map((row) => [row.sentence, row]));
  for (const sentence of sentences) {
    const row = bySentence.get(sentence);
    const quoted = allQuotes.some((quote) => quote.includes(sentence));
    if (!row) {
      problems.push(`no row for the sentence: ${sentence}`);
    } else if (row.reason !== null) {
      if (row.reason === '') problems.push(`"not modelled" without a reason: ${sentence}`);
      if (quoted) problems.push(`"not modelled" but a seed fact quotes it: ${sentence}`);
    } else if (row.facts.length === 0) {
      problems.push(`neither a fact nor a reason: ${sentence}`);
    }
  }
  for (const row of rows) {
    if (!sentences.includes(row.sentence))
      problems.push(`a row whose sentence is not in the article: ${row.sentence}`);
    for (const fact of row.facts) {
      const source = /^source (.+)$/.exec(fact);
      if (source) {
        if (!sourceIds.has(source[1] ?? '')) problems.push(`no such source: ${fact}`);
        continue;
      }
      const quotes = facts.get(fact);
      if (!quotes) problems.push(`no such fact: ${fact}`);
      else if (!quotes.some((quote) => quote.includes(row.sentence)))
        problems.push(`${fact} does not quote: ${row.sentence}`);
    }
  }
  return problems;
}

describeWithArticle('seeds/COVERAGE.md: every sentence of the article accounted for', () => {
  const sentences = splitSentences(article ?? '');
  const seed = parse(readFileSync(SEED_PATH, 'utf8')) as SeedFile;
  const rows = readTable(readFileSync(TABLE_PATH, 'utf8'));

  it('splits the article into its sentences deterministically', () => {
    expect(sentences).toEqual(splitSentences(article ?? ''));
    expect(sentences[0]).toBe('Myoclonus is an uncontrollable muscle movement that’s sudden and brief.');
    expect(sentences).toContain('Experts call these examples of “physiological myoclonus.”');
    expect(sentences).toContain('In many cases, healthcare providers aren’t able to identify a cause');
    expect(sentences.some((s) => s.includes('Advertising'))).toBe(false);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('has one row per sentence, in the article’s order', () => {
    expect(rows.map((row) => row.sentence)).toEqual(sentences);
  });

  it('gives every sentence a fact that quotes it or a reason, and names only facts that exist', () => {
    expect(coverageProblems(sentences, rows, seed)).toEqual([]);
  });

  it('fails when a row is missing, names a fact that does not exist, or gives no reason', () => {
    const advice =
      'If myoclonus keeps happening — especially if it starts disrupting your usual activities and routine — you should see a healthcare provider.';
    const lostList = 'Causes of secondary myoclonus include:';
    const without = (sentence: string): Row[] => rows.filter((row) => row.sentence !== sentence);
    expect(coverageProblems(sentences, without(lostList), seed)).toEqual([
      `no row for the sentence: ${lostList}`,
    ]);
    const invented = rows.map((row) =>
      row.sentence === advice ? { ...row, facts: ['myoclonus: ADVICE'] } : row,
    );
    expect(coverageProblems(sentences, invented, seed)).toEqual(['no such fact: myoclonus: ADVICE']);
    const bare = rows.map((row) => (row.sentence === lostList ? { ...row, reason: '' } : row));
    expect(coverageProblems(sentences, bare, seed)).toEqual([`"not modelled" without a reason: ${lostList}`]);
    const denied = rows.map((row) =>
      row.sentence === advice ? { sentence: advice, facts: [], reason: 'x' } : row,
    );
    expect(coverageProblems(sentences, denied, seed)).toEqual([
      `"not modelled" but a seed fact quotes it: ${advice}`,
    ]);
  });

  it('keeps every statedAs in the source’s own words: part of one of its evidence quotes', () => {
    const edited = seed.relationships
      .filter((rel) => rel.statedAs !== undefined)
      .filter((rel) => !rel.evidence.some((e) => e.quote.toLowerCase().includes(rel.statedAs!.toLowerCase())))
      .map((rel) => `${rel.from} ${rel.type} ${rel.to}: ${rel.statedAs}`);
    expect(edited).toEqual([]);
  });

  it('links the seizures paragraph to epileptic myoclonus, with its hedge', () => {
    const toEpileptic = seed.relationships.filter(
      (rel) => rel.to === 'epileptic-myoclonus' && rel.type === 'CAUSES',
    );
    expect(toEpileptic.map((rel) => [rel.from, rel.statedAs])).toEqual([
      ['seizures', 'can happen with or because of'],
      ['myoclonic-seizures', 'can happen with or because of seizures (especially myoclonic seizures)'],
    ]);
  });
});
