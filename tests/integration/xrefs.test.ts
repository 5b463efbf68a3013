import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as loadYaml } from 'yaml';
import type { Database } from '../../src/neo4j/database';
import { PROJECT_ROOT } from '../../src/paths';
import { parseCurie } from '../../src/xref/curie';
import { createTestApi } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';

const SHARED = path.join(PROJECT_ROOT, '..', 'shared', 'data');

const BY_XREF = `query ($curie: String!) {
  conceptByXref(curie: $curie) { id name xrefs { system codes curies } }
}`;

interface ByXref {
  conceptByXref: {
    id: string;
    name: string;
    xrefs: Array<{ system: string; codes: string[]; curies: string[] }>;
  } | null;
}

describe('cross-references of the article’s concepts', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const lookup = async (curie: string) =>
    (await api.run<ByXref>(BY_XREF, { curie })).data?.conceptByXref?.id ?? null;

  it.each([
    ['DOID:1324', 'lung-cancer'],
    ['doid:1324', 'lung-cancer'],
    ['UMLS:C0027819', 'neuroblastoma'],
    ['UMLS_CUI:C0027819', 'neuroblastoma'],
    ['umls_cui:c0027819', 'neuroblastoma'],
    ['HP:0001336', 'myoclonus'],
    ['MONDO:0015247', 'opsoclonus-myoclonus-syndrome'],
    ['SNOMEDCT_US:17450006', 'myoclonus'],
    ['SCTID:17450006', 'myoclonus'],
    ['ICD10CM:C50', 'breast-cancer'],
    ['icd10cm:g40.b', 'juvenile-myoclonic-epilepsy'],
    ['MSH:D009207', 'myoclonus'],
    ['MESH:D009207', 'myoclonus'],
    ['UBERON:0001600', 'tensor-tympani'],
    ['NCI:C4686', 'opsoclonus-myoclonus-syndrome'],
  ])('conceptByXref(%s) is %s', async (curie, id) => {
    expect(await lookup(curie)).toBe(id);
  });

  it('is null for a code no concept has, and for a prefix of one', async () => {
    expect(await lookup('DOID:999999999')).toBeNull();
    expect(await lookup('DOID:132')).toBeNull();
  });

  it.each(['lung cancer', '1324', 'DOID:', `DOID:${'9'.repeat(300)}`])(
    'rejects %j with BAD_USER_INPUT',
    async (curie) => {
      const result = await api.run<ByXref>(BY_XREF, { curie });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/must be a CURIE/);
    },
  );

  it('groups a concept’s xrefs by system, deduplicating prefix variants', async () => {
    const result = await api.run<ByXref>(BY_XREF, { curie: 'DOID:4890' });
    const groups = result.data!.conceptByXref!.xrefs;
    expect(groups.map((g) => g.system).slice(0, 7)).toEqual([
      'DOID',
      'MONDO',
      'UMLS',
      'SNOMEDCT',
      'ICD10CM',
      'MESH',
      'NCIT',
    ]);
    const mesh = groups.find((g) => g.system === 'MESH')!;
    expect(mesh).toEqual({ system: 'MESH', codes: ['D020190'], curies: ['MESH:D020190'] });
    const omim = groups.find((g) => g.system === 'OMIM')!;
    expect(omim.codes).toEqual(expect.arrayContaining(['254770', '607631']));
  });

  it('keeps xrefs findable after a re-seed', async () => {
    await resetToSeed(db);
    expect(await lookup('UMLS:C0242379')).toBe('lung-cancer');
  });

  const sharedPresent = existsSync(path.join(SHARED, 'seed-concept-xrefs.tsv'));
  (sharedPresent ? it : it.skip)(
    'takes every seed xref from ../shared: the TSV, or the DO and UBERON files',
    async () => {
      const tsv = await readFile(path.join(SHARED, 'seed-concept-xrefs.tsv'), 'utf8');
      const files = await Promise.all(
        ['doid-2016-09-01.obo', 'uberon-musculoskeletal.obo'].map((f) =>
          readFile(path.join(SHARED, 'ontologies', f), 'utf8'),
        ),
      );
      // The xrefs each primary id has in the ontology files, by their `xref:` lines.
      const oboXrefs = new Map<string, Set<string>>();
      for (const text of files) {
        let current: Set<string> | null = null;
        for (const line of text.split('\n')) {
          if (line.startsWith('[')) current = null;
          else if (line.startsWith('id: ')) oboXrefs.set(line.slice(4).trim(), (current = new Set()));
          else if (line.startsWith('xref: ') && current) current.add(line.slice(6).split(' ')[0]!);
        }
      }
      const seed = loadYaml(
        await readFile(path.join(PROJECT_ROOT, 'seeds', 'cleveland-clinic-myoclonus.yaml'), 'utf8'),
      ) as {
        concepts: Array<{ id: string; name: string; xrefs?: string[] }>;
      };
      let checked = 0;
      for (const concept of seed.concepts) {
        for (const xref of concept.xrefs ?? []) {
          const row = tsv.split('\n').find((line) => line.includes(xref));
          const primary = row?.split('\t')[1];
          const fromObo = [...oboXrefs.values()].some((set) => set.has(xref));
          expect({ concept: concept.id, xref, found: Boolean(row) || fromObo }).toEqual({
            concept: concept.id,
            xref,
            found: true,
          });
          if (row) expect(parseCurie(primary!)).not.toBeNull();
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(60);
    },
  );
  if (!sharedPresent)
    console.warn(`../shared/data is absent (${SHARED}): the seed xrefs were not checked against it.`);
});
