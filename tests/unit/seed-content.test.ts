import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSeeds } from '../../src/seed/seed.load';
import type {
  ConceptRow,
  RelationshipRow,
  SeedPlan,
  StatementRow,
  StoredEvidence,
} from '../../src/seed/seed.types';

/*
 * The real seeds/ folder, checked against the article it quotes. Expectations come from the article's sentences
 * (quoted below), not from the YAML: a fact the article states must be in the plan, with that sentence as evidence.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const ARTICLE_PATH = path.resolve(ROOT, '..', 'shared', 'sources', 'myoclonus-cleveland-clinic.txt');
const article: string | null = existsSync(ARTICLE_PATH) ? readFileSync(ARTICLE_PATH, 'utf8') : null;
if (article === null) {
  console.warn(
    `SKIPPING the checks of seed quotes against the article: ${ARTICLE_PATH} is absent. ` +
      'Put the article text there to run them.',
  );
}
const describeWithArticle = article === null ? describe.skip : describe;

/** Every sentence of the article that the facts below rest on, word for word. */
const SENTENCE = {
  omsImmune: 'OMS sometimes happens because your immune system incorrectly attacks your own nervous system.',
  children:
    'In children, this faulty immune reaction may happen because of a type of brain cancer called neuroblastoma.',
  adults: 'In adults, it can happen with lung cancer, breast cancer or ovarian cancer.',
  otherCases: 'Other cases may have a connection to metabolic disturbances or infections.',
  palatal:
    'Palatal myoclonus (also known as palatal tremor) is a form of myoclonus that affects a specific area inside your mouth.',
  bnsmEeg: 'Diagnosing this condition requires an electroencephalogram (EEG).',
  bnsmSeizures:
    'This condition can look similar to seizures, but EEG testing in babies with BNSM won’t show seizure activity in their brains.',
  bnsmHarmless: 'This condition is harmless.',
  bnsmPrognosis: 'About 95% of cases go away by 6 months of age.',
  alcohol: 'But muscle movements may become more noticeable after drinking alcohol.',
  middleEar:
    'Middle ear myoclonus is when you have uncontrolled muscle movements of the tensor tympani, a muscle in your ear.',
  opsoclonus:
    'Opsoclonus is similar to myoclonus, but it involves uncontrollable movements of the muscles that direct where you point your eyes.',
  lastReviewed: 'Last reviewed on 03/16/2023.',
} as const;

/** Lines of the article that are page furniture, not content (README: "Advertisement" and the policy paragraph). */
const NOT_CONTENT = [
  'Advertisement',
  'Cleveland Clinic is a non-profit academic medical center. Advertising on our site helps support our mission. We do not endorse non-Cleveland Clinic products or services. Policy',
];

interface Quoted {
  where: string;
  source: string;
  quote: string;
}

function quotesOf(plan: SeedPlan): Quoted[] {
  const of = (where: string, e: StoredEvidence): Quoted[] =>
    e.evidenceQuotes.map((quote, i) => ({ where, source: e.evidenceSources[i] ?? '', quote }));
  return [
    ...plan.concepts.flatMap((c) => of(`concept ${c.id}`, c)),
    ...plan.concepts.flatMap((c) =>
      c.description === null ? [] : [{ where: `description of ${c.id}`, source: '', quote: c.description }],
    ),
    ...plan.statements.flatMap((s) => of(`statement ${s.id}`, s)),
    ...plan.relationships.flatMap((r) => of(`relationship ${r.from} -${r.type}-> ${r.to}`, r)),
  ];
}

let plan: SeedPlan;
let loadError: unknown = null;
beforeAll(async () => {
  try {
    plan = await loadSeeds(path.join(ROOT, 'seeds'), ROOT);
  } catch (error) {
    loadError = error;
  }
});

/** The concept the article calls `name` (its name or one of its synonyms, any case). */
function concept(name: string): ConceptRow {
  const wanted = name.toLowerCase();
  const found = plan.concepts.filter((c) => [c.name, ...c.synonyms].some((n) => n.toLowerCase() === wanted));
  if (found.length !== 1) throw new Error(`expected one concept called "${name}", found ${found.length}`);
  return found[0] as ConceptRow;
}

function relationship(from: string, type: string, to: string): RelationshipRow | undefined {
  const [a, b] = [concept(from).id, concept(to).id];
  return plan.relationships.find((r) => r.from === a && r.type === type && r.to === b);
}

function statementsOf(name: string): StatementRow[] {
  const id = concept(name).id;
  return plan.statements.filter((s) => s.conceptId === id);
}

