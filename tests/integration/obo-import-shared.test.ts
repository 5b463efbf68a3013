import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src/neo4j/database';
import { importObo } from '../../src/obo/import/run';
import type { ImportReport } from '../../src/obo/import/run';
import { parseOboText } from '../../src/obo/parse/obo-reader';
import type { OboTerm } from '../../src/obo/obo.types';
import { PROJECT_ROOT } from '../../src/paths';
import { curieKeys, parseCurie } from '../../src/xref/curie';
import { createTestApi, dataOf, searchIds } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { graphChecksum, openTestDatabase, realSeedPlan, resetToSeed } from '../helpers/db';

/**
 * The real ontology files from ../shared/data/ontologies: read at test time, never copied into the project. Every
 * expected figure is counted from the file itself here, not written down.
 */
const ONTOLOGIES = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ontologies');
const SLIM = path.join(ONTOLOGIES, 'doid-cancer-slim.obo');
const DO = path.join(ONTOLOGIES, 'doid-2016-09-01.obo');
const UBERON = path.join(ONTOLOGIES, 'uberon-musculoskeletal.obo');
const present = [SLIM, DO, UBERON].every((f) => existsSync(f));
if (!present) {
  console.warn(
    `Skipping the shared-ontology import tests: ${ONTOLOGIES} is absent (it lives beside the project).`,
  );
}
const describeShared = present ? describe : describe.skip;

async function termsOf(file: string): Promise<OboTerm[]> {
  return parseOboText(await readFile(file, 'utf8'), file).stanzas.flatMap((s) =>
    s.kind === 'term' ? [s.term] : [],
  );
}

/** Lines of a kind inside [Term] stanzas, counted by a plain scan (independent of the parser). */
async function countLines(file: string, tag: string): Promise<number> {
  let inTerm = false;
  let n = 0;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.startsWith('[')) inTerm = line.startsWith('[Term]');
    else if (inTerm && line.startsWith(`${tag}:`)) n++;
  }
  return n;
}

const BY_XREF = `query ($curie: String!) { conceptByXref(curie: $curie) { id } }`;

describeShared('importing the Disease Ontology cancer slim', () => {
  let db: Database;
  let api: TestApi;
  let report: ImportReport;
  let conceptsBefore: number;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
    const [row] = await db.read<{ n: number }>('MATCH (c:Concept) RETURN count(c) AS n');
    conceptsBefore = row!.n;
    report = await importObo(db, SLIM);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('reads every term, is_a, synonym, xref and obsolete flag of the file', async () => {
    expect(report.terms).toBe(await countLines(SLIM, 'id'));
    expect(report.relationships.SUBTYPE_OF).toBe(await countLines(SLIM, 'is_a'));
    expect(report.synonyms).toBe(await countLines(SLIM, 'synonym'));
    expect(report.xrefs).toBe(await countLines(SLIM, 'xref'));
    expect(report.obsolete).toBe(await countLines(SLIM, 'is_obsolete'));
    expect(report.skipped).toEqual({});
    const [obsolete] = await db.read<{ n: number }>(
      'MATCH (c:Concept) WHERE c.obsolete RETURN count(c) AS n',
    );
    expect(obsolete?.n).toBe(report.obsolete);
  });

  it('merges the article’s cancers into their DO terms instead of adding second ones', async () => {
    const ids = new Set((await termsOf(SLIM)).map((t) => t.id));
    const plan = await realSeedPlan();
    const expected = plan.concepts
      .filter((c) => c.xrefs.some((x) => ids.has(x)))
      .map((c) => ({ term: c.xrefs.find((x) => ids.has(x))!, concept: c.id, rule: 'id' }));
    expect(expected.map((m) => m.concept).sort()).toEqual(
      ['breast-cancer', 'lung-cancer', 'neuroblastoma', 'ovarian-cancer'].sort(),
    );
    expect(report.merged.filter((m) => m.rule === 'id')).toEqual(
      expect.arrayContaining(expected.sort((a, b) => a.term.localeCompare(b.term))),
    );
    const [row] = await db.read<{ n: number }>('MATCH (c:Concept) RETURN count(c) AS n');
    expect(row?.n).toBe(conceptsBefore + report.terms - report.merged.length);
    const [lung] = await db.read<{ n: number }>(
      "MATCH (c:Concept) WHERE c.nameKey = 'lung cancer' RETURN count(c) AS n",
    );
    expect(lung?.n).toBe(1);
  });

  it('finds imported terms by a code of each system the file uses, whatever the prefix variant', async () => {
    const terms = (await termsOf(SLIM)).filter((t) => !t.isObsolete);
    const merged = new Map(report.merged.map((m) => [m.term, m.concept]));
    // For each system: a code that exactly one term of the file carries, and no article concept does.
    const owners = new Map<string, Set<string>>();
    for (const t of terms)
      for (const key of curieKeys(t.xrefs.map((x) => x.id))) {
        owners.set(key, (owners.get(key) ?? new Set()).add(t.id));
      }
    const seedKeys = new Set((await realSeedPlan()).concepts.flatMap((c) => curieKeys(c.xrefs)));
    const bySystem = new Map<string, { key: string; written: string; term: string }>();
    for (const t of terms) {
      for (const x of t.xrefs) {
        const curie = parseCurie(x.id);
        if (
          !curie ||
          bySystem.has(curie.system) ||
          owners.get(curie.key)?.size !== 1 ||
          seedKeys.has(curie.key)
        )
          continue;
        bySystem.set(curie.system, { key: curie.key, written: x.id, term: t.id });
      }
    }
    expect([...bySystem.keys()]).toEqual(
      expect.arrayContaining(['UMLS', 'NCIT', 'SNOMEDCT', 'MESH', 'ICD10CM']),
    );
    for (const { written, key, term } of bySystem.values()) {
      const expected = merged.get(term) ?? term;
      for (const variant of [written, written.toLowerCase(), key]) {
        const found = dataOf(
          await api.run<{ conceptByXref: { id: string } | null }>(BY_XREF, { curie: variant }),
        );
        expect({ variant, id: found.conceptByXref?.id }).toEqual({ variant, id: expected });
      }
    }
  });

  it('resolves an alt_id to its term', async () => {
    const withAlt = (await termsOf(SLIM)).find(
      (t) => t.altIds.length > 0 && !report.merged.some((m) => m.term === t.id),
    )!;
    const found = dataOf(
      await api.run<{ conceptByXref: { id: string } | null }>(BY_XREF, { curie: withAlt.altIds[0] }),
    );
    expect(found.conceptByXref?.id).toBe(withAlt.id);
  });

  it('changes nothing when imported again', async () => {
    const before = await graphChecksum(db);
    await importObo(db, SLIM);
    expect(await graphChecksum(db)).toEqual(before);
  });
});

