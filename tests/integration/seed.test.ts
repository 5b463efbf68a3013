import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/neo4j/database';
import { applySchema, schemaApplied } from '../../src/neo4j/schema';
import { loadSeeds, SeedValidationError } from '../../src/seed/seed.load';
import { runSeedCli } from '../../src/seed/seed.cli';
import { seedIfEmpty } from '../../src/seed/seed.service';
import type { SeedPlan } from '../../src/seed/seed.types';
import { formatSeedReport, writeSeed } from '../../src/seed/seed.write';
import {
  clearGraph,
  graphChecksum,
  openTestDatabase,
  realSeedPlan,
  resetToSeed,
  SEED_DIR,
} from '../helpers/db';

describe('seeding Neo4j', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('writes every concept, relationship, statement and source of the seed files, with their labels', async () => {
    const plan = await resetToSeed(db);
    const [counts] = await db.read<Record<string, number>>(
      `RETURN COUNT { (c:Concept) } AS concepts, COUNT { (s:Source) } AS sources, COUNT { (s:Statement) } AS statements,
              COUNT { ()-[r]->() WHERE NOT r:HAS_STATEMENT } AS relationships,
              COUNT { (c:Cancer) WHERE NOT c:Condition } AS cancersNotConditions`,
    );
    expect(counts).toEqual({
      concepts: plan.concepts.length,
      sources: plan.sources.length,
      statements: plan.statements.length,
      relationships: plan.relationships.length,
      cancersNotConditions: 0,
    });
    const [oms] = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
      "MATCH (c:Concept {id: 'neuroblastoma'}) RETURN labels(c) AS labels, properties(c) AS props",
    );
    expect(oms?.labels.sort()).toEqual(['Cancer', 'Concept', 'Condition']);
    expect(oms?.props.nameKey).toBe('neuroblastoma');
    const [source] = await db.read<{ reviewed: string }>(
      "MATCH (s:Source {id: 'cleveland-clinic-myoclonus'}) RETURN toString(s.lastReviewed) AS reviewed",
    );
    expect(source?.reviewed).toBe('2023-03-16');
  });

  it('is idempotent: a second run leaves the same counts and properties and creates nothing', async () => {
    const plan = await resetToSeed(db);
    const before = await graphChecksum(db);
    const report = await writeSeed(db, plan);
    const after = await graphChecksum(db);
    expect(after).toEqual(before);
    expect(report.changes).toMatchObject({
      nodesCreated: 0,
      nodesDeleted: 0,
      relationshipsCreated: 0,
      relationshipsDeleted: 0,
    });
    expect(formatSeedReport(report)).toMatch(/concepts\s+44 .*\n.*relationships\s+\d+/);
  });

  it('applies a corrected seed: a removed fact and a changed quote are gone after the next run', async () => {
    const plan = await resetToSeed(db);
    const [dropped, ...rest] = plan.relationships;
    const corrected: SeedPlan = {
      ...plan,
      relationships: rest,
      concepts: plan.concepts.map((c) =>
        c.id === 'alcohol' ? { ...c, synonyms: ['corrected synonym'] } : c,
      ),
    };
    await writeSeed(db, corrected);
    const [row] = await db.read<{ gone: boolean; synonyms: string[] }>(
      `MATCH (a:Concept {id: $from}), (b:Concept {id: $to}), (alcohol:Concept {id: 'alcohol'})
       RETURN NOT EXISTS { (a)-[r]->(b) WHERE type(r) = $type } AS gone, alcohol.synonyms AS synonyms`,
      { from: dropped!.from, to: dropped!.to, type: dropped!.type },
    );
    expect(row).toEqual({ gone: true, synonyms: ['corrected synonym'] });
    await writeSeed(db, plan);
  });

  it('refuses a seed folder with an unknown id before writing, and the graph stays unchanged', async () => {
    await resetToSeed(db);
    const before = await graphChecksum(db);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bad-seed-'));
    try {
      const text = await readFile(path.join(SEED_DIR, 'cleveland-clinic-myoclonus.yaml'), 'utf8');
      await writeFile(
        path.join(dir, 'bad.yaml'),
        text.replace('to: faulty-immune-reaction', 'to: faulty-immune-reactoin'),
      );
      const error = await loadSeeds(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedValidationError);
      expect((error as Error).message).toMatch(
        /bad\.yaml:\d+: relationships\[\d+\] .*unknown concept id 'faulty-immune-reactoin'/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('rolls back everything when the database refuses part of a seed: no partial writes', async () => {
    await resetToSeed(db);
    const before = await graphChecksum(db);
    const plan = await realSeedPlan();
    // A list of mixed types cannot be stored as a property: Neo4j fails the query half-way through the transaction,
    // after the sources and other concepts were written.
    const broken: SeedPlan = {
      ...plan,
      concepts: plan.concepts.map((c, i) =>
        i === plan.concepts.length - 1
          ? { ...c, id: 'new-concept', synonyms: ['text', 42 as unknown as string] }
          : c,
      ),
      sources: [...plan.sources, { ...plan.sources[0]!, id: 'another-source' }],
    };
    await expect(writeSeed(db, broken)).rejects.toThrow();
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('seeds an empty graph on first start, and leaves a graph that has data alone', async () => {
    await applySchema(db);
    await clearGraph(db);
    const report = await seedIfEmpty(db, 'seeds');
    expect(report).toMatch(/^Seeded from seeds\/cleveland-clinic-myoclonus\.yaml/);
    const [{ concepts } = { concepts: 0 }] = await db.read<{ concepts: number }>(
      'RETURN COUNT { (:Concept) } AS concepts',
    );
    expect(concepts).toBe((await realSeedPlan()).concepts.length);
    await db.write("MATCH (c:Concept {id: 'alcohol'}) SET c.name = 'changed by a user'");
    expect(await seedIfEmpty(db, 'seeds')).toBeNull();
    const [{ name } = { name: '' }] = await db.read<{ name: string }>(
      "MATCH (c:Concept {id: 'alcohol'}) RETURN c.name AS name",
    );
    expect(name).toBe('changed by a user');
    await resetToSeed(db);
  });

  it('applies constraints and indexes idempotently and reports them as applied', async () => {
    await applySchema(db);
    await applySchema(db);
    expect(await schemaApplied(db)).toBe(true);
    await expect(db.write("CREATE (:Concept {id: 'myoclonus', name: 'duplicate'})")).rejects.toThrow(
      /already exists/,
    );
  });

  it('creates again an index that is missing, when the others are there', async () => {
    await db.write('DROP INDEX concept_xref IF EXISTS');
    expect(await schemaApplied(db)).toBe(false);
    await applySchema(db);
    expect(await schemaApplied(db)).toBe(true);
  });
});

describe('npm run seed', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  const env = (): NodeJS.ProcessEnv => ({
    NEO4J_URI: process.env.NEO4J_TEST_URI,
    NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME,
    NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD,
    NEO4J_DATABASE: process.env.NEO4J_TEST_DATABASE,
  });

  async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSeedCli(argv, env(), { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('loads the seed files into the Neo4j of NEO4J_URI and prints what it wrote', async () => {
    await applySchema(db);
    await clearGraph(db);
    const first = await cli([]);
    expect(first.code).toBe(0);
    const plan = await realSeedPlan();
    const report = first.out.join('\n');
    expect(report).toMatch(new RegExp(`concepts\\s+${plan.concepts.length} \\(BodyRegion \\d+, Cancer 4, `));
    expect(report).toMatch(new RegExp(`relationships\\s+${plan.relationships.length} \\(`));
    expect(report).toMatch(/changes\s+[1-9]\d* nodes created/);
    const second = await cli([]);
    expect(second.out.join('\n')).toMatch(
      /changes\s+0 nodes created, 0 deleted; 0 relationships created, 0 deleted/,
    );
  });

  it('validates with --check without connecting, and names the file and entry of a bad reference', async () => {
    const ok = await cli(['--check']);
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toMatch(/^Seed files are valid: /);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bad-seed-cli-'));
    try {
      await writeFile(
        path.join(dir, 'broken.yaml'),
        'concepts:\n  - id: a\n    kind: Condition\n    name: a\n    evidence: [{source: nowhere, quote: A.}]\n',
      );
      const before = await graphChecksum(db);
      const bad = await cli(['--dir', dir]);
      expect(bad.code).toBe(1);
      expect(bad.err.join('\n')).toMatch(
        /broken\.yaml:5: concepts\[0\] \(id 'a'\)\.evidence\[0\]: unknown source 'nowhere'/,
      );
      expect(bad.err.join('\n')).toMatch(/Nothing was written\./);
      expect(await graphChecksum(db)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
