import {
  cacheableRequest,
  DEFAULT_RESPONSE_CACHE,
  negotiatedType,
  notModified,
  ResponseCache,
} from '../../src/http/response-cache';
import type { CacheableRequest, ResponseCacheOptions } from '../../src/http/response-cache';
import type { Database } from '../../src/neo4j/database';
import { GRAPH_VERSION_CYPHER } from '../../src/neo4j/graph-version';

describe('negotiatedType', () => {
  it('answers JSON when there is no Accept header, as Apollo does', () => {
    expect(negotiatedType(undefined)).toBe('application/json; charset=utf-8');
    expect(negotiatedType('')).toBe('application/json; charset=utf-8');
  });

  it('answers JSON for */* (what fetch and curl send)', () => {
    expect(negotiatedType('*/*')).toBe('application/json; charset=utf-8');
    expect(negotiatedType('application/*')).toBe('application/json; charset=utf-8');
  });

  it('answers application/graphql-response+json when the client asks for it', () => {
    expect(negotiatedType('application/graphql-response+json')).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
    expect(negotiatedType('application/graphql-response+json, application/json;q=0.9')).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
    expect(negotiatedType('application/json;q=0.5, application/graphql-response+json')).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
  });

  it('answers null when only HTML (or nothing JSON) is acceptable: Apollo answers that itself', () => {
    expect(negotiatedType('text/html')).toBeNull();
    expect(negotiatedType('text/html, application/xhtml+xml')).toBeNull();
    expect(negotiatedType('application/json;q=0')).toBeNull();
  });
});

describe('cacheableRequest', () => {
  describe('a POST body', () => {
    it('takes query, operationName and variables of a valid body', () => {
      expect(cacheableRequest({ query: '{ sources { id } }' }, false)).toEqual({
        query: '{ sources { id } }',
        operationName: null,
        variables: null,
      });
      expect(
        cacheableRequest(
          {
            query: 'query Q($id: ID!) { concept(id: $id) { id } }',
            operationName: 'Q',
            variables: { id: 'x' },
          },
          false,
        ),
      ).toEqual({
        query: 'query Q($id: ID!) { concept(id: $id) { id } }',
        operationName: 'Q',
        variables: { id: 'x' },
      });
      expect(cacheableRequest({ query: '{ a }', operationName: null, variables: null }, false)).toEqual({
        query: '{ a }',
        operationName: null,
        variables: null,
      });
    });

    it('refuses a body without a string query', () => {
      expect(cacheableRequest({ query: 5 }, false)).toBeNull();
      expect(cacheableRequest({ query: null }, false)).toBeNull();
      expect(cacheableRequest({ query: { kind: 'Document' } }, false)).toBeNull();
      expect(cacheableRequest({}, false)).toBeNull();
      expect(cacheableRequest({ operationName: 'Q', variables: {} }, false)).toBeNull();
    });

    it('refuses what is not one object: an array (a batch), null, a string, a number', () => {
      expect(cacheableRequest([{ query: '{ a }' }], false)).toBeNull();
      expect(cacheableRequest([], false)).toBeNull();
      expect(cacheableRequest(null, false)).toBeNull();
      expect(cacheableRequest(undefined, false)).toBeNull();
      expect(cacheableRequest('{ a }', false)).toBeNull();
      expect(cacheableRequest(42, false)).toBeNull();
    });

    it('refuses a body with extensions (persisted queries and the like go to Apollo)', () => {
      expect(
        cacheableRequest(
          { query: '{ a }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
          false,
        ),
      ).toBeNull();
      expect(cacheableRequest({ query: '{ a }', extensions: {} }, false)).toBeNull();
    });

    it('refuses an operationName that is not a string', () => {
      expect(cacheableRequest({ query: '{ a }', operationName: 7 }, false)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', operationName: ['Q'] }, false)).toBeNull();
    });

    it('refuses variables that are not an object: an array, a string (not parsed in a body), a number', () => {
      expect(cacheableRequest({ query: '{ a }', variables: [1, 2] }, false)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', variables: '{"id":"x"}' }, false)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', variables: 3 }, false)).toBeNull();
    });
  });

  describe('a GET query string', () => {
    it('parses variables given as a JSON string', () => {
      expect(
        cacheableRequest(
          { query: 'query Q($id: ID!) { concept(id: $id) { id } }', variables: '{"id":"myoclonus"}' },
          true,
        ),
      ).toEqual({
        query: 'query Q($id: ID!) { concept(id: $id) { id } }',
        operationName: null,
        variables: { id: 'myoclonus' },
      });
      expect(cacheableRequest({ query: '{ a }', operationName: 'A', variables: 'null' }, true)).toEqual({
        query: '{ a }',
        operationName: 'A',
        variables: null,
      });
    });

    it('keys a GET the same as the equivalent POST', () => {
      const get = cacheableRequest({ query: '{ a }', variables: '{"id":"x"}', operationName: 'A' }, true);
      const post = cacheableRequest({ query: '{ a }', variables: { id: 'x' }, operationName: 'A' }, false);
      expect(get).toEqual(post);
    });

    it('refuses variables that are not valid JSON', () => {
      expect(cacheableRequest({ query: '{ a }', variables: '{"id":' }, true)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', variables: "{id: 'x'}" }, true)).toBeNull();
    });

    it('refuses variables that are JSON but not an object', () => {
      expect(cacheableRequest({ query: '{ a }', variables: '[1,2]' }, true)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', variables: '"x"' }, true)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', variables: '12' }, true)).toBeNull();
    });

    it('refuses a repeated query parameter (an array) and extensions', () => {
      expect(cacheableRequest({ query: ['{ a }', '{ b }'] }, true)).toBeNull();
      expect(cacheableRequest({ query: '{ a }', extensions: '{"persistedQuery":{}}' }, true)).toBeNull();
    });
  });
});

