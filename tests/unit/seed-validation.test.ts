import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatProblem, loadSeeds, SeedValidationError, statementId } from '../../src/seed/seed.load';
import type { SeedProblem } from '../../src/seed/seed.load';

/*
 * Every seed file here is written to a temporary folder and read by loadSeeds, the way `npm run seed` reads seeds/.
 * Files are built line by line so each test can find the line a problem must point at by its text.
 */

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

const SOURCES = [
  'sources:',
  '  - id: article',
  '    kind: article',
  '    title: Myoclonus',
  '    publisher: Cleveland Clinic',
  "    lastReviewed: '2023-03-16'",
];

/** A valid concept entry (under `concepts:`), with one evidence quote. */
const concept = (id: string, kind = 'Condition'): string[] => [
  `  - id: ${id}`,
  `    kind: ${kind}`,
  `    name: ${id.replace(/-/g, ' ')}`,
  '    evidence:',
  '      - source: article',
  `        quote: 'A sentence about ${id}.'`,
];

/** A valid relationship entry (under `relationships:`), with one evidence quote. */
const relationship = (from: string, type: string, to: string, ...extra: string[]): string[] => [
  `  - from: ${from}`,
  `    type: ${type}`,
  `    to: ${to}`,
  ...extra,
  '    evidence:',
  '      - source: article',
  `        quote: 'A sentence linking ${from} and ${to}.'`,
];

/**
 * The 1-based line of `text` containing `needle`: the only such line, or the n-th of them when `occurrence` is given
 * (fails when the line is not there, or is ambiguous).
 */
function lineOf(text: string, needle: string, occurrence?: number): number {
  const lines = text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.includes(needle));
  const found = lines[(occurrence ?? 1) - 1];
  if (!found || (occurrence === undefined && lines.length !== 1)) {
    throw new Error(`expected a line containing ${JSON.stringify(needle)}, found ${lines.length}`);
  }
  return found.n;
}

let tmpRoot: string;
beforeAll(async () => {
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'seed-validation-'));
});
afterAll(async () => {
  await rm(tmpRoot, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpRoot, 'seeds-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** The SeedValidationError loadSeeds throws for these files (fails the test when they load). */
async function validationError(files: Record<string, string>): Promise<SeedValidationError> {
  const dir = await folderWith(files);
  try {
    await loadSeeds(dir, dir);
  } catch (error) {
    if (error instanceof SeedValidationError) return error;
    throw error;
  }
  throw new Error('loadSeeds accepted seed files that have a problem');
}

async function problemsOf(files: Record<string, string>): Promise<SeedProblem[]> {
  const error = await validationError(files);
  // Whatever the problem, the error's message shows each one as `file:line: entry: message`.
  for (const p of error.problems) expect(error.message).toContain(formatProblem(p));
  return error.problems;
}

/** Asserts there is exactly one problem, at this file, line and entry, whose message matches. */
async function expectOneProblem(
  files: Record<string, string>,
  expected: { file: string; line: number | null; entry: string; message: string | RegExp },
): Promise<void> {
  const problems = await problemsOf(files);
  expect(problems).toEqual([
    {
      file: expected.file,
      line: expected.line,
      entry: expected.entry,
      message:
        typeof expected.message === 'string'
          ? expect.stringContaining(expected.message)
          : expect.stringMatching(expected.message),
    },
  ]);
}

describe('seed validation: YAML syntax', () => {
  it('reports a duplicated key as invalid YAML at the line of the second key', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      '  - id: myoclonus',
      '    kind: Condition',
      '    name: myoclonus',
      '    name: myoclonus again',
      '    evidence:',
      '      - source: article',
      "        quote: 'x.'",
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'myoclonus again'),
        entry: '(file)',
        message: /^not valid YAML: .*unique/,
      },
    );
  });

  it('reports a tab used as indentation as invalid YAML at its line', async () => {
    const text = yaml(...SOURCES, 'concepts:', '  - id: myoclonus', '\tkind: Condition');
    await expectOneProblem(
      { 'broken.yaml': text },
      {
        file: 'broken.yaml',
        line: lineOf(text, '\tkind'),
        entry: '(file)',
        message: /^not valid YAML: Tabs/,
      },
    );
  });
});