/** The source that is the article (found by what it is, not by its id). */
function articleSource() {
  const found = plan.sources.filter((s) => s.publisher === 'Cleveland Clinic' && s.title === 'Myoclonus');
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the seeds/ folder', () => {
  it('validates: loadSeeds finds no problem in it', () => {
    expect(loadError).toBeNull();
    expect(plan.files).toContain(path.join('seeds', 'cleveland-clinic-myoclonus.yaml'));
    expect(plan.concepts.length).toBeGreaterThan(0);
    expect(plan.relationships.length).toBeGreaterThan(0);
  });

  it('gives every concept, relationship and statement evidence from a known source', () => {
    const sourceIds = new Set(plan.sources.map((s) => s.id));
    const items: Array<[string, StoredEvidence]> = [
      ...plan.concepts.map((c): [string, StoredEvidence] => [`concept ${c.id}`, c]),
      ...plan.statements.map((s): [string, StoredEvidence] => [`statement ${s.id}`, s]),
      ...plan.relationships.map((r): [string, StoredEvidence] => [`${r.from} -${r.type}-> ${r.to}`, r]),
    ];
    const missing = items
      .filter(
        ([, e]) =>
          e.evidenceQuotes.length === 0 ||
          e.evidenceSources.length !== e.evidenceQuotes.length ||
          e.evidenceSources.some((s) => !sourceIds.has(s)) ||
          e.evidenceQuotes.some((q) => q.trim() === ''),
      )
      .map(([where]) => where);
    expect(missing).toEqual([]);
  });

  it('quotes no "Advertisement" line and nothing of the advertising-policy paragraph', () => {
    const offending = quotesOf(plan).filter(({ quote }) =>
      NOT_CONTENT.some((line) => line.includes(quote) || quote.includes(line)),
    );
    expect(offending).toEqual([]);
  });

  it('has the article as a source, last reviewed on 2023-03-16 ("Last reviewed on 03/16/2023.")', () => {
    expect(articleSource()).toMatchObject({ kind: 'article', lastReviewed: '2023-03-16' });
  });
});

describeWithArticle('the seed quotes, against the article text', () => {
  const text = article ?? '';

  it('has every sentence these tests rely on, word for word', () => {
    expect(Object.values(SENTENCE).filter((s) => !text.includes(s))).toEqual([]);
  });

  it('quotes every article sentence verbatim (same characters, curly punctuation kept)', () => {
    const articleId = articleSource()?.id;
    const notFound = quotesOf(plan)
      .filter(({ source }) => source === articleId || source === '')
      .filter(({ quote }) => !text.includes(quote))
      .map(({ where, quote }) => `${where}: ${quote}`);
    expect(notFound).toEqual([]);
  });

  it('quotes whole sentences, not fragments of one', () => {
    const articleId = articleSource()?.id;
    const startsSentence = (at: number): boolean =>
      at === 0 || text[at - 1] === '\n' || (text[at - 1] === ' ' && /[.!?:”]/.test(text[at - 2] ?? ''));
    const endsSentence = (quote: string, end: number): boolean =>
      end === text.length || text[end] === '\n' || (text[end] === ' ' && /[.!?:”]$/.test(quote));
    const fragments = quotesOf(plan)
      .filter(({ source }) => source === articleId || source === '')
      .filter(({ quote }) => {
        for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
          if (startsSentence(at) && endsSentence(quote, at + quote.length)) return false;
        }
        return true;
      })
      .map(({ where, quote }) => `${where}: ${quote}`);
    expect(fragments).toEqual([]);
  });

  it('quotes nothing from the lines the article marks as advertising', () => {
    const adLines = text
      .split('\n')
      .filter((line) => line === 'Advertisement' || line.includes('Advertising on our site'));
    expect(adLines.length).toBeGreaterThan(1);
    const offending = quotesOf(plan).filter(({ quote }) => adLines.some((line) => line.includes(quote)));
    expect(offending).toEqual([]);
  });

  it('takes lastReviewed from the article\'s "Last reviewed on" line', () => {
    const [, month, day, year] = /^Last reviewed on (\d{2})\/(\d{2})\/(\d{4})\.$/m.exec(text) ?? [];
    expect(articleSource()?.lastReviewed).toBe(`${year}-${month}-${day}`);
  });
});