describe('notModified', () => {
  const etag = 'W/"abcdefghijklmnopqrstuvwxyz0"';

  it('is true when If-None-Match names the weak ETag', () => {
    expect(notModified({ 'if-none-match': etag }, etag)).toBe(true);
    // Weak comparison: the same tag sent without W/ matches too.
    expect(notModified({ 'if-none-match': '"abcdefghijklmnopqrstuvwxyz0"' }, etag)).toBe(true);
  });

  it('is true when a list of ETags includes it', () => {
    expect(notModified({ 'if-none-match': `W/"other", ${etag}, "third"` }, etag)).toBe(true);
    expect(notModified({ 'if-none-match': ['W/"other"', etag] }, etag)).toBe(true);
  });

  it('is true for If-None-Match: *', () => {
    expect(notModified({ 'if-none-match': '*' }, etag)).toBe(true);
  });

  it('is false when no ETag matches, or there is no If-None-Match', () => {
    expect(notModified({ 'if-none-match': 'W/"other"' }, etag)).toBe(false);
    expect(notModified({ 'if-none-match': 'W/"other", "another"' }, etag)).toBe(false);
    expect(notModified({}, etag)).toBe(false);
  });

  it('ignores the request’s Cache-Control: this is the origin, and fetch() adds no-cache to conditional requests', () => {
    expect(notModified({ 'if-none-match': etag, 'cache-control': 'no-cache' }, etag)).toBe(true);
    expect(notModified({ 'if-none-match': etag, pragma: 'no-cache' }, etag)).toBe(true);
  });
});

/** A Database whose only use here, `read` of the version query, returns the row the test sets (or throws). */
class FakeDatabase {
  row: { counter: number; stamps: string[]; nodes: number; relationships: number } = {
    counter: 1,
    stamps: ['a'],
    nodes: 10,
    relationships: 20,
  };
  failure: Error | undefined;
  reads = 0;
  cyphers: string[] = [];

  async read(cypher: string): Promise<unknown[]> {
    this.reads += 1;
    this.cyphers.push(cypher);
    if (this.failure) throw this.failure;
    return [{ ...this.row }];
  }

  asDatabase(): Database {
    return this as unknown as Database;
  }
}

const REQUEST: CacheableRequest = {
  query: 'query Q($id: ID!) { concept(id: $id) { id name } }',
  operationName: 'Q',
  variables: { id: 'myoclonus' },
};
const DATA = { concept: { id: 'myoclonus', name: 'myoclonus' } };

function options(overrides: Partial<ResponseCacheOptions> = {}): ResponseCacheOptions {
  return { maxBytes: 1 << 20, checkMs: 60_000, ttlMs: 60_000, ...overrides };
}