describe('seed validation: the JSON Schema', () => {
  it('reports a concept without evidence', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      '  - id: myoclonus',
      '    kind: Condition',
      '    name: myoclonus',
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'id: myoclonus'),
        entry: 'concepts[0]',
        message: "must have required property 'evidence'",
      },
    );
  });

  it('reports a relationship without evidence', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('seizures'),
      'relationships:',
      '  - from: seizures',
      '    type: CAUSES',
      '    to: myoclonus',
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'from: seizures'),
        entry: 'relationships[0]',
        message: "must have required property 'evidence'",
      },
    );
  });

  it('reports an unknown field, naming it', async () => {
    const text = yaml(...SOURCES, 'concepts:', ...concept('myoclonus'), '    colour: red');
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'id: myoclonus'),
        entry: 'concepts[0]',
        message: 'unknown field "colour"',
      },
    );
  });

  it('reports an unknown top-level section', async () => {
    const text = yaml(...SOURCES, 'concept:', ...concept('myoclonus'));
    await expectOneProblem(
      { 'a.yaml': text },
      { file: 'a.yaml', line: 1, entry: '(file)', message: 'has an unknown field "concept"' },
    );
  });

  it('reports a concept kind outside the enum, listing the allowed kinds', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus').map((l) => l.replace('kind: Condition', 'kind: Disease')),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'kind: Disease'),
        entry: 'concepts[0].kind',
        message: 'must be one of "Condition", "Cancer", "Cause", "BodyRegion", "Procedure", "Substance"',
      },
    );
  });

  it('reports a relationship type outside the enum', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('seizures'),
      'relationships:',
      ...relationship('seizures', 'TRIGGERS', 'myoclonus'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'type: TRIGGERS'),
        entry: 'relationships[0].type',
        message: /^must be one of "SUBTYPE_OF", "CAUSES",/,
      },
    );
  });

  it.each(['Myoclonus', 'palatal_myoclonus', 'double--hyphen', '-leading'])(
    'reports the id %s, which is not a lower-case hyphenated slug',
    async (id) => {
      const text = yaml(...SOURCES, 'concepts:', ...concept('x').map((l) => l.replace('id: x', `id: ${id}`)));
      await expectOneProblem(
        { 'a.yaml': text },
        {
          file: 'a.yaml',
          line: lineOf(text, `id: ${id}`),
          entry: 'concepts[0].id',
          message: 'must match pattern "^[a-z0-9]+(-[a-z0-9]+)*$"',
        },
      );
    },
  );

  it('reports a population outside newborns / children / adults', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('seizures'),
      'relationships:',
      ...relationship('seizures', 'CAUSES', 'myoclonus', '    population: teenagers'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'population: teenagers'),
        entry: 'relationships[0].population',
        message: 'must be one of "newborns", "children", "adults"',
      },
    );
  });

  it('reports an empty quote', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus').map((l) => (l.includes('quote:') ? "        quote: ''" : l)),
    );
    const problems = await problemsOf({ 'a.yaml': text });
    expect(problems.length).toBeGreaterThanOrEqual(1);
    for (const p of problems) {
      expect(p).toMatchObject({
        file: 'a.yaml',
        line: lineOf(text, "quote: ''"),
        entry: 'concepts[0].evidence[0].quote',
      });
    }
    expect(problems.map((p) => p.message)).toContain('must NOT have fewer than 1 characters');
  });

  it('reports a quote that is only blanks', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus').map((l) => (l.includes('quote:') ? "        quote: '   '" : l)),
    );
    const problems = await problemsOf({ 'a.yaml': text });
    expect(problems).toEqual([
      {
        file: 'a.yaml',
        line: lineOf(text, "quote: '   '"),
        entry: 'concepts[0].evidence[0].quote',
        message: expect.stringContaining('must match pattern'),
      },
    ]);
  });

  it('reports a file that is not a map of sections', async () => {
    await expectOneProblem(
      { 'a.yaml': yaml('- id: myoclonus') },
      { file: 'a.yaml', line: 1, entry: '(file)', message: 'must be object' },
    );
  });
});

