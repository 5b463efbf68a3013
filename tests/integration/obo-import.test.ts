import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { composeRelationship } from '../../src/model/layers';
import type { Database } from '../../src/neo4j/database';
import {
  conceptsRemovedAfter,
  FULLTEXT_REBUILD_MIN_TERMS,
  importFiles,
  importObo,
  prepareImports,
  writeImports,
} from '../../src/obo/import/run';
import type { ImportReport, PreparedImport } from '../../src/obo/import/run';
import { runImportCli } from '../../src/obo/import.cli';
import { ImportLockedError, withImportLock } from '../../src/obo/import/import-lock';
import { OboParseError } from '../../src/obo/obo.types';
import { schemaApplied } from '../../src/neo4j/schema';
import { PROJECT_ROOT } from '../../src/paths';
import { writeSeed } from '../../src/seed/seed.write';
import { createTestApi, dataOf, searchIds } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { clearGraph, graphChecksum, openTestDatabase, realSeedPlan, resetToSeed } from '../helpers/db';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'obo');
const SMALL = path.join(FIXTURES, 'import-small.obo');

const CONCEPT = `query ($id: ID!) {
  concept(id: $id) {
    id name synonyms description obsolete replacedBy consider
    xrefs { system codes }
    ... on Condition { parents { node { id } evidence { quote source { id title } } } }
    ... on Cancer { parents { node { id } evidence { quote source { id title } } } }
    ... on BodyRegion { partOf { node { id } evidence { quote source { id } } } parents { node { id } } }
  }
}`;

interface ConceptResult {
  concept: {
    id: string;
    name: string;
    synonyms: string[];
    description: string | null;
    obsolete: boolean;
    replacedBy: string[];
    consider: string[];
    xrefs: Array<{ system: string; codes: string[] }>;
    parents?: Array<{
      node: { id: string };
      evidence: Array<{ quote: string; source: { id: string; title: string } }>;
    }>;
    partOf?: Array<{ node: { id: string }; evidence: Array<{ quote: string; source: { id: string } }> }>;
  } | null;
}

const BY_XREF = `query ($curie: String!) { conceptByXref(curie: $curie) { id name } }`;

function cliEnv(): NodeJS.ProcessEnv {
  return {
    NEO4J_URI: process.env.NEO4J_TEST_URI,
    NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
    NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD,
    NEO4J_DATABASE: process.env.NEO4J_TEST_DATABASE ?? 'neo4j',
  };
}

async function cli(
  argv: string[],
  progressStream?: NodeJS.WriteStream,
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImportCli(argv, cliEnv(), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    progressStream,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A stand-in for a terminal (or a pipe, with isTTY false) that records what is written to it. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    write: (chunk: string) => (chunks.push(String(chunk)), true),
  } as unknown as NodeJS.WriteStream;
  return { stream, written: () => chunks.join('') };
}

/** A graph with no concepts, and the schema in place (resetToSeed applies it). */
async function resetToEmpty(db: Database): Promise<void> {
  await resetToSeed(db);
  await clearGraph(db);
}