describe('ResponseCache', () => {
  let fake: FakeDatabase;
  let cache: ResponseCache;

  beforeEach(() => {
    fake = new FakeDatabase();
    cache = new ResponseCache(fake.asDatabase(), options());
  });

  afterEach(() => {
    cache.stop();
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_RESPONSE_CACHE).toEqual({ maxBytes: 64 * 2 ** 20, checkMs: 1_000, ttlMs: 60_000 });
  });

  it('gives no ticket until the version has been read', async () => {
    expect(cache.ticket(REQUEST)).toBeNull();
    expect(await cache.refresh()).toBe('1.a.10.20');
    expect(fake.cyphers).toEqual([GRAPH_VERSION_CYPHER]);
    expect(cache.ticket(REQUEST)).toEqual({ key: expect.any(String), version: '1.a.10.20' });
  });

  it('gives no ticket, and keeps nothing, for values nested past what JSON.stringify can walk', async () => {
    await cache.refresh();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(cache.ticket({ ...REQUEST, variables: { params: deep } })).toBeNull();
    const ticket = cache.ticket(REQUEST)!;
    expect(cache.store(ticket, { rows: [deep] }, 'Q')).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });

  it('reads the version once for refreshes asked at the same time', async () => {
    const [a, b] = await Promise.all([cache.refresh(), cache.refresh()]);
    expect(a).toBe('1.a.10.20');
    expect(b).toBe('1.a.10.20');
    expect(fake.reads).toBe(1);
    await cache.refresh();
    expect(fake.reads).toBe(2);
  });

  it('keys requests by query, operationName and variables', async () => {
    await cache.refresh();
    const key = cache.ticket(REQUEST)!.key;
    expect(cache.ticket({ ...REQUEST })!.key).toBe(key);
    expect(cache.ticket({ ...REQUEST, variables: { id: 'other' } })!.key).not.toBe(key);
    expect(cache.ticket({ ...REQUEST, operationName: null })!.key).not.toBe(key);
    expect(cache.ticket({ ...REQUEST, query: `${REQUEST.query} ` })!.key).not.toBe(key);
    expect(cache.ticket({ ...REQUEST, variables: null })!.key).not.toBe(key);
  });

  it('serves an answer after it was stored, as Apollo writes it, with its ETag', async () => {
    await cache.refresh();
    const ticket = cache.ticket(REQUEST)!;
    expect(cache.lookup(ticket)).toBeUndefined();
    const stored = cache.store(ticket, DATA, 'Q')!;
    expect(stored.body.toString('utf8')).toBe(`${JSON.stringify({ data: DATA })}\n`);
    expect(stored.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    const hit = cache.lookup(cache.ticket(REQUEST)!);
    expect(hit).toMatchObject({ body: stored.body, etag: stored.etag, operation: 'Q' });
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, entries: 1, bytes: expect.any(Number) });
    expect(cache.stats().bytes).toBeGreaterThanOrEqual(stored.body.length);
  });

  it('gives equal data the same ETag, and different data another', async () => {
    await cache.refresh();
    const ticket = cache.ticket(REQUEST)!;
    const a = cache.store(ticket, DATA, 'Q')!;
    const b = cache.store(cache.ticket({ ...REQUEST, operationName: null })!, DATA, null)!;
    const c = cache.store(ticket, { concept: { id: 'myoclonus', name: 'renamed' } }, 'Q')!;
    expect(b.etag).toBe(a.etag);
    expect(c.etag).not.toBe(a.etag);
  });

  it('keeps answers while the version stays the same', async () => {
    await cache.refresh();
    cache.store(cache.ticket(REQUEST)!, DATA, 'Q');
    expect(await cache.refresh()).toBe('1.a.10.20');
    expect(cache.lookup(cache.ticket(REQUEST)!)).toBeDefined();
  });

  it.each([
    ['the counter', { counter: 2, stamps: ['a'], nodes: 10, relationships: 20 }],
    [
      'the stamp (a graph emptied and written again, its counter restarted)',
      { counter: 1, stamps: ['b'], nodes: 10, relationships: 20 },
    ],
    ['the node count', { counter: 1, stamps: ['a'], nodes: 11, relationships: 20 }],
    ['the relationship count', { counter: 1, stamps: ['a'], nodes: 10, relationships: 19 }],
  ])('drops every answer when %s changes', async (_what, row) => {
    await cache.refresh();
    const before = cache.ticket(REQUEST)!;
    cache.store(before, DATA, 'Q');
    expect(cache.lookup(before)).toBeDefined();
    fake.row = row;
    const version = await cache.refresh();
    expect(version).not.toBe(before.version);
    expect(version).toBe(`${row.counter}.${row.stamps.join('+')}.${row.nodes}.${row.relationships}`);
    expect(cache.stats().entries).toBe(0);
    expect(cache.lookup(before)).toBeUndefined();
    const after = cache.ticket(REQUEST)!;
    expect(after.version).toBe(version);
    expect(cache.lookup(after)).toBeUndefined();
  });

  it('serves nothing and keeps nothing while the version cannot be read, and serves again once it can', async () => {
    await cache.refresh();
    const before = cache.ticket(REQUEST)!;
    cache.store(before, DATA, 'Q');
    fake.failure = new Error('connection refused');
    expect(await cache.refresh()).toBeNull();
    expect(cache.stats().entries).toBe(0);
    expect(cache.ticket(REQUEST)).toBeNull();
    expect(cache.lookup(before)).toBeUndefined();
    // An answer computed meanwhile, for a ticket given before, is not kept.
    const answer = cache.store(before, DATA, 'Q')!;
    expect(answer.etag).toMatch(/^W\/"/);
    expect(cache.stats().entries).toBe(0);
    // Still unreadable: still nothing.
    expect(await cache.refresh()).toBeNull();
    expect(cache.ticket(REQUEST)).toBeNull();
    // Readable again, same version as before the outage: answers are kept from now on, not before.
    fake.failure = undefined;
    expect(await cache.refresh()).toBe(before.version);
    const ticket = cache.ticket(REQUEST)!;
    expect(cache.lookup(ticket)).toBeUndefined();
    cache.store(ticket, DATA, 'Q');
    expect(cache.lookup(ticket)).toBeDefined();
  });

  it('does not keep an answer whose ticket was given for an older version', async () => {
    await cache.refresh();
    const stale = cache.ticket(REQUEST)!;
    fake.row = { counter: 2, stamps: ['a'], nodes: 10, relationships: 20 };
    await cache.refresh();
    const answer = cache.store(stale, DATA, 'Q')!;
    expect(answer.body.toString()).toBe(`${JSON.stringify({ data: DATA })}\n`);
    expect(cache.stats().entries).toBe(0);
    expect(cache.lookup(cache.ticket(REQUEST)!)).toBeUndefined();
  });

  it('does not serve an answer to a ticket of another version than the current one', async () => {
    await cache.refresh();
    const current = cache.ticket(REQUEST)!;
    cache.store(current, DATA, 'Q');
    expect(cache.lookup({ key: current.key, version: 'some-other-version' })).toBeUndefined();
    expect(cache.lookup(current)).toBeDefined();
  });

  it('stays within maxBytes, dropping the least recently used answers first', async () => {
    const maxBytes = 20_000;
    cache = new ResponseCache(fake.asDatabase(), options({ maxBytes }));
    await cache.refresh();
    const payload = 'x'.repeat(1_000);
    const tickets = Array.from({ length: 100 }, (_, i) =>
      cache.ticket({ ...REQUEST, variables: { id: `c${i}` } })!,
    );
    for (const [i, ticket] of tickets.entries()) {
      cache.store(ticket, { concept: { id: `c${i}`, name: payload } }, 'Q');
      expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const { entries, bytes } = cache.stats();
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(100);
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    // The newest answer is kept, the oldest is gone.
    expect(cache.lookup(tickets[99]!)).toBeDefined();
    expect(cache.lookup(tickets[0]!)).toBeUndefined();
  });

  it('keeps a recently read answer over older unread ones', async () => {
    const maxBytes = 20_000;
    cache = new ResponseCache(fake.asDatabase(), options({ maxBytes }));
    await cache.refresh();
    const payload = 'x'.repeat(1_000);
    const first = cache.ticket({ ...REQUEST, variables: { id: 'first' } })!;
    const second = cache.ticket({ ...REQUEST, variables: { id: 'second' } })!;
    cache.store(first, { concept: { id: 'first', name: payload } }, 'Q');
    cache.store(second, { concept: { id: 'second', name: payload } }, 'Q');
    for (let i = 0; i < 100; i++) {
      // `first` is read before every store: it stays the most recently used.
      expect(cache.lookup(first)).toBeDefined();
      cache.store(
        cache.ticket({ ...REQUEST, variables: { id: `c${i}` } })!,
        { concept: { name: payload } },
        'Q',
      );
    }
    expect(cache.lookup(first)).toBeDefined();
    expect(cache.lookup(second)).toBeUndefined();
  });

  it('does not keep an answer larger than an eighth of maxBytes, but still gives its ETag', async () => {
    const maxBytes = 16_000;
    cache = new ResponseCache(fake.asDatabase(), options({ maxBytes }));
    await cache.refresh();
    const small = cache.ticket({ ...REQUEST, variables: { id: 'small' } })!;
    const large = cache.ticket({ ...REQUEST, variables: { id: 'large' } })!;
    cache.store(small, { concept: { name: 'x'.repeat(100) } }, 'Q');
    const answer = cache.store(large, { concept: { name: 'x'.repeat(maxBytes / 8) } }, 'Q')!;
    expect(answer.body.length).toBeGreaterThan(maxBytes / 8);
    expect(answer.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(cache.lookup(large)).toBeUndefined();
    expect(cache.lookup(small)).toBeDefined();
    expect(cache.stats().entries).toBe(1);
  });

  it('starts by reading the version, and forgets everything when stopped', async () => {
    expect(await cache.start()).toBe('1.a.10.20');
    const ticket = cache.ticket(REQUEST)!;
    cache.store(ticket, DATA, 'Q');
    expect(cache.lookup(ticket)).toBeDefined();
    cache.stop();
    expect(cache.ticket(REQUEST)).toBeNull();
    expect(cache.stats().entries).toBe(0);
  });
});
