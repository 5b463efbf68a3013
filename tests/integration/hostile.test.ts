import type { Server } from 'node:http';
import { checkOutcome, HOSTILE_DOCUMENTS, toFetch } from '../fixtures/hostile-documents';
import { close, createTestApi, listen } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { graphChecksum, openTestDatabase, resetToSeed } from '../helpers/db';
import type { GraphChecksum } from '../helpers/db';

/**
 * The hostile documents of `npm run proof:hostile` (tests/fixtures/hostile-documents.ts), one at a time, against the
 * service in production mode over HTTP: each gets the status and code it is owed, and the graph is unchanged. The
 * suite also runs them under load, beside normal traffic; this keeps their answers right on every commit.
 */
describe('hostile documents (the proof:hostile list)', () => {
  const db = openTestDatabase();
  let api: TestApi;
  let server: Server;
  let url: string;
  let before: GraphChecksum;

  beforeAll(async () => {
    await resetToSeed(db);
    before = await graphChecksum(db);
    api = await createTestApi(db, { production: true, introspection: false, graphiql: false });
    ({ server, url } = await listen(api));
  });

  afterAll(async () => {
    await close(server);
    await api.stop();
    await db.close();
  });

  it('has at least 30 documents, in every category the issue names', () => {
    expect(HOSTILE_DOCUMENTS.length).toBeGreaterThanOrEqual(30);
    const categories = new Set(HOSTILE_DOCUMENTS.map((d) => d.category));
    for (const category of [
      'depth',
      'aliases',
      'field duplication',
      'directives',
      'fragments',
      'batching',
      'body size',
      'pagination',
      'introspection',
      'lucene',
      'cypher',
      'malformed JSON',
      'content type',
    ] as const) {
      expect(categories).toContain(category);
    }
  });

  it.each(HOSTILE_DOCUMENTS.map((d) => [d.name, d] as const))('%s', async (_name, doc) => {
    const { url: target, init } = toFetch(doc, url);
    const response = await fetch(target, init);
    const text = await response.text();
    const outcome = checkOutcome(doc, response.status, text);
    expect({ name: doc.name, actual: outcome.actual, problems: outcome.problems }).toEqual({
      name: doc.name,
      actual: outcome.actual,
      problems: [],
    });
  });

  it('leaves the graph unchanged and the service up', async () => {
    expect(await graphChecksum(db)).toEqual(before);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