describe('OBO import (project fixture)', () => {
  let db: Database;
  let api: TestApi;
  let report: ImportReport;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
    report = await importObo(db, SMALL);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const concept = async (id: string) => dataOf(await api.run<ConceptResult>(CONCEPT, { id })).concept;
  const byXref = async (curie: string) =>
    dataOf(await api.run<{ conceptByXref: { id: string } | null }>(BY_XREF, { curie })).conceptByXref?.id ??
    null;

  it('reports what it read, wrote, merged and skipped', () => {
    expect(report.terms).toBe(14);
    expect(report.obsolete).toBe(1);
    expect(report.synonyms).toBe(6);
    expect(report.xrefs).toBe(6);
    expect(report.altIds).toBe(1);
    expect(report.relationships).toEqual({ SUBTYPE_OF: 6, PART_OF: 5 });
    expect(report.merged).toEqual(
      expect.arrayContaining([
        { term: 'DOID:1324', concept: 'lung-cancer', rule: 'id' },
        { term: 'DOID:90002', concept: 'opsoclonus-myoclonus-syndrome', rule: 'xref' },
        { term: 'DOID:90001', concept: 'myoclonus', rule: 'name' },
        { term: 'UBERON:0001690', concept: 'ear', rule: 'name' },
        { term: 'UBERON:0001600', concept: 'tensor-tympani', rule: 'id' },
      ]),
    );
    expect(report.merged).toHaveLength(5);
    expect(report.skipped).toEqual({
      'terms with no kind for their prefix (FOO)': 1,
      'is_a to a term not in the file': 1,
      'relationships not in the model (develops_from)': 1,
      'relationships not in the model (located_in)': 1,
    });
    expect(report.source.id).toBe('importtest@2026-01-15');
  });

  it('does not create a second concept for a term the article already has', async () => {
    const [row] = await db.read<{ n: number }>(
      "MATCH (c:Concept) WHERE c.nameKey IN ['lung cancer', 'tensor tympani', 'ear', 'myoclonus'] RETURN count(c) AS n",
    );
    expect(row?.n).toBe(4);
    const [gone] = await db.read<{ n: number }>(
      "MATCH (c:Concept) WHERE c.id IN ['DOID:1324', 'UBERON:0001600', 'UBERON:0001690', 'DOID:90001', 'DOID:90002'] RETURN count(c) AS n",
    );
    expect(gone?.n).toBe(0);
  });

  it('keeps the article’s name and text on a merged concept and adds the ontology’s synonyms, codes and evidence', async () => {
    const plan = await realSeedPlan();
    const seeded = plan.concepts.find((c) => c.id === 'lung-cancer')!;
    const lung = (await concept('lung-cancer'))!;
    expect(lung.name).toBe(seeded.name);
    expect(lung.description).toBe(seeded.description ?? null);
    expect(lung.synonyms).toEqual([...(seeded.synonyms ?? []), 'lung neoplasm']);
    expect(lung.xrefs.find((g) => g.system === 'DOID')?.codes).toContain('1324');
    const [row] = await db.read<{ sources: string[] }>(
      "MATCH (c:Concept {id: 'lung-cancer'}) RETURN c.evidenceSources AS sources",
    );
    expect(row?.sources).toEqual(expect.arrayContaining(['cleveland-clinic-myoclonus', report.source.id]));
  });

  it('makes cancers of the descendants of the cancer root, with is_a as SUBTYPE_OF carrying the file’s lines as evidence', async () => {
    const [labels] = await db.read<{ cancer: boolean; disease: boolean }>(
      "MATCH (a:Concept {id: 'DOID:3905'}), (b:Concept {id: 'DOID:4'}) RETURN a:Cancer AS cancer, b:Cancer AS disease",
    );
    expect(labels).toEqual({ cancer: true, disease: false });
    const carcinoma = (await concept('DOID:3905'))!;
    expect(carcinoma.name).toBe('lung carcinoma');
    expect(carcinoma.description).toBe('A lung cancer that derives from epithelial cells.');
    expect(carcinoma.synonyms).toEqual(['carcinoma of lung', 'pulmonary carcinoma']);
    expect(carcinoma.parents).toEqual([
      {
        node: { id: 'lung-cancer' },
        evidence: [
          {
            quote: 'id: DOID:3905 ! lung carcinoma; is_a: DOID:1324 ! lung cancer',
            source: { id: report.source.id, title: report.source.title },
          },
        ],
      },
    ]);
  });

  it('places the article’s body regions in the anatomy: tensor tympani is part of the tympanic cavity, part of the middle ear', async () => {
    const tensor = (await concept('tensor-tympani'))!;
    expect(tensor.partOf?.map((e) => e.node.id)).toEqual(expect.arrayContaining(['UBERON:0004114', 'ear']));
    expect(tensor.parents?.map((e) => e.node.id)).toEqual(['UBERON:0002376']);
    const [row] = await db.read<{ ids: string[] }>(
      `MATCH p = (:Concept {id: 'tensor-tympani'})-[:PART_OF*]->(:Concept {id: 'ear'})
       RETURN [n IN nodes(p) | n.id] AS ids ORDER BY length(p) DESC LIMIT 1`,
    );
    expect(row?.ids).toEqual(['tensor-tympani', 'UBERON:0004114', 'UBERON:0001756', 'ear']);
  });

  it('resolves a term by its alt_id and by each cross-reference system, prefix variants included', async () => {
    expect(await byXref('DOID:9999')).toBe('DOID:3905');
    expect(await byXref('doid:3905')).toBe('DOID:3905');
    expect(await byXref('MSH:D008175')).toBe('DOID:3905');
    expect(await byXref('NCIT:C4878')).toBe('DOID:3905');
    expect(await byXref('SCTID:187875007')).toBe('DOID:3905');
    expect(await byXref('ICD10CM:C34.90')).toBe('DOID:3905');
    expect(await byXref('DOID:1324')).toBe('lung-cancer');
    expect(await byXref('UMLS:C0242379')).toBe('lung-cancer');
  });

  it('keeps obsolete terms, flagged with their replacements, out of conditions and search', async () => {
    const old = (await concept('DOID:90003'))!;
    expect(old).toMatchObject({ obsolete: true, replacedBy: ['DOID:3905'], consider: ['DOID:1324'] });
    const conditions = dataOf(
      await api.run<{ conditions: { edges: Array<{ node: { id: string } }> } }>(
        '{ conditions(first: 100, filter: { name: "obsolete old" }) { edges { node { id } } } }',
      ),
    );
    expect(conditions.conditions.edges).toEqual([]);
    const search = dataOf(
      await api.run<{ search: { edges: Array<{ node: { id: string } }> } }>(
        '{ search(text: "obsolete old lung disease") { edges { node { id } } } }',
      ),
    );
    expect(search.search.edges.map((e) => e.node.id)).not.toContain('DOID:90003');
    const [rels] = await db.read<{ n: number }>(
      "MATCH (:Concept {id: 'DOID:90003'})-[r]-() RETURN count(r) AS n",
    );
    expect(rels?.n).toBe(0);
  });

  it('finds imported terms by search, with the synonym that matched', async () => {
    const search = dataOf(
      await api.run<{ search: { edges: Array<{ node: { id: string }; matched: string }> } }>(
        '{ search(text: "carcinoma of lung") { edges { node { id } matched } } }',
      ),
    );
    expect(search.search.edges[0]).toEqual({ node: { id: 'DOID:3905' }, matched: 'carcinoma of lung' });
  });

  it('changes nothing when the same file is imported again, and keeps the ontology layer through a re-seed', async () => {
    const before = await graphChecksum(db);
    const again = await importObo(db, SMALL);
    expect(again.changes.nodesCreated).toBe(0);
    expect(again.changes.relationshipsCreated).toBe(0);
    expect(await graphChecksum(db)).toEqual(before);
    await writeSeed(db, await realSeedPlan());
    expect(await graphChecksum(db)).toEqual(before);
  });
});

