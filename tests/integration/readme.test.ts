import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import path from 'node:path';
import type { Database } from '../../src/neo4j/database';
import { PROJECT_ROOT } from '../../src/paths';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { openTestDatabase, resetToSeed } from '../helpers/db';
import { importObo } from '../../src/obo/import/run';
import { fencedBlocks } from '../helpers/markdown';

const run = promisify(execFile);

/** Variables the docs give in prose next to an operation that takes some. */
const README_VARIABLES: Record<string, Record<string, unknown>> = {
  ConditionPage: { id: 'benign-neonatal-sleep-myoclonus' },
  CausesOf: {},
};

describe('the examples of the README and docs/', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    // The examples across imported ontologies need an imported ontology: the project's small DO/UBERON-shaped fixture.
    await importObo(db, path.join(PROJECT_ROOT, 'tests', 'fixtures', 'obo', 'import-small.obo'));
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it('run every GraphQL example without errors and with data', async () => {
    const blocks = fencedBlocks('graphql');
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const query of blocks) {
      const name = /^query (\w+)/m.exec(query)?.[1];
      const result = await api.run(query, name ? README_VARIABLES[name] : undefined);
      expect({ query, errors: result.errors }).toEqual({ query, errors: undefined });
      expect(JSON.stringify(result.data)).not.toMatch(/^\{"\w+":null\}$/);
    }
  });

  it('run every Cypher example through the read-only endpoint; "concepts without evidence" returns nothing', async () => {
    const statements = fencedBlocks('cypher')
      .join('\n')
      .split(/;\s*\n/)
      .map((s) => s.replace(/^\/\/.*$/gm, '').trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const cypher of statements) {
      const { rows } = await api.cypher.run({ query: cypher.replace(/;$/, '') });
      if (/evidenceQuotes, \[\]\)\) = 0/.test(cypher)) expect(rows).toEqual([]);
      else expect({ cypher, rows: rows.length > 0 }).toEqual({ cypher, rows: true });
    }
  });

  describe('the curl and Python examples of POST /cypher, against a running server', () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      ({ server, url: base } = await listen(api));
    });

    afterAll(async () => {
      await close(server);
    });

    it('curl gets rows of paths', async () => {
      const block = fencedBlocks('sh').find((b) => b.includes('/cypher'));
      expect(block).toBeDefined();
      const { stdout } = await run('sh', ['-c', block!.replaceAll('http://127.0.0.1:4000', base)]);
      const result = JSON.parse(stdout) as {
        columns: string[];
        rows: Array<{ p: { nodes: Array<{ id: string }> } }>;
      };
      expect(result.columns).toEqual(['p']);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) expect(row.p.nodes.at(-1)!.id).toBe('myoclonus');
    });

    it('Python prints one line per region', async () => {
      const [block] = fencedBlocks('python');
      expect(block).toBeDefined();
      let output: string;
      try {
        output = (await run('python3', ['-c', block!.replaceAll('http://127.0.0.1:4000', base)])).stdout;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          console.warn('python3 is not installed here: the Python example of docs/examples.md was not run.');
          return;
        }
        throw error;
      }
      const lines = output.trim().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(line).toMatch(/^[a-z ]+ \d+$/);
      expect(lines).toContain('tensor tympani 1');
    });
  });

  it('shows the causes of opsoclonus-myoclonus syndrome as the README describes them', async () => {
    const [first] = fencedBlocks('graphql');
    const result = await api.run<{
      condition: {
        causes: Array<{
          node: { id: string; causes?: Array<{ node: { name: string }; population: string }> };
        }>;
      };
    }>(first!);
    const causes = result.data!.condition.causes;
    expect(causes.map((c) => c.node.id).sort()).toEqual([
      'faulty-immune-reaction',
      'infections',
      'metabolic-disturbances',
    ]);
    const immune = causes.find((c) => c.node.id === 'faulty-immune-reaction')!.node.causes!;
    expect(immune.map((c) => `${c.node.name}/${c.population}`).sort()).toEqual([
      'breast cancer/ADULTS',
      'lung cancer/ADULTS',
      'neuroblastoma/CHILDREN',
      'ovarian cancer/ADULTS',
    ]);
  });
});