describeShared('the Disease Ontology and UBERON beside the article', () => {
  let db: Database;
  let api: TestApi;
  let doReport: ImportReport;
  let uberonReport: ImportReport;
  let doTerms: Map<string, OboTerm>;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
    doReport = await importObo(db, DO);
    uberonReport = await importObo(db, UBERON);
    doTerms = new Map((await termsOf(DO)).map((t) => [t.id, t]));
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const nodeOf = (report: ImportReport, term: string) =>
    report.merged.find((m) => m.term === term)?.concept ?? term;

  it('puts juvenile myoclonic epilepsy under its DO parents, with the file as evidence', async () => {
    const jme = doTerms.get('DOID:4890')!;
    expect(jme.name).toBe('juvenile myoclonic epilepsy');
    expect(nodeOf(doReport, 'DOID:4890')).toBe('juvenile-myoclonic-epilepsy');
    const result = dataOf(
      await api.run<{
        condition: {
          parents: Array<{ node: { id: string }; evidence: Array<{ source: { id: string } }> }>;
          ancestors: Array<{ node: { id: string }; depth: number }>;
        };
      }>(
        `{ condition(id: "juvenile-myoclonic-epilepsy") {
             parents { node { id } evidence { source { id } } }
             ancestors { node { id } depth } } }`,
      ),
    );
    const parents = jme.isA.map((p) => nodeOf(doReport, p));
    expect(parents.length).toBeGreaterThan(0);
    for (const parent of parents) {
      const edge = result.condition.parents.find((e) => e.node.id === parent);
      expect(edge?.evidence.map((e) => e.source.id)).toContain(doReport.source.id);
    }
    // The DO root "disease" is among its ancestors.
    expect(result.condition.ancestors.map((a) => a.node.id)).toContain('DOID:4');
  });

  it('places tensor tympani under the middle ear and the ear through part_of', async () => {
    expect(nodeOf(uberonReport, 'UBERON:0001600')).toBe('tensor-tympani');
    const result = dataOf(
      await api.run<{ concept: { ancestors: Array<{ node: { id: string; name: string } }> } }>(
        '{ concept(id: "tensor-tympani") { ... on BodyRegion { ancestors { node { id name } } } } }',
      ),
    );
    const names = result.concept.ancestors.map((a) => a.node.name);
    expect(names).toEqual(expect.arrayContaining(['tympanic cavity', 'middle ear', 'ear']));
  });

  it('searches the article’s and the imported concepts together', async () => {
    // A DO term's exact name ranks it first; the article's own concepts are still found.
    const term = [...doTerms.values()].find((t) => !t.isObsolete && t.name === 'lung carcinoma')!;
    const search = (text: string) => searchIds(api, text);
    expect((await search(term.name!))[0]).toBe(nodeOf(doReport, term.id));
    expect((await search('opsoclonus-myoclonus syndrome'))[0]).toBe('opsoclonus-myoclonus-syndrome');
    expect((await search('epilepsy'))[0]).toBe('epilepsy');
  });

  it('finds paths from the article’s neuroblastoma into the DO hierarchy, with evidence on every hop', async () => {
    const result = dataOf(
      await api.run<{
        paths: Array<{ hops: Array<{ node: { id: string }; evidence: Array<{ source: { id: string } }> }> }>;
      }>(
        `{ paths(from: "neuroblastoma", to: "DOID:162", relationshipTypes: [SUBTYPE_OF], directed: true, maxLength: 6) {
             hops { node { id } evidence { source { id } } } } }`,
      ),
    );
    expect(result.paths.length).toBeGreaterThan(0);
    const [first] = result.paths;
    expect(first!.hops.at(-1)?.node.id).toBe('DOID:162');
    for (const hop of first!.hops) expect(hop.evidence.map((e) => e.source.id)).toContain(doReport.source.id);
  });

  it('relates the article’s lung cancer to imported cancers through the hierarchy', async () => {
    const result = dataOf(
      await api.run<{ relatedConditions: Array<{ node: { id: string }; explanation: string }> }>(
        '{ relatedConditions(id: "lung-cancer", first: 20) { node { id } explanation } }',
      ),
    );
    const imported = result.relatedConditions.filter((r) => r.node.id.startsWith('DOID:'));
    expect(imported.length).toBeGreaterThan(0);
    for (const r of imported) expect(r.explanation.length).toBeGreaterThan(0);
  });
});