describe('seed validation: ids', () => {
  it('reports a concept id defined twice in one file, naming where it was first defined', async () => {
    const text = yaml(...SOURCES, 'concepts:', ...concept('myoclonus'), ...concept('myoclonus'));
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'id: myoclonus', 2),
        entry: "concepts[1] (id 'myoclonus')",
        message: `duplicate concept id, first defined at a.yaml:${lineOf(text, 'id: myoclonus', 1)}`,
      },
    );
  });

  it('reports a concept id defined in two files, naming the file and line where it was first defined', async () => {
    const first = yaml(...SOURCES, 'concepts:', ...concept('seizures'), ...concept('myoclonus'));
    const second = yaml('concepts:', ...concept('epilepsy'), ...concept('myoclonus'));
    await expectOneProblem(
      { 'a.yaml': first, 'b.yaml': second },
      {
        file: 'b.yaml',
        line: lineOf(second, 'id: myoclonus'),
        entry: "concepts[1] (id 'myoclonus')",
        message: `duplicate concept id, first defined at a.yaml:${lineOf(first, 'id: myoclonus')}`,
      },
    );
  });

  it('reports a source id defined twice, naming where it was first defined', async () => {
    const first = yaml(...SOURCES, 'concepts:', ...concept('myoclonus'));
    const second = yaml(...SOURCES);
    await expectOneProblem(
      { 'a.yaml': first, 'b.yaml': second },
      {
        file: 'b.yaml',
        line: lineOf(second, 'id: article'),
        entry: "sources[0] (id 'article')",
        message: `duplicate source id, first defined at a.yaml:${lineOf(first, 'id: article')}`,
      },
    );
  });

  it('reports a relationship from an unknown concept id', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      'relationships:',
      ...relationship('seizure', 'CAUSES', 'myoclonus'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'from: seizure'),
        entry: 'relationships[0] (seizure -CAUSES-> myoclonus)',
        message: "unknown concept id 'seizure'",
      },
    );
  });

  it('reports a relationship to an unknown concept id', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('seizures'),
      'relationships:',
      ...relationship('seizures', 'CAUSES', 'myoclonos'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'to: myoclonos'),
        entry: 'relationships[0] (seizures -CAUSES-> myoclonos)',
        message: "unknown concept id 'myoclonos'",
      },
    );
  });

  it('resolves ids across files: a relationship may link concepts defined in another file', async () => {
    const dir = await folderWith({
      'a.yaml': yaml(...SOURCES, 'concepts:', ...concept('myoclonus'), ...concept('seizures')),
      'b.yaml': yaml('relationships:', ...relationship('seizures', 'CAUSES', 'myoclonus')),
    });
    const plan = await loadSeeds(dir, dir);
    expect(plan.relationships.map((r) => `${r.from} ${r.type} ${r.to}`)).toEqual([
      'seizures CAUSES myoclonus',
    ]);
  });

  it.each([
    [
      'a concept',
      ['concepts:', ...concept('myoclonus').map((l) => l.replace('source: article', 'source: artcle'))],
    ],
    [
      'a statement',
      [
        'concepts:',
        ...concept('myoclonus'),
        '    statements:',
        '      - kind: HARM',
        '        claim: harmless',
        '        evidence:',
        '          - source: artcle',
        "            quote: 'This condition is harmless.'",
      ],
    ],
    [
      'a relationship',
      [
        'concepts:',
        ...concept('myoclonus'),
        ...concept('seizures'),
        'relationships:',
        ...relationship('seizures', 'CAUSES', 'myoclonus').map((l) =>
          l.replace('source: article', 'source: artcle'),
        ),
      ],
    ],
  ])('reports evidence of %s citing an unknown source', async (what, lines) => {
    const text = yaml(...SOURCES, ...lines);
    const entry = {
      'a concept': "concepts[0] (id 'myoclonus').evidence[0]",
      'a statement': "concepts[0] (id 'myoclonus').statements[0].evidence[0]",
      'a relationship': 'relationships[0] (seizures -CAUSES-> myoclonus).evidence[0]',
    }[what];
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'source: artcle'),
        entry: entry ?? '?',
        message: "unknown source 'artcle'",
      },
    );
  });
});