describe('facts the article states hold in the plan', () => {
  const expectEdge = (
    from: string,
    type: string,
    to: string,
    expected: { population?: string | null; sentence: string; hedged?: string },
  ): void => {
    const edge = relationship(from, type, to);
    expect(edge).toBeDefined();
    if (expected.population !== undefined) expect(edge?.population).toBe(expected.population);
    expect(edge?.evidenceQuotes).toContain(expected.sentence);
    if (expected.hedged) expect(edge?.statedAs).toContain(expected.hedged);
  };

  it('OMS is associated with neuroblastoma in children', () => {
    expectEdge('OMS', 'ASSOCIATED_WITH', 'neuroblastoma', {
      population: 'children',
      sentence: SENTENCE.children,
    });
  });

  it.each(['lung cancer', 'breast cancer', 'ovarian cancer'])(
    'OMS is associated with %s in adults, in the text\'s own hedged words ("can happen with")',
    (cancer) => {
      expectEdge('OMS', 'ASSOCIATED_WITH', cancer, {
        population: 'adults',
        sentence: SENTENCE.adults,
        hedged: 'can happen with',
      });
    },
  );

  it('records neuroblastoma and the adult cancers as cancers', () => {
    for (const name of ['neuroblastoma', 'lung cancer', 'breast cancer', 'ovarian cancer']) {
      expect([name, concept(name).kind]).toEqual([name, 'Cancer']);
    }
  });

  it('neuroblastoma causes the faulty immune reaction in children, hedged as "may happen because of"', () => {
    expectEdge('neuroblastoma', 'CAUSES', 'faulty immune reaction', {
      population: 'children',
      sentence: SENTENCE.children,
      hedged: 'may happen because of',
    });
  });

  it('the faulty immune reaction causes OMS, with no population, since the text gives none', () => {
    expectEdge('faulty immune reaction', 'CAUSES', 'OMS', { population: null, sentence: SENTENCE.omsImmune });
  });

  it.each(['metabolic disturbances', 'infections'])(
    '%s "may have a connection to" OMS, and the link keeps that hedge',
    (cause) => {
      expectEdge(cause, 'CAUSES', 'OMS', {
        sentence: SENTENCE.otherCases,
        hedged: 'may have a connection to',
      });
    },
  );

  it('keeps neuroblastoma as the article words it ("a type of brain cancer") without inventing a brain-cancer concept', () => {
    expect(plan.concepts.filter((c) => /brain cancer/i.test(c.name))).toEqual([]);
    const nb = concept('neuroblastoma').id;
    expect(plan.relationships.filter((r) => r.from === nb && r.type === 'SUBTYPE_OF')).toEqual([]);
    expect(statementsOf('neuroblastoma').some((s) => s.evidenceQuotes.includes(SENTENCE.children))).toBe(
      true,
    );
  });

  it('palatal myoclonus has the synonym "palatal tremor" and is a form of myoclonus', () => {
    expect(concept('palatal myoclonus').synonyms).toContain('palatal tremor');
    expect(concept('palatal tremor').id).toBe(concept('palatal myoclonus').id);
    expectEdge('palatal myoclonus', 'SUBTYPE_OF', 'myoclonus', { sentence: SENTENCE.palatal });
  });

  it('benign neonatal sleep myoclonus is diagnosed by EEG, also called electroencephalogram', () => {
    expect(concept('EEG').id).toBe(concept('electroencephalogram').id);
    expect(concept('EEG').kind).toBe('Procedure');
    expectEdge('benign neonatal sleep myoclonus', 'DIAGNOSED_BY', 'EEG', { sentence: SENTENCE.bnsmEeg });
  });

  it('benign neonatal sleep myoclonus mimics seizures ("can look similar to seizures")', () => {
    expectEdge('BNSM', 'MIMICS', 'seizures', { sentence: SENTENCE.bnsmSeizures });
  });

  it('benign neonatal sleep myoclonus is harmless and about 95% of cases go away by 6 months', () => {
    const quotes = statementsOf('benign neonatal sleep myoclonus').flatMap((s) => s.evidenceQuotes);
    expect(quotes).toEqual(expect.arrayContaining([SENTENCE.bnsmHarmless, SENTENCE.bnsmPrognosis]));
  });

  it('alcohol aggravates essential myoclonus', () => {
    expectEdge('essential myoclonus', 'AGGRAVATED_BY', 'alcohol', { sentence: SENTENCE.alcohol });
  });

  it('middle ear myoclonus affects the tensor tympani', () => {
    expectEdge('middle ear myoclonus', 'AFFECTS', 'tensor tympani', { sentence: SENTENCE.middleEar });
    expect(concept('tensor tympani').kind).toBe('BodyRegion');
  });

  it('opsoclonus is only "similar to" myoclonus: neither a subtype of it nor said to mimic it', () => {
    expect(relationship('opsoclonus', 'SUBTYPE_OF', 'myoclonus')).toBeUndefined();
    expect(relationship('opsoclonus', 'MIMICS', 'myoclonus')).toBeUndefined();
    expect(concept('opsoclonus').evidenceQuotes).toContain(SENTENCE.opsoclonus);
  });

  it('sets a population only where one of its quotes names that group', () => {
    const named: Record<string, RegExp> = {
      children: /children/i,
      adults: /adults/i,
      newborns: /newborn|neonatal/i,
    };
    const unsupported = [...plan.relationships, ...plan.statements]
      .filter((x) => x.population !== null)
      .filter((x) => !x.evidenceQuotes.some((q) => named[x.population ?? '']?.test(q)))
      .map((x) => ('conceptId' in x ? x.id : `${x.from} -${x.type}-> ${x.to}`));
    expect(unsupported).toEqual([]);
  });

  it('gives synonyms only where the text gives them: each appears in one of its concept’s quotes', () => {
    const unsupported = plan.concepts.flatMap((c) =>
      c.synonyms
        .filter((s) => !c.evidenceQuotes.some((q) => q.toLowerCase().includes(s.toLowerCase())))
        .map((s) => `${c.id}: ${s}`),
    );
    expect(unsupported).toEqual([]);
  });
});