describe('OBO import with the full-text indexes dropped and built again', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const search = (text: string) => searchIds(api, text);

  it('writes the same graph as with the indexes kept, and search and conceptByXref work as soon as it returns', async () => {
    await resetToSeed(db);
    await importObo(db, SMALL, { rebuildFulltext: 'never' });
    const kept = await graphChecksum(db);

    await resetToSeed(db);
    const report = await importObo(db, SMALL, { rebuildFulltext: 'always' });
    expect(report.millis.fulltext).toBeGreaterThan(0);
    expect(await graphChecksum(db)).toEqual(kept);
    expect(await schemaApplied(db)).toBe(true);
    expect(await search('carcinoma of lung')).toContain('DOID:3905');
    const byXref = dataOf(
      await api.run<{ conceptByXref: { id: string } | null }>(BY_XREF, { curie: 'DOID:9999' }),
    );
    expect(byXref.conceptByXref?.id).toBe('DOID:3905');
  });

  it('builds the indexes again when a write fails', async () => {
    const [prepared] = await prepareImports(db, [SMALL]);
    const failing: PreparedImport = {
      ...prepared!,
      writeTerms: () => Promise.reject(new Error('the database went away')),
    };
    await expect(writeImports(db, [failing], { rebuildFulltext: 'always' })).rejects.toThrow(
      'the database went away',
    );
    expect(await schemaApplied(db)).toBe(true);
    expect(await search('carcinoma of lung')).toContain('DOID:3905');
  });

  it('keeps the indexes for a small import', async () => {
    const report = await importObo(db, SMALL);
    expect(report.millis.fulltext).toBe(0);
  });

  it('drops them by itself only for a big import into an empty graph, which no one can be searching', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'obo-big-'));
    try {
      const file = path.join(dir, 'big.obo');
      const terms = Array.from(
        { length: FULLTEXT_REBUILD_MIN_TERMS },
        (_, i) => `[Term]\nid: DOID:${8000000 + i}\nname: generated test disease ${i}\n`,
      );
      await writeFile(file, `format-version: 1.2\nontology: bigtest\n\n${terms.join('\n')}`);
      await resetToSeed(db);
      expect((await importObo(db, file)).millis.fulltext).toBe(0);
      await clearGraph(db);
      expect((await importObo(db, file)).millis.fulltext).toBeGreaterThan(0);
      expect(await schemaApplied(db)).toBe(true);
      expect(await search('generated test disease 1999')).toContain('DOID:8001999');
    } finally {
      await resetToSeed(db);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('OBO import: terms the graph does not hold are created, not merged', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = openTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'obo-create-'));
  });

  afterAll(async () => {
    await resetToSeed(db);
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  const emptyGraph = () => resetToEmpty(db);

  it.each([
    ['the seeded graph', resetToSeed],
    ['an empty graph', emptyGraph],
  ])('writes the same graph as merging everything, into %s', async (_name, reset) => {
    await reset(db);
    const merged = await importObo(db, SMALL, { createNew: false });
    const mergedGraph = await graphChecksum(db);

    await reset(db);
    const created = await importObo(db, SMALL);
    expect(await graphChecksum(db)).toEqual(mergedGraph);
    expect(created.changes.nodesCreated).toBe(merged.changes.nodesCreated);
    expect(created.changes.relationshipsCreated).toBe(merged.changes.relationshipsCreated);
    expect(created.changes.relationshipsCreated).toBeGreaterThan(0);
  });

  it('creates one relationship for a link a term states twice', async () => {
    await resetToSeed(db);
    const file = path.join(dir, 'twice.obo');
    await writeFile(
      file,
      [
        'format-version: 1.2',
        'ontology: twicetest',
        '',
        '[Term]',
        'id: DOID:7000001',
        'name: parent test disease',
        '',
        '[Term]',
        'id: DOID:7000002',
        'name: child test disease',
        'is_a: DOID:7000001 ! parent test disease',
        'is_a: DOID:7000001 ! parent test disease',
        '',
      ].join('\n'),
    );
    await importObo(db, file);
    const [row] = await db.read<{ links: number }>(
      "MATCH (:Concept {id: 'DOID:7000002'})-[r:SUBTYPE_OF]->(:Concept {id: 'DOID:7000001'}) RETURN count(r) AS links",
    );
    expect(row?.links).toBe(1);
    const again = await importObo(db, file);
    expect(again.changes.relationshipsCreated).toBe(0);
  });

  it('writes one relationship for a link that two files of one run state', async () => {
    await resetToSeed(db);
    // Many links between few terms, written a row per transaction: the first file's relationships are still being
    // created when the second file's begin, and the second file states them in the opposite order.
    const stanzas: string[] = [];
    for (let i = 0; i < 30; i++) {
      const links = Array.from(
        { length: i },
        (_, j) => `is_a: DOID:${7100000 + j} ! linked test disease ${j}`,
      );
      stanzas.push(
        ['[Term]', `id: DOID:${7100000 + i}`, `name: linked test disease ${i}`, ...links, ''].join('\n'),
      );
    }
    const header = 'format-version: 1.2\nontology: linkstest\n\n';
    const first = path.join(dir, 'links.obo');
    const second = path.join(dir, 'links-reversed.obo');
    await writeFile(first, header + stanzas.join('\n'));
    await writeFile(second, header + [...stanzas].reverse().join('\n'));
    await writeImports(db, await prepareImports(db, [first, second], { batchSize: 1 }));
    const [row] = await db.read<{ pairs: number; duplicated: number }>(
      `MATCH (a:Concept)-[r:SUBTYPE_OF]->(b:Concept) WHERE a.id STARTS WITH 'DOID:71'
       WITH a, b, count(r) AS n
       RETURN count(*) AS pairs, sum(CASE WHEN n > 1 THEN 1 ELSE 0 END) AS duplicated`,
    );
    expect(row).toEqual({ pairs: (30 * 29) / 2, duplicated: 0 });
  });

  it('merges a batch whose node another writer created after the import looked', async () => {
    await resetToSeed(db);
    await importObo(db, SMALL, { createNew: false });
    const expected = await graphChecksum(db);

    await resetToSeed(db);
    const [prepared] = await prepareImports(db, [SMALL], { batchSize: 1 });
    const late = prepared!.ownNodeIds().at(-1)!;
    const racing: PreparedImport = {
      ...prepared!,
      writeTerms: async (target, run) => {
        expect(run.existing.has(late)).toBe(false);
        await target.write("CREATE (:Concept {id: $id, name: 'written by someone else'})", { id: late });
        return prepared!.writeTerms(target, run);
      },
    };
    await writeImports(db, [racing]);
    expect(await graphChecksum(db)).toEqual(expected);
  });
});