describe('seed validation: relationships', () => {
  it('reports a relationship whose kinds the type does not allow (AFFECTS to a Condition)', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('seizures'),
      'relationships:',
      ...relationship('myoclonus', 'AFFECTS', 'seizures'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'type: AFFECTS'),
        entry: 'relationships[0] (myoclonus -AFFECTS-> seizures)',
        message:
          'AFFECTS cannot go from a Condition to a Condition (allowed: Condition/Cancer/Cause -> BodyRegion)',
      },
    );
  });

  it('reports ASSOCIATED_WITH to something that is not a Cancer', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('opsoclonus-myoclonus-syndrome'),
      ...concept('faulty-immune-reaction', 'Cause'),
      'relationships:',
      ...relationship('opsoclonus-myoclonus-syndrome', 'ASSOCIATED_WITH', 'faulty-immune-reaction'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'type: ASSOCIATED_WITH'),
        entry: 'relationships[0] (opsoclonus-myoclonus-syndrome -ASSOCIATED_WITH-> faulty-immune-reaction)',
        message: 'ASSOCIATED_WITH cannot go from a Condition to a Cause',
      },
    );
  });

  it('reports the same (from, type, to) stated twice, across files, naming where it was first defined', async () => {
    const first = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('seizures'),
      'relationships:',
      ...relationship('seizures', 'CAUSES', 'myoclonus'),
    );
    const second = yaml(
      'relationships:',
      ...relationship('seizures', 'CAUSES', 'myoclonus', '    population: adults'),
    );
    await expectOneProblem(
      { 'a.yaml': first, 'b.yaml': second },
      {
        file: 'b.yaml',
        line: lineOf(second, 'from: seizures'),
        entry: 'relationships[0] (seizures -CAUSES-> myoclonus)',
        message: `duplicate relationship, first defined at a.yaml:${lineOf(first, 'from: seizures')}`,
      },
    );
  });

  it('allows the same two concepts to be linked by different types', async () => {
    const dir = await folderWith({
      'a.yaml': yaml(
        ...SOURCES,
        'concepts:',
        ...concept('benign-neonatal-sleep-myoclonus'),
        ...concept('seizures'),
        'relationships:',
        ...relationship('benign-neonatal-sleep-myoclonus', 'MIMICS', 'seizures'),
        ...relationship('benign-neonatal-sleep-myoclonus', 'SUBTYPE_OF', 'seizures'),
      ),
    });
    await expect(loadSeeds(dir, dir)).resolves.toMatchObject({ relationships: [{}, {}] });
  });

  it('reports a concept related to itself', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      'relationships:',
      ...relationship('myoclonus', 'CAUSES', 'myoclonus'),
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'from: myoclonus'),
        entry: 'relationships[0] (myoclonus -CAUSES-> myoclonus)',
        message: 'a concept cannot be related to itself',
      },
    );
  });

  it.each([
    ['SUBTYPE_OF', 'Condition', ['myoclonus', 'secondary-myoclonus', 'palatal-myoclonus']],
    ['PART_OF', 'BodyRegion', ['uvula', 'soft-palate', 'mouth']],
  ])('reports a %s cycle at the relationship that closes it, naming every hop', async (type, kind, ids) => {
    const [a = '', b = '', c = ''] = ids;
    const concepts = yaml(...SOURCES, 'concepts:', ...ids.flatMap((id) => concept(id, kind)));
    const links = yaml(
      'relationships:',
      ...relationship(a, type, b),
      ...relationship(b, type, c),
      ...relationship(c, type, a),
    );
    const problems = await problemsOf({ 'a.yaml': concepts, 'b.yaml': links });
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    const hopLines = [a, b, c].map((from) => `b.yaml:${lineOf(links, `from: ${from}`)}`);
    expect(problem?.file).toBe('b.yaml');
    expect(hopLines).toContain(`b.yaml:${problem?.line}`);
    expect(problem?.entry).toMatch(new RegExp(`^relationships\\[\\d\\] \\([a-z-]+ -${type}-> [a-z-]+\\)$`));
    expect(problem?.message).toMatch(new RegExp(`^cycle in the ${type} hierarchy: `));
    // The chain names each concept of the cycle and comes back to where it started.
    const chain = /hierarchy: (.*) \(defined at/.exec(problem?.message ?? '')?.[1]?.split(' -> ') ?? [];
    expect(chain).toHaveLength(4);
    expect(chain[0]).toBe(chain[3]);
    expect([...chain.slice(0, 3)].sort()).toEqual([...ids].sort());
    for (const where of hopLines) expect(problem?.message).toContain(where);
  });

  it('does not report a hierarchy that only looks like a cycle when direction is ignored', async () => {
    const dir = await folderWith({
      'a.yaml': yaml(
        ...SOURCES,
        'concepts:',
        ...['myoclonus', 'palatal-myoclonus', 'essential-palatal-myoclonus'].flatMap((id) => concept(id)),
        'relationships:',
        ...relationship('palatal-myoclonus', 'SUBTYPE_OF', 'myoclonus'),
        ...relationship('essential-palatal-myoclonus', 'SUBTYPE_OF', 'palatal-myoclonus'),
        ...relationship('essential-palatal-myoclonus', 'SUBTYPE_OF', 'myoclonus'),
      ),
    });
    await expect(loadSeeds(dir, dir)).resolves.toMatchObject({ relationships: [{}, {}, {}] });
  });
});

describe('seed validation: concepts and statements', () => {
  it("reports a description that is not one of the concept's quotes", async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      "    description: 'A sudden jerk, in our own words.'",
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'description:'),
        entry: "concepts[0] (id 'myoclonus')",
        message: 'description must be one of the concept’s evidence quotes, verbatim',
      },
    );
  });

  it('reports a statement stated twice on one concept', async () => {
    const statement = [
      '      - kind: HARM',
      '        claim: harmless',
      '        evidence:',
      '          - source: article',
      "            quote: 'This condition is harmless.'",
    ];
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('benign-neonatal-sleep-myoclonus'),
      '    statements:',
      ...statement,
      ...statement,
    );
    await expectOneProblem(
      { 'a.yaml': text },
      {
        file: 'a.yaml',
        line: lineOf(text, 'kind: HARM', 2),
        entry: "concepts[0] (id 'benign-neonatal-sleep-myoclonus').statements[1]",
        message: 'duplicate statement (HARM "harmless")',
      },
    );
  });
});

describe('seed validation: the folder', () => {
  it('reports a folder with no seed files, naming the folder', async () => {
    const dir = await folderWith({});
    const error = await loadSeeds(dir, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems).toEqual([
      { file: dir, line: null, entry: '(folder)', message: 'no seed files (*.yaml, *.yml, *.json) found' },
    ]);
  });

  it('reads .yaml, .yml and .json seed files alike, in name order', async () => {
    const dir = await folderWith({
      'c.json': JSON.stringify({
        concepts: [
          {
            id: 'seizures',
            kind: 'Condition',
            name: 'seizures',
            evidence: [{ source: 'article', quote: 'A sentence about seizures.' }],
          },
        ],
      }),
      'a.yaml': yaml(...SOURCES),
      'b.yml': yaml('concepts:', ...concept('myoclonus')),
    });
    const plan = await loadSeeds(dir, dir);
    expect(plan.files).toEqual(['a.yaml', 'b.yml', 'c.json']);
    expect(plan.concepts.map((c) => c.id)).toEqual(['myoclonus', 'seizures']);
  });

  it('does not count READMEs or the schema folder as seed files', async () => {
    const dir = await folderWith({ 'README.md': '# Seeds\n', 'notes.txt': 'sources: []\n' });
    await mkdir(path.join(dir, 'schema.json'));
    await expect(loadSeeds(dir, dir)).rejects.toMatchObject({
      problems: [
        { file: dir, line: null, entry: '(folder)', message: expect.stringContaining('no seed files') },
      ],
    });
  });
});