describe('OBO import: one at a time', () => {
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
  });

  afterAll(async () => {
    await resetToSeed(db);
    await db.close();
  });

  it('refuses a second import while one is writing, with nothing written, and takes it once the first has ended', async () => {
    await resetToSeed(db);
    const before = await graphChecksum(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = withImportLock(db, async () => {
      entered();
      await held;
    });
    await inside;

    await expect(importObo(db, SMALL)).rejects.toThrow(ImportLockedError);
    await expect(importObo(db, SMALL)).rejects.toThrow(
      /another import has been writing to this graph since \d{4}-/,
    );
    const run = await cli([SMALL, '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/another import has been writing[\s\S]*Nothing was written/);
    expect(await graphChecksum(db)).toEqual(before);

    release();
    await first;
    const report = await importObo(db, SMALL);
    expect(report.changes.nodesCreated).toBeGreaterThan(0);
  });

  it('takes over the lock of an import that was killed, once its lease has lapsed', async () => {
    await resetToSeed(db);
    await db.write(
      `MERGE (l:ImportLock {id: 'obo-import'})
       SET l.holder = 'killed', l.since = timestamp() - 120000, l.expires = timestamp() - 60000`,
    );
    const report = await importObo(db, SMALL);
    expect(report.changes.nodesCreated).toBeGreaterThan(0);
    const [row] = await db.read<{ holder: string | null }>(
      "MATCH (l:ImportLock {id: 'obo-import'}) RETURN l.holder AS holder",
    );
    expect(row?.holder).toBeNull();
  });

  it('keeps the lock of an import whose lease has not lapsed', async () => {
    await resetToSeed(db);
    await db.write(
      `MERGE (l:ImportLock {id: 'obo-import'})
       SET l.holder = 'running', l.since = timestamp(), l.expires = timestamp() + 60000`,
    );
    await expect(importObo(db, SMALL)).rejects.toThrow(ImportLockedError);
    await db.write("MATCH (l:ImportLock {id: 'obo-import'}) SET l.holder = null, l.expires = null");
  });
});

describe('OBO import: round trips beside the scan', () => {
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
  });

  afterAll(async () => {
    await resetToSeed(db);
    await db.close();
  });

  it('merges the terms read before the article’s concepts arrived as it merges the others', async () => {
    const [expected] = await prepareImports(db, [SMALL]);
    // The article's concepts arrive only once the whole file has been scanned: every term waits for them.
    let scanned!: () => void;
    const scanDone = new Promise<void>((resolve) => (scanned = resolve));
    let delayed = 0;
    const slow = Object.create(db) as Database;
    slow.read = (async (cypher: string, params?: Record<string, unknown>) => {
      if (cypher.includes('c.seed = true')) {
        delayed++;
        await scanDone;
      }
      return db.read(cypher, params);
    }) as Database['read'];
    const [late] = await prepareImports(slow, [SMALL], {
      onProgress: (p) => {
        if (p.phase === 'scan' && p.total > 0 && p.done === p.total) scanned();
      },
    });
    expect(delayed).toBe(1);
    expect(late!.report().merged).toHaveLength(5);
    expect(late!.report().merged).toEqual(expected!.report().merged);
    expect(late!.report().skipped).toEqual(expected!.report().skipped);
  });

  it('gives the lock back when a file turns out bad while the lock was taken beside its scan', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'obo-lock-'));
    try {
      const bad = path.join(dir, 'bad.obo');
      await writeFile(bad, `${await readFile(SMALL, 'utf8')}\n[Term]\nid: DOID:3905\nname: again\n`);
      const before = await graphChecksum(db);
      await expect(importObo(db, bad)).rejects.toThrow(/duplicate term id DOID:3905/);
      expect(await graphChecksum(db)).toEqual(before);
      const locks = await db.read<{ holder: string | null }>(
        "MATCH (l:ImportLock {id: 'obo-import'}) RETURN l.holder AS holder",
      );
      expect(locks.every((l) => l.holder === null)).toBe(true);
      const report = await importObo(db, SMALL);
      expect(report.changes.nodesCreated).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('OBO import: bad input changes nothing', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    await importObo(db, SMALL);
    dir = await mkdtemp(path.join(os.tmpdir(), 'obo-import-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  const variant = async (name: string, edit: (text: string) => string) => {
    const file = path.join(dir, name);
    await writeFile(file, edit(await readFile(SMALL, 'utf8')));
    return file;
  };

  it.each([
    [
      'a truncated file',
      'truncated.obo',
      (t: string) => t.slice(0, t.indexOf('name: lung carcinoma') + 12),
      /line \d+/,
    ],
    [
      'an unterminated definition',
      'unterminated.obo',
      (t: string) => t.replace('"A lung cancer that derives from epithelial cells."', '"A lung cancer that'),
      /line 28\b/,
    ],
    [
      'a duplicate term id',
      'duplicate.obo',
      (t: string) => `${t}\n[Term]\nid: DOID:3905\nname: again\n`,
      /duplicate term id DOID:3905 \(first defined at line 24\)/,
    ],
  ])('refuses %s with its line, leaving the graph as it was', async (_what, name, edit, message) => {
    const file = await variant(name, edit);
    const before = await graphChecksum(db);
    await expect(importObo(db, file)).rejects.toThrow(OboParseError);
    await expect(importObo(db, file)).rejects.toThrow(message);
    expect(await graphChecksum(db)).toEqual(before);

    const run = await cli([file, '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(message);
    expect(run.err).toContain('Nothing was written.');
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('writes nothing from any file when one of several is bad, the good one first', async () => {
    const bad = await variant('bad-second.obo', (t) => `${t}\n[Term]\nid: DOID:3905\nname: again\n`);
    const fresh = await variant('fresh-first.obo', (t) =>
      t.replace(/DOID:(\d+)/g, 'DOID:7$1').replace('ontology: importtest', 'ontology: importtest-fresh'),
    );
    const before = await graphChecksum(db);
    const run = await cli([fresh, bad, '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/duplicate term id DOID:3905/);
    expect(run.err).toContain('Nothing was written.');
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('checks the files while Neo4j connects: with no Neo4j to reach, a bad file is named, a good one gets the connection error, and nothing is written', async () => {
    // A port nothing listens on: connecting fails while the file is being checked.
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const env = { ...cliEnv(), NEO4J_URI: `bolt://127.0.0.1:${closed}` };
    const run = async (argv: string[]) => {
      const lines: string[] = [];
      const code = await runImportCli(argv, env, { out: () => undefined, err: (l) => lines.push(l) });
      return { code, err: lines.join('\n') };
    };
    const bad = await variant('bad-unreachable.obo', (t) => `${t}\n[Term]\nid: DOID:3905\nname: again\n`);
    const before = await graphChecksum(db);

    const refused = await run([bad, '--no-progress']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/duplicate term id DOID:3905/);
    expect(refused.err).toContain('Nothing was written.');

    const unreachable = await run([SMALL, '--no-progress']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/^Import failed: /);
    expect(unreachable.err).toContain(String(closed));
    expect(unreachable.err).toContain('Nothing was written.');
    expect(unreachable.err).not.toContain('batches written');
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('refuses a missing file and bad options with a message naming them', async () => {
    expect((await cli([path.join(dir, 'nope.obo')])).err).toMatch(/nope\.obo: no such file/);
    const kind = await cli([SMALL, '--kind', 'Planet']);
    expect(kind.code).toBe(2);
    expect(kind.err).toMatch(/--kind must be one of .*Planet/);
    const batch = await cli([SMALL, '--batch-size', '0']);
    expect(batch.code).toBe(2);
    expect(batch.err).toMatch(/--batch-size/);
    expect((await cli([])).code).toBe(2);
  });

  it('shows a progress bar on a terminal, and none on a pipe', async () => {
    const terminal = fakeStream(true);
    expect((await cli([SMALL], terminal.stream)).code).toBe(0);
    expect(terminal.written()).toMatch(/terms\s+\[[█░]+\] 13\/13/);
    expect(terminal.written()).toMatch(/relationships \[[█░]+\] 11\/11/);
    const pipe = fakeStream(false);
    expect((await cli([SMALL], pipe.stream)).code).toBe(0);
    expect(pipe.written()).toBe('');
  });

  it('prints the summary counts from the command line, and a dry run writes nothing', async () => {
    const before = await graphChecksum(db);
    const dry = await cli([SMALL, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/terms\s+14 /);
    expect(await graphChecksum(db)).toEqual(before);

    const run = await cli([SMALL, '--no-progress']);
    expect(run.code).toBe(0);
    for (const line of [
      /terms\s+14 \(/,
      /relationships\s+11 /,
      /synonyms\s+6/,
      /xrefs\s+6/,
      /merged\s+5:/,
      /skipped\s+4:/,
    ]) {
      expect(run.out).toMatch(line);
    }
    expect(run.out).toMatch(/0 nodes and 0 relationships created/);
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('rebuilds the full-text indexes when asked with --rebuild-indexes, and leaves them built', async () => {
    const run = await cli([SMALL, '--no-progress', '--rebuild-indexes']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/full-text indexes rebuilt \d+\.\d\d s/);
    expect(await schemaApplied(db)).toBe(true);
    const kept = await cli([SMALL, '--no-progress', '--no-rebuild-indexes']);
    expect(kept.out).not.toMatch(/full-text indexes rebuilt/);
  });
});

describe('OBO import: a new release of an ontology', () => {
  let db: Database;
  let dir: string;
  let v1: string;
  let v2: string;

  // Release 2 of the fixture no longer states two of release 1's relationships: "muscle of head" part_of "head" (two
  // nodes of the ontology's own) and "lung carcinoma" is_a "lung cancer" (which the test gives an article layer too).
  beforeAll(async () => {
    db = openTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'obo-release-'));
    const text = await readFile(SMALL, 'utf8');
    const release = (date: string) =>
      text.replace(/^data-version: .*$/m, `data-version: test/releases/${date}`);
    v1 = path.join(dir, 'release-1.obo');
    v2 = path.join(dir, 'release-2.obo');
    await writeFile(v1, release('2020-01-01'));
    const dropped = release('2021-01-01')
      .replace(
        'name: muscle of head\nrelationship: part_of UBERON:0000033 ! head\n',
        'name: muscle of head\n',
      )
      .replace('is_a: DOID:1324 ! lung cancer\n', '');
    expect(dropped.split('\n').length).toBe(release('2021-01-01').split('\n').length - 2);
    await writeFile(v2, dropped);
  });

  afterAll(async () => {
    await resetToSeed(db);
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  const relationship = async (from: string, type: 'SUBTYPE_OF' | 'PART_OF', to: string) => {
    const rows = await db.read<{ props: Record<string, unknown> }>(
      type === 'SUBTYPE_OF'
        ? 'MATCH (:Concept {id: $from})-[r:SUBTYPE_OF]->(:Concept {id: $to}) RETURN properties(r) AS props'
        : 'MATCH (:Concept {id: $from})-[r:PART_OF]->(:Concept {id: $to}) RETURN properties(r) AS props',
      { from, to },
    );
    return rows.map((row) => row.props);
  };
  const seededRelationships = async () =>
    (await db.read<{ n: number }>('MATCH ()-[r]->() WHERE r.seed = true RETURN count(r) AS n'))[0]!.n;

  it('retires what the new release no longer states, keeps the article’s layer, and changes nothing when run again', async () => {
    await resetToSeed(db);
    const first = await importObo(db, v1);
    expect(first.source.id).toBe('importtest@2020-01-01');
    expect(first.changes.relationshipsRetired).toBe(0);
    expect(await relationship('UBERON:0002376', 'PART_OF', 'UBERON:0000033')).toHaveLength(1);
    // The article states "lung carcinoma is a lung cancer" too (a seed layer beside the ontology's).
    await db.write(
      `MATCH (:Concept {id: 'DOID:3905'})-[r:SUBTYPE_OF]->(:Concept {id: 'lung-cancer'})
       SET r.seed = true, r.seedEvidenceSources = ['test-article'], r.seedEvidenceQuotes = ['Lung carcinoma is a lung cancer.']
       ${composeRelationship('r')}`,
    );
    expect((await relationship('DOID:3905', 'SUBTYPE_OF', 'lung-cancer'))[0]).toMatchObject({
      evidenceSources: ['test-article', 'importtest@2020-01-01'],
    });
    const seeded = await seededRelationships();

    const second = await importObo(db, v2);
    expect(second.source.id).toBe('importtest@2021-01-01');
    expect(second.changes.relationshipsRetired).toBe(2);
    expect(await relationship('UBERON:0002376', 'PART_OF', 'UBERON:0000033')).toEqual([]);
    const kept = await relationship('DOID:3905', 'SUBTYPE_OF', 'lung-cancer');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      evidenceSources: ['test-article'],
      evidenceQuotes: ['Lung carcinoma is a lung cancer.'],
    });
    expect(kept[0]).not.toHaveProperty('ontologySource');
    // What release 2 still states now cites release 2; the article's own relationships are all still there.
    expect((await relationship('UBERON:0001756', 'PART_OF', 'ear'))[0]).toMatchObject({
      ontologySource: 'importtest@2021-01-01',
      evidenceSources: ['importtest@2021-01-01'],
    });
    expect(await seededRelationships()).toBe(seeded);

    const before = await graphChecksum(db);
    const again = await importObo(db, v2);
    expect(again.changes.relationshipsRetired).toBe(0);
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('leaves the relationships of other ontologies alone', async () => {
    await resetToSeed(db);
    await importObo(db, v1);
    const other = path.join(dir, 'other.obo');
    // Release 2's terms under another ontology's name: it does not state "muscle of head" part_of "head" either, but
    // it is not a release of the ontology that did.
    await writeFile(other, (await readFile(v2, 'utf8')).replace(/^ontology: .*$/m, 'ontology: anothertest'));
    const report = await importObo(db, other);
    expect(report.source.id).toBe('anothertest@2021-01-01');
    expect(report.changes.relationshipsRetired).toBe(0);
    expect(await relationship('UBERON:0002376', 'PART_OF', 'UBERON:0000033')).toHaveLength(1);
  });

  it('reports what it retired from the command line', async () => {
    await resetToSeed(db);
    expect((await cli([v1, '--no-progress'])).code).toBe(0);
    const run = await cli([v2, '--no-progress']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/; 2 relationships of an earlier release that this one no longer states retired/);
  });
});

describe('OBO import into an empty graph: terms written while the files are read', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = openTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'obo-early-'));
  });

  afterAll(async () => {
    await resetToSeed(db);
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  const emptyGraph = () => resetToEmpty(db);
  const concepts = async () => (await db.read<{ n: number }>('MATCH (c:Concept) RETURN count(c) AS n'))[0]!.n;
  /** The fixture with a duplicate id at its end: the scan fails after batches of one term were written. */
  const badAtTheEnd = async () => {
    const file = path.join(dir, 'bad-at-the-end.obo');
    await writeFile(file, `${await readFile(SMALL, 'utf8')}\n[Term]\nid: DOID:3905\nname: again\n`);
    return file;
  };

  it('writes during the scan, into the same graph as merging everything, cancers labelled once the hierarchy is known', async () => {
    await emptyGraph();
    const mergedReport = await importObo(db, SMALL, { createNew: false });
    const merged = await graphChecksum(db);

    await emptyGraph();
    // Batches of one: every term is written before the scan ends, lung carcinoma before its cancer ancestry is read
    // whole.
    const report = await importObo(db, SMALL, { batchSize: 1 });
    expect(await graphChecksum(db)).toEqual(merged);
    expect(report.changes.nodesCreated).toBe(mergedReport.changes.nodesCreated);
    const [cancers] = await db.read<{ ids: string[] }>('MATCH (c:Cancer) RETURN collect(c.id) AS ids');
    expect([...cancers!.ids].sort()).toEqual(['DOID:1324', 'DOID:162', 'DOID:3905']);
  });

  it('deletes what it wrote when the file turns out bad, leaving the graph empty and the indexes built', async () => {
    await emptyGraph();
    const before = await graphChecksum(db);
    const bad = await badAtTheEnd();
    // The indexes dropped for the writes: with 'auto', the first write would wait for 2,000 terms.
    const failure: unknown = await importObo(db, bad, { batchSize: 1, rebuildFulltext: 'always' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OboParseError);
    expect((failure as Error).message).toMatch(/duplicate term id DOID:3905/);
    expect(conceptsRemovedAfter(failure)).toBeGreaterThan(10);
    expect(await graphChecksum(db)).toEqual(before);
    expect(await schemaApplied(db)).toBe(true);

    const run = await cli([bad, '--no-progress', '--batch-size', '1', '--no-rebuild-indexes']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/duplicate term id DOID:3905/);
    expect(run.err).toMatch(
      /The [1-9]\d* concepts written while the files were read were deleted again: the graph is as it was\./,
    );
    expect(await graphChecksum(db)).toEqual(before);
    // The lock is free: the next import runs.
    expect((await importObo(db, SMALL)).changes.nodesCreated).toBeGreaterThan(0);
  });

  it('deletes the first file’s terms too when the second file is bad', async () => {
    await emptyGraph();
    const before = await graphChecksum(db);
    const fresh = path.join(dir, 'fresh.obo');
    await writeFile(
      fresh,
      (await readFile(SMALL, 'utf8'))
        .replace(/DOID:(\d+)/g, 'DOID:7$1')
        .replace('ontology: importtest', 'ontology: importtest-fresh'),
    );
    const bad = await badAtTheEnd();
    const run = await cli([fresh, bad, '--no-progress', '--batch-size', '1', '--no-rebuild-indexes']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/duplicate term id DOID:3905/);
    expect(run.err).toMatch(/The [1-9]\d* concepts written while the files were read were deleted again/);
    expect(await graphChecksum(db)).toEqual(before);
    expect(await concepts()).toBe(0);
  });

  it('leaves a term that an earlier file of the run has to the terms’ pass, which merges it as writeImports does', async () => {
    const second = path.join(dir, 'second.obo');
    // The fixture again under another ontology's name, with one more term: every other term is the first file's.
    await writeFile(
      second,
      `${(await readFile(SMALL, 'utf8')).replace('ontology: importtest', 'ontology: importtest-again')}\n` +
        '[Term]\nid: DOID:7000009\nname: one more test disease\nis_a: DOID:4 ! disease\n',
    );
    await emptyGraph();
    const written = await writeImports(db, await prepareImports(db, [SMALL, second]));
    const expected = await graphChecksum(db);

    await emptyGraph();
    const reports = await importFiles(db, [SMALL, second], { batchSize: 1, rebuildFulltext: 'never' });
    expect(await graphChecksum(db)).toEqual(expected);
    const created = (r: ImportReport[]) =>
      r.map((report) => [report.changes.nodesCreated, report.changes.relationshipsCreated]);
    expect(created(reports)).toEqual(created(written));
    // The second file creates its one new term and its Source.
    expect(reports[1]!.changes.nodesCreated).toBe(2);
  });
});

describe('OBO import: a file with recoverable defects imports with warnings', () => {
  const RECOVERABLE = path.join(FIXTURES, 'recoverable.obo');
  const NAMELESS =
    `${RECOVERABLE}: line 8: [Term] HP:0006872 has no name: line and is not marked is_obsolete: true` +
    ': imported with its id as its name';
  const UNKNOWN_TAG = `${RECOVERABLE}: line 17: unknown tag made_up_tag: in [Term] HP:0000118: ignored`;
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
  });

  afterAll(async () => {
    await resetToSeed(db);
    await db.close();
  });

  it('refuses the file under --strict, as before, leaving the graph as it was', async () => {
    const before = await graphChecksum(db);
    await expect(importObo(db, RECOVERABLE, { strict: true })).rejects.toThrow(OboParseError);
    await expect(importObo(db, RECOVERABLE, { strict: true })).rejects.toThrow(
      `${RECOVERABLE}: line 8: [Term] HP:0006872 has no name: line and is not marked is_obsolete: true`,
    );
    expect(await graphChecksum(db)).toEqual(before);

    const run = await cli([RECOVERABLE, '--strict', '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/line 8: \[Term\] HP:0006872 has no name/);
    expect(run.err).toContain('Nothing was written.');
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('imports a nameless term with its id as its name, and reports each warning with its file and line', async () => {
    const report = await importObo(db, RECOVERABLE);
    expect(report.warnings).toEqual({ total: 2, first: [NAMELESS, UNKNOWN_TAG] });
    expect(report.written).toEqual({ Condition: 3 });
    const rows = await db.read<{ name: string }>('MATCH (c:Concept {id: $id}) RETURN c.name AS name', {
      id: 'HP:0006872',
    });
    expect(rows).toEqual([{ name: 'HP:0006872' }]);
    const parents = await db.read<{ id: string }>(
      'MATCH (:Concept {id: $id})-[:SUBTYPE_OF]->(p:Concept) RETURN p.id AS id',
      { id: 'HP:0006872' },
    );
    expect(parents).toEqual([{ id: 'HP:0000001' }]);

    const run = await cli([RECOVERABLE, '--no-progress']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/warnings\s+2:/);
    expect(run.out).toContain(NAMELESS);
    expect(run.out).toContain(UNKNOWN_TAG);
  });
});

describe('OBO import: relationships named by their RO or BFO id', () => {
  const BY_ID = path.join(FIXTURES, 'relation-ids.obo');
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    dir = await mkdtemp(path.join(os.tmpdir(), 'obo-relation-ids-'));
  });

  afterAll(async () => {
    await resetToSeed(db);
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  it('reads a known relation id as its name: the same report as the file with the names, and no warning', async () => {
    const byName = path.join(dir, 'relation-names.obo');
    const text = await readFile(BY_ID, 'utf8');
    await writeFile(
      byName,
      text
        .replace('BFO:0000050', 'part_of')
        .replace('RO:0002202', 'develops_from')
        .replace('BFO:0000051', 'has_part'),
    );
    const [ids, names] = await Promise.all([
      importObo(null, BY_ID, { dryRun: true }),
      importObo(null, byName, { dryRun: true }),
    ]);
    expect(ids.relationships).toEqual({ PART_OF: 1 });
    expect(ids.skipped).toEqual({
      'relationships not in the model (develops_from)': 1,
      'relationships not in the model (has_part)': 1,
      'relationships not in the model (RO:9999999)': 1,
    });
    expect(ids.relationships).toEqual(names.relationships);
    expect(ids.skipped).toEqual(names.skipped);
    expect(ids.warnings).toEqual({ total: 0, first: [] });
  });

  it('writes BFO:0000050 between body regions as PART_OF, quoting it as part_of', async () => {
    await importObo(db, BY_ID);
    const rows = await db.read<{ quotes: string[] }>(
      'MATCH (:Concept {id: $from})-[r:PART_OF]->(:Concept {id: $to}) RETURN r.evidenceQuotes AS quotes',
      { from: 'UBERON:9900002', to: 'UBERON:9900001' },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.quotes.join(' ')).toContain('relationship: part_of UBERON:9900001');
  });
});

describe('OBO import: terms of ontologies without a kind', () => {
  const FOREIGN = path.join(FIXTURES, 'foreign-prefixes.obo');
  const MESSAGE =
    /foreign-prefixes\.obo: none of its 3 terms has a kind for its prefix \(GO 2, CL 1\).*--kind <Condition\|/;
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToEmpty(db);
  });

  afterAll(async () => {
    await resetToSeed(db);
    await db.close();
  });

  it('counts them by prefix and skips them beside terms that have one', async () => {
    const mixed = await importObo(null, SMALL, { dryRun: true });
    expect(mixed.skipped['terms with no kind for their prefix (FOO)']).toBe(1);
    expect(mixed.terms - Object.values(mixed.written).reduce((a, b) => a + b, 0)).toBe(1);
    const all = await importObo(null, FOREIGN, { dryRun: true, kind: 'BodyRegion' });
    expect(all.written).toEqual({ BodyRegion: 3 });
  });

  it('refuses a file that would import nothing, writing nothing (no Source node), and names --kind', async () => {
    const before = await graphChecksum(db);
    await expect(importObo(db, FOREIGN)).rejects.toThrow(MESSAGE);
    expect(await graphChecksum(db)).toEqual(before);
    expect(await db.read('MATCH (s:Source) RETURN s.id AS id')).toEqual([]);

    const run = await cli([FOREIGN, '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(MESSAGE);
    expect(run.err).toContain('Nothing was written.');
    expect(await graphChecksum(db)).toEqual(before);
  });
});