describe('loadSeeds', () => {
  it('reports ALL the problems of a file, not only the first', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus').map((l) => l.replace('kind: Condition', 'kind: Disease')),
      ...concept('Seizures'),
      '  - id: epilepsy',
      '    kind: Condition',
      '    name: epilepsy',
    );
    const error = await validationError({ 'a.yaml': text });
    expect(error.problems.map((p) => [p.line, p.entry])).toEqual([
      [lineOf(text, 'kind: Disease'), 'concepts[0].kind'],
      [lineOf(text, 'id: Seizures'), 'concepts[1].id'],
      [lineOf(text, 'id: epilepsy'), 'concepts[2]'],
    ]);
    expect(error.message).toMatch(/^The seed files have 3 problems:\n/);
  });

  it('reports ALL the cross-file problems at once', async () => {
    const text = yaml(
      ...SOURCES,
      'concepts:',
      ...concept('myoclonus'),
      ...concept('myoclonus'),
      ...concept('hands', 'BodyRegion'),
      'relationships:',
      ...relationship('hands', 'CAUSES', 'myoclonus'),
      ...relationship('myoclonus', 'AFFECTS', 'hand'),
      ...relationship('myoclonus', 'AFFECTS', 'hands'),
      ...relationship('myoclonus', 'AFFECTS', 'hands'),
    );
    const problems = await problemsOf({ 'a.yaml': text });
    expect(problems.map((p) => p.message.split(',')[0])).toEqual([
      'duplicate concept id',
      'CAUSES cannot go from a BodyRegion to a Condition (allowed: Condition/Cancer/Cause/Substance -> Condition/Cancer/Cause)',
      "unknown concept id 'hand'",
      'duplicate relationship',
    ]);
  });

  it('reports the problems of every file, not only the first file that has one', async () => {
    const a = yaml(
      ...SOURCES,
      'concepts:',
      '  - id: myoclonus',
      '    kind: Condition',
      '    name: myoclonus',
    );
    const b = yaml('concepts:', ...concept('seizures').map((l) => l.replace('kind: Condition', 'kind: Fit')));
    const problems = await problemsOf({ 'a.yaml': a, 'b.yaml': b });
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      `a.yaml:${lineOf(a, 'id: myoclonus')}`,
      `b.yaml:${lineOf(b, 'kind: Fit')}`,
    ]);
  });

  it('names files relative to the display root', async () => {
    const dir = await folderWith({ 'a.yaml': yaml('concepts:', '  - id: x') });
    const error = await loadSeeds(dir, path.dirname(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems[0]?.file).toBe(path.join(path.basename(dir), 'a.yaml'));
  });
});

describe('a valid two-file seed', () => {
  const first = yaml(
    ...SOURCES,
    '  - id: ontology',
    '    kind: ontology',
    '    title: Disease Ontology',
    '    publisher: DO',
    '    version: 2024-01-01',
    'concepts:',
    '  - id: opsoclonus-myoclonus-syndrome',
    '    kind: Condition',
    '    name: opsoclonus-myoclonus syndrome',
    '    synonyms: [OMS]',
    "    description: 'Opsoclonus-myoclonus syndrome (OMS) is a rare condition.'",
    '    xrefs: ["DOID:0050979"]',
    '    evidence:',
    '      - source: article',
    "        quote: 'Opsoclonus-myoclonus syndrome (OMS) is a rare condition.'",
    '      - source: ontology',
    "        quote: 'A paraneoplastic syndrome.'",
    '    statements:',
    '      - kind: RARITY',
    '        claim: rare',
    '        evidence:',
    '          - source: article',
    "            quote: 'Opsoclonus-myoclonus syndrome (OMS) is a rare condition.'",
    '      - kind: CAUSE',
    '        claim: in many cases no cause can be identified',
    '        population: adults',
    '        evidence:',
    '          - source: article',
    "            quote: 'In many cases, no cause is found.'",
    ...concept('faulty-immune-reaction', 'Cause'),
  );
  const second = yaml(
    'concepts:',
    ...concept('neuroblastoma', 'Cancer'),
    'relationships:',
    '  - from: faulty-immune-reaction',
    '    type: CAUSES',
    '    to: opsoclonus-myoclonus-syndrome',
    '    statedAs: sometimes happens because',
    '    evidence:',
    '      - source: article',
    "        quote: 'OMS sometimes happens because of it.'",
    '  - from: opsoclonus-myoclonus-syndrome',
    '    type: ASSOCIATED_WITH',
    '    to: neuroblastoma',
    '    population: children',
    '    evidence:',
    '      - source: article',
    "        quote: 'First quote.'",
    '      - source: ontology',
    "        quote: 'Second quote.'",
  );

  it('builds the plan: files in name order, every source, concept, relationship and statement', async () => {
    const dir = await folderWith({ 'b.yaml': second, 'a.yaml': first });
    const plan = await loadSeeds(dir, dir);
    expect(plan.files).toEqual(['a.yaml', 'b.yaml']);
    expect(plan.sources).toEqual([
      {
        id: 'article',
        kind: 'article',
        title: 'Myoclonus',
        publisher: 'Cleveland Clinic',
        lastReviewed: '2023-03-16',
        version: null,
        url: null,
        license: null,
      },
      {
        id: 'ontology',
        kind: 'ontology',
        title: 'Disease Ontology',
        publisher: 'DO',
        lastReviewed: null,
        version: '2024-01-01',
        url: null,
        license: null,
      },
    ]);
    expect(plan.concepts.map((c) => [c.id, c.kind])).toEqual([
      ['opsoclonus-myoclonus-syndrome', 'Condition'],
      ['faulty-immune-reaction', 'Cause'],
      ['neuroblastoma', 'Cancer'],
    ]);
    expect(plan.relationships).toHaveLength(2);
    expect(plan.statements).toHaveLength(2);
  });

  it('stores evidence as parallel lists of source ids and quotes, in the order written', async () => {
    const plan = await loadSeeds(await folderWith({ 'a.yaml': first, 'b.yaml': second }));
    expect(plan.concepts[0]).toEqual({
      id: 'opsoclonus-myoclonus-syndrome',
      kind: 'Condition',
      name: 'opsoclonus-myoclonus syndrome',
      synonyms: ['OMS'],
      description: 'Opsoclonus-myoclonus syndrome (OMS) is a rare condition.',
      xrefs: ['DOID:0050979'],
      evidenceSources: ['article', 'ontology'],
      evidenceQuotes: [
        'Opsoclonus-myoclonus syndrome (OMS) is a rare condition.',
        'A paraneoplastic syndrome.',
      ],
    });
    expect(plan.concepts[1]).toMatchObject({ synonyms: [], description: null, xrefs: [] });
    expect(plan.relationships).toEqual([
      {
        from: 'faulty-immune-reaction',
        type: 'CAUSES',
        to: 'opsoclonus-myoclonus-syndrome',
        population: null,
        statedAs: 'sometimes happens because',
        evidenceSources: ['article'],
        evidenceQuotes: ['OMS sometimes happens because of it.'],
      },
      {
        from: 'opsoclonus-myoclonus-syndrome',
        type: 'ASSOCIATED_WITH',
        to: 'neuroblastoma',
        population: 'children',
        statedAs: null,
        evidenceSources: ['article', 'ontology'],
        evidenceQuotes: ['First quote.', 'Second quote.'],
      },
    ]);
    expect(plan.statements.map(({ id: _id, ...s }) => s)).toEqual([
      {
        conceptId: 'opsoclonus-myoclonus-syndrome',
        kind: 'RARITY',
        claim: 'rare',
        population: null,
        evidenceSources: ['article'],
        evidenceQuotes: ['Opsoclonus-myoclonus syndrome (OMS) is a rare condition.'],
      },
      {
        conceptId: 'opsoclonus-myoclonus-syndrome',
        kind: 'CAUSE',
        claim: 'in many cases no cause can be identified',
        population: 'adults',
        evidenceSources: ['article'],
        evidenceQuotes: ['In many cases, no cause is found.'],
      },
    ]);
  });

  it('gives statements ids that are stable across runs and derived from the concept, kind and claim', async () => {
    const runOne = await loadSeeds(await folderWith({ 'a.yaml': first, 'b.yaml': second }));
    const runTwo = await loadSeeds(await folderWith({ 'a.yaml': first, 'b.yaml': second }));
    expect(runTwo.statements.map((s) => s.id)).toEqual(runOne.statements.map((s) => s.id));
    expect(runOne.statements[0]?.id).toBe(statementId('opsoclonus-myoclonus-syndrome', 'RARITY', 'rare'));
    // Pinned: a change here would orphan every statement already written by an earlier seed run.
    expect(statementId('opsoclonus-myoclonus-syndrome', 'RARITY', 'rare')).toMatch(
      /^opsoclonus-myoclonus-syndrome\/rarity\/[0-9a-f]{12}$/,
    );
    expect(statementId('benign-neonatal-sleep-myoclonus', 'HARM', 'harmless')).toBe(
      'benign-neonatal-sleep-myoclonus/harm/70b4d0f1ae9c',
    );
  });

  it('gives different statement ids to different claims, kinds and concepts', () => {
    const ids = [
      statementId('essential-myoclonus', 'HARM', 'not harmful'),
      statementId('essential-myoclonus', 'HARM', 'harmless'),
      statementId('essential-myoclonus', 'PROGNOSIS', 'not harmful'),
      statementId('physiological-myoclonus', 'HARM', 'not harmful'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
