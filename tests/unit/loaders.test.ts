import { Neo4jError } from 'neo4j-driver';
import { conceptsBatch, CONCEPTS_BY_IDS } from '../../src/concept/concept.repository';
import type { ConceptRow, SourceRow } from '../../src/model/records';
import { CypherService, DEFAULT_CYPHER_LIMITS } from '../../src/cypher/cypher.service';
import { createContext } from '../../src/request/context';
import { Loaders } from '../../src/request/loaders';
import { createLogger } from '../../src/logger';
import { Database, newQueryStats } from '../../src/neo4j/database';
import type { QueryStats, RequestScope } from '../../src/neo4j/database';
import { newServiceRequest } from '../../src/request/request';
import { EDGES } from '../../src/model/edge.specs';
import type { EdgeName } from '../../src/model/edge.specs';
import {
  edgesBatch,
  edgeQuery,
  edgesQuery,
  groupByKey,
  RelationshipLoaders,
  STATEMENTS_QUERY,
} from '../../src/relationship/relationship.loaders';
import type { EdgePart } from '../../src/relationship/relationship.loaders';

/**
 * In the style of graphql/dataloader's own tests: a fake database that records every query it receives (the
 * batches) and answers from canned rows, keyed the way the real queries key them (`key` = the requested id).
 */
interface Call {
  cypher: string;
  params: Record<string, unknown>;
  stats: QueryStats | undefined;
}

class FakeDatabase {
  readonly calls: Call[] = [];

  constructor(
    /** Rows per requested id; rows for ids not asked for are never returned, as with `UNWIND $ids`. */
    private readonly rowsById: Record<string, Array<Record<string, unknown>>> = {},
    private readonly failWith?: Error,
  ) {}

  async read(cypher: string, params: Record<string, unknown> = {}, scope?: RequestScope): Promise<unknown[]> {
    this.calls.push({ cypher, params, stats: scope?.stats });
    if (this.failWith) throw this.failWith;
    // The real queries ORDER BY key: return rows sorted by id, not in the order the ids were asked for.
    const rowsOf = (ids: string[]) => [...ids].sort().flatMap((id) => this.rowsById[id] ?? []);
    if ('ids' in params) return rowsOf(params.ids as string[]);
    // edgesQuery: $ids0, $ids1... one part per field, each row tagged with its part.
    return Object.keys(params)
      .filter((k) => /^ids\d+$/.test(k))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
      .flatMap((k, field) => rowsOf(params[k] as string[]).map((row) => ({ ...row, field })));
  }

  /** The real binding of a request's reads, over this fake's `read`. */
  readonly forRequest = Database.prototype.forRequest;

  asDatabase(): Database {
    return this as unknown as Database;
  }

  /** The ids a call asked for: $ids, or $ids0 of a one-field edgesQuery. */
  idsOf(call: Call | undefined): unknown {
    return call?.params.ids ?? call?.params.ids0;
  }
}

const SOURCE: SourceRow = {
  id: 'cleveland-clinic-myoclonus',
  kind: 'article',
  title: 'Myoclonus',
  publisher: 'Cleveland Clinic',
  lastReviewed: '2023-03-16',
  version: null,
  url: null,
  license: null,
};

function conceptRow(id: string, labels: string[] = ['Concept', 'Condition']): ConceptRow {
  return {
    id,
    name: id.replace(/-/g, ' '),
    labels,
    synonyms: null,
    description: null,
    xrefs: null,
    evidenceSources: [SOURCE.id],
    evidenceQuotes: [`A sentence about ${id}.`],
    sources: [SOURCE],
  };
}

function edgeRow(key: string, other: string, population: string | null = null): Record<string, unknown> {
  return {
    key,
    node: conceptRow(other),
    rel: {
      population,
      statedAs: null,
      evidenceSources: [SOURCE.id],
      evidenceQuotes: [`${other} relates to ${key}.`],
    },
  };
}

const withEvidence = (name: EdgeName): EdgePart => ({ name, evidence: true });

const nodeIds = (edges: Array<{ node: { id: string } }>): string[] => edges.map((e) => e.node.id);

describe('relationship loaders', () => {
  const rows = {
    'opsoclonus-myoclonus-syndrome': [
      edgeRow('opsoclonus-myoclonus-syndrome', 'faulty-immune-reaction'),
      edgeRow('opsoclonus-myoclonus-syndrome', 'infections'),
    ],
    'faulty-immune-reaction': [edgeRow('faulty-immune-reaction', 'neuroblastoma', 'children')],
    myoclonus: [edgeRow('myoclonus', 'seizures')],
  };

  it('sends ONE query for N loads of one field in the same tick, with every distinct key in $ids', async () => {
    const db = new FakeDatabase(rows);
    const loaders = new RelationshipLoaders(db.asDatabase());
    const keys = [
      'opsoclonus-myoclonus-syndrome',
      'faulty-immune-reaction',
      'myoclonus',
      'essential-myoclonus',
    ];
    await Promise.all(keys.map((k) => loaders.edges('causes').load(k)));
    expect(db.calls).toHaveLength(1);
    expect(db.idsOf(db.calls[0])).toEqual(keys);
    expect(db.calls[0]?.cypher).toBe(edgesQuery([withEvidence('causes')]));
  });

  it('returns results in key order, with [] for keys that have no rows', async () => {
    const db = new FakeDatabase(rows);
    const loaders = new RelationshipLoaders(db.asDatabase());
    const keys = ['myoclonus', 'no-such-concept', 'opsoclonus-myoclonus-syndrome', 'faulty-immune-reaction'];
    const results = await loaders.edges('causes').loadMany(keys);
    expect(results.map((r) => nodeIds(r as Array<{ node: { id: string } }>))).toEqual([
      ['seizures'],
      [],
      ['faulty-immune-reaction', 'infections'],
      ['neuroblastoma'],
    ]);
  });

  it('dedupes duplicate keys: each id is sent once and every caller gets its result', async () => {
    const db = new FakeDatabase(rows);
    const loaders = new RelationshipLoaders(db.asDatabase());
    const keys = ['myoclonus', 'faulty-immune-reaction', 'myoclonus', 'myoclonus', 'faulty-immune-reaction'];
    const results = await Promise.all(keys.map((k) => loaders.edges('causes').load(k)));
    expect(db.calls).toHaveLength(1);
    expect(db.idsOf(db.calls[0])).toEqual(['myoclonus', 'faulty-immune-reaction']);
    expect(results.map(nodeIds)).toEqual([
      ['seizures'],
      ['neuroblastoma'],
      ['seizures'],
      ['seizures'],
      ['neuroblastoma'],
    ]);
  });

  it('maps each row to an edge: the far concept as a summary, the type from EDGES, qualifiers and cited evidence', async () => {
    const db = new FakeDatabase(rows);
    const [edge] = await new RelationshipLoaders(db.asDatabase())
      .edges('causes')
      .load('faulty-immune-reaction');
    expect(edge).toEqual({
      node: { summary: true, id: 'neuroblastoma', kind: 'Condition', name: 'neuroblastoma', obsolete: false },
      relationship: 'CAUSES',
      population: 'children',
      statedAs: null,
      evidence: {
        cited: true,
        sourceIds: [SOURCE.id],
        quotes: ['neuroblastoma relates to faulty-immune-reaction.'],
      },
    });
  });

  it('serves several fields loaded in one tick with one query, one part per field, each result from its own part', async () => {
    const db = new FakeDatabase({
      myoclonus: [edgeRow('myoclonus', 'seizures')],
      seizures: [edgeRow('seizures', 'epilepsy')],
    });
    const loaders = new RelationshipLoaders(db.asDatabase());
    expect(loaders.edges('causes')).toBe(loaders.edges('causes'));
    expect(loaders.edges('causes')).not.toBe(loaders.edges('effects'));
    const [causes, effects, moreCauses, moreEffects] = await Promise.all([
      loaders.edges('causes').load('myoclonus'),
      loaders.edges('effects').load('myoclonus'),
      loaders.edges('causes').load('faulty-immune-reaction'),
      loaders.edges('effects').load('seizures'),
    ]);
    expect(db.calls.map((c) => [c.cypher, c.params])).toEqual([
      [
        edgesQuery([withEvidence('causes'), withEvidence('effects')]),
        { ids0: ['myoclonus', 'faulty-immune-reaction'], ids1: ['myoclonus', 'seizures'] },
      ],
    ]);
    expect(causes?.map((e) => [e.node.id, e.relationship])).toEqual([['seizures', 'CAUSES']]);
    expect(effects?.map((e) => [e.node.id, e.relationship])).toEqual([['seizures', 'CAUSES']]);
    expect(moreCauses).toEqual([]);
    expect(moreEffects?.map((e) => e.node.id)).toEqual(['epilepsy']);
  });

  it('caches within a request: loading a key again later sends no new query', async () => {
    const db = new FakeDatabase(rows);
    const loaders = new RelationshipLoaders(db.asDatabase());
    await loaders.edges('causes').load('myoclonus');
    await loaders.edges('causes').load('myoclonus');
    expect(db.calls).toHaveLength(1);
  });

  it('sends a later tick its own batch, holding only the keys not loaded yet', async () => {
    const db = new FakeDatabase(rows);
    const loaders = new RelationshipLoaders(db.asDatabase());
    await loaders.edges('causes').load('myoclonus');
    await Promise.all([
      loaders.edges('causes').load('myoclonus'),
      loaders.edges('causes').load('infections'),
    ]);
    expect(db.calls.map((c) => db.idsOf(c))).toEqual([['myoclonus'], ['infections']]);
  });

  it('counts every query into the QueryStats passed in', async () => {
    const db = new FakeDatabase();
    const stats = newQueryStats();
    const loaders = new RelationshipLoaders(db.asDatabase().forRequest({ stats }));
    await Promise.all([
      loaders.edges('causes').load('myoclonus'),
      loaders.edges('features').load('myoclonus'),
      loaders.statements.load('myoclonus'),
    ]);
    // The two relationship fields share one query; statements have their own.
    expect(db.calls).toHaveLength(2);
    for (const call of db.calls) expect(call.stats).toBe(stats);
  });

  it('rejects every load of a batch when its query fails', async () => {
    const failure = new Error('connection lost');
    const db = new FakeDatabase(rows, failure);
    const loaders = new RelationshipLoaders(db.asDatabase());
    const loads = ['myoclonus', 'seizures'].map((k) => loaders.edges('causes').load(k));
    await expect(Promise.all(loads.map((p) => p.catch((e: unknown) => e)))).resolves.toEqual([
      failure,
      failure,
    ]);
    expect(db.calls).toHaveLength(1);
  });

  it('batches statements the same way: one query, grouped by key, [] where none', async () => {
    const statement = (key: string, kind: string, claim: string) => ({
      key,
      statement: {
        id: `${key}/${kind.toLowerCase()}/x`,
        kind,
        claim,
        population: null,
        evidenceSources: [SOURCE.id],
        evidenceQuotes: [`${claim}.`],
      },
      sources: [SOURCE],
    });
    const db = new FakeDatabase({
      'essential-myoclonus': [statement('essential-myoclonus', 'HARM', 'not harmful')],
      'benign-neonatal-sleep-myoclonus': [
        statement('benign-neonatal-sleep-myoclonus', 'HARM', 'harmless'),
        statement(
          'benign-neonatal-sleep-myoclonus',
          'PROGNOSIS',
          'about 95% of cases go away by 6 months of age',
        ),
      ],
    });
    const loaders = new RelationshipLoaders(db.asDatabase());
    const keys = ['essential-myoclonus', 'seizures', 'benign-neonatal-sleep-myoclonus'];
    const results = await Promise.all(keys.map((k) => loaders.statements.load(k)));
    expect(db.calls).toHaveLength(1);
    expect(db.calls[0]?.cypher).toBe(STATEMENTS_QUERY);
    expect(db.idsOf(db.calls[0])).toEqual(keys);
    expect(results.map((r) => r.map((s) => s.claim))).toEqual([
      ['not harmful'],
      [],
      ['harmless', 'about 95% of cases go away by 6 months of age'],
    ]);
    expect(results[0]?.[0]).toEqual({
      id: 'essential-myoclonus/harm/x',
      kind: 'HARM',
      claim: 'not harmful',
      population: null,
      evidence: [{ quote: 'not harmful.', source: SOURCE }],
    });
  });

  it('builds a fresh set of loaders per request, so nothing is cached across requests', async () => {
    const db = new FakeDatabase(rows);
    const cypher = new CypherService(db.asDatabase(), DEFAULT_CYPHER_LIMITS, createLogger('silent', 'json'));
    const first = createContext(db.asDatabase(), newServiceRequest('request-1', 10_000), cypher);
    const second = createContext(db.asDatabase(), newServiceRequest('request-2', 10_000), cypher);
    expect(second.loaders).not.toBe(first.loaders);
    expect(second.request.stats).not.toBe(first.request.stats);
    await first.loaders.relationships.edges('causes').load('myoclonus');
    await second.loaders.relationships.edges('causes').load('myoclonus');
    expect(db.calls).toHaveLength(2);
    expect(db.calls[0]?.stats).toBe(first.request.stats);
    expect(db.calls[1]?.stats).toBe(second.request.stats);
  });
});

describe('edgesBatch', () => {
  it('sends the Cypher edgeQuery builds from EDGES for each named field, its ids as $ids0', async () => {
    const db = new FakeDatabase();
    for (const name of Object.keys(EDGES) as EdgeName[]) {
      await edgesBatch(db.asDatabase())([
        { name, evidence: true, id: 'a' },
        { name, evidence: true, id: 'b' },
      ]);
    }
    expect(db.calls.map((c) => c.cypher)).toEqual(
      Object.values(EDGES).map((spec) => edgeQuery(spec, '$ids0', 0)),
    );
    for (const call of db.calls) expect(call.params).toEqual({ ids0: ['a', 'b'] });
  });

  it('sends one query text per set of fields, whatever order they were asked in', async () => {
    const db = new FakeDatabase();
    await edgesBatch(db.asDatabase())([
      { name: 'parts', evidence: true, id: 'a' },
      { name: 'causes', evidence: true, id: 'b' },
    ]);
    await edgesBatch(db.asDatabase())([
      { name: 'causes', evidence: true, id: 'c' },
      { name: 'parts', evidence: true, id: 'd' },
    ]);
    expect(db.calls.map((c) => c.cypher)).toEqual([
      edgesQuery([withEvidence('causes'), withEvidence('parts')]),
      edgesQuery([withEvidence('causes'), withEvidence('parts')]),
    ]);
    expect(edgesQuery([withEvidence('causes'), withEvidence('parts')])).toBe(
      `${edgeQuery(EDGES.causes, '$ids0', 0)}\nUNION ALL\n${edgeQuery(EDGES.parts, '$ids1', 1)}`,
    );
    expect(db.calls.map((c) => c.params)).toEqual([
      { ids0: ['b'], ids1: ['a'] },
      { ids0: ['c'], ids1: ['d'] },
    ]);
  });

  it('leaves the evidence out of a part asked for without it, and keeps the two apart', async () => {
    const db = new FakeDatabase({
      myoclonus: [
        { key: 'myoclonus', node: conceptRow('seizures'), rel: { population: null, statedAs: null } },
      ],
    });
    const [without, withIt] = await edgesBatch(db.asDatabase())([
      { name: 'causes', evidence: false, id: 'myoclonus' },
      { name: 'causes', evidence: true, id: 'myoclonus' },
    ]);
    const cypher = db.calls[0]?.cypher ?? '';
    expect(cypher).toBe(edgesQuery([{ name: 'causes', evidence: false }, withEvidence('causes')]));
    expect(edgeQuery(EDGES.causes, '$ids0', 0, false)).not.toContain('evidence');
    expect(without?.[0]?.evidence).toBeNull();
    expect(withIt).toHaveLength(1);
  });

  it('returns exactly one result per key, even when no key has rows', async () => {
    const result = await edgesBatch(new FakeDatabase().asDatabase())(
      ['x', 'y', 'z'].map((id) => ({ name: 'cancers', evidence: true, id })),
    );
    expect(result).toEqual([[], [], []]);
  });
});

describe('groupByKey', () => {
  it('returns one group per key in key order, ignoring rows for keys not asked for', () => {
    const rows = [
      { key: 'b', v: 1 },
      { key: 'a', v: 2 },
      { key: 'stray', v: 3 },
      { key: 'b', v: 4 },
    ];
    expect(groupByKey(['a', 'b', 'c'], rows, (r) => r.v)).toEqual([[2], [1, 4], []]);
  });
});

describe('conceptsBatch', () => {
  const db = new FakeDatabase({
    myoclonus: [{ key: 'myoclonus', node: conceptRow('myoclonus') }],
    neuroblastoma: [
      { key: 'neuroblastoma', node: conceptRow('neuroblastoma', ['Concept', 'Condition', 'Cancer']) },
    ],
  });

  it('sends one query for all ids and returns concepts in id order, null in the position of a missing id', async () => {
    const result = await conceptsBatch(db.asDatabase())([
      'neuroblastoma',
      'missing',
      'myoclonus',
      'also-missing',
    ]);
    expect(db.calls.map((c) => [c.cypher, c.params])).toEqual([
      [CONCEPTS_BY_IDS, { ids: ['neuroblastoma', 'missing', 'myoclonus', 'also-missing'] }],
    ]);
    expect(result.map((c) => c && { id: c.id, kind: c.kind })).toEqual([
      { id: 'neuroblastoma', kind: 'Cancer' },
      null,
      { id: 'myoclonus', kind: 'Condition' },
      null,
    ]);
  });

  it('backs the per-request concept loader, which batches loads of one tick', async () => {
    const fake = new FakeDatabase({ myoclonus: [{ key: 'myoclonus', node: conceptRow('myoclonus') }] });
    const stats = newQueryStats();
    const loaders = new Loaders(fake.asDatabase().forRequest({ stats }));
    const [a, b, c] = await Promise.all(
      ['myoclonus', 'missing', 'myoclonus'].map((id) => loaders.concepts.load(id)),
    );
    expect(fake.calls).toHaveLength(1);
    expect(fake.idsOf(fake.calls[0])).toEqual(['myoclonus', 'missing']);
    expect(fake.calls[0]?.stats).toBe(stats);
    expect([a?.id, b, c?.id]).toEqual(['myoclonus', null, 'myoclonus']);
  });
});

describe('edgeQuery', () => {
  it('builds the `causes` query: incoming CAUSES from any concept, for every id in $ids', () => {
    const cypher = edgeQuery(EDGES.causes);
    expect(
      cypher.startsWith('UNWIND $ids AS id\nMATCH (c:Concept {id: id})\nMATCH (c)<-[r:CAUSES]-(o:Concept)\n'),
    ).toBe(true);
    expect(cypher).toContain('<-[r:CAUSES]-');
    expect(cypher).toContain('RETURN 0 AS field, id AS key');
  });

  it.each<[EdgeName, string]>([
    ['causes', '(c)<-[r:CAUSES]-(o:Concept)'],
    ['effects', '(c)-[r:CAUSES]->(o:Concept)'],
    ['bodyRegions', '(c)-[r:AFFECTS]->(o:BodyRegion)'],
    ['regionConditions', '(c)<-[r:AFFECTS]-(o:Condition)'],
    ['cancers', '(c)-[r:ASSOCIATED_WITH]->(o:Cancer)'],
    ['cancerConditions', '(c)<-[r:ASSOCIATED_WITH]-(o:Condition)'],
    ['conditionParents', '(c)-[r:SUBTYPE_OF]->(o:Condition)'],
    ['conditionSubtypes', '(c)<-[r:SUBTYPE_OF]-(o:Condition)'],
    ['partOf', '(c)-[r:PART_OF]->(o:BodyRegion)'],
    ['parts', '(c)<-[r:PART_OF]-(o:BodyRegion)'],
    ['diagnosticTests', '(c)-[r:DIAGNOSED_BY]->(o:Procedure)'],
    ['aggravatedBy', '(c)-[r:AGGRAVATED_BY]->(o:Concept)'],
    ['mimickedBy', '(c)<-[r:MIMICS]-(o:Condition)'],
  ])('builds `%s` with the pattern %s', (name, pattern) => {
    expect(edgeQuery(EDGES[name])).toContain(`MATCH ${pattern}\n`);
  });

  it.each(Object.entries(EDGES) as Array<[EdgeName, (typeof EDGES)[EdgeName]]>)(
    'takes type, direction and end label of `%s` from EDGES and nothing else',
    (_name, spec) => {
      const cypher = edgeQuery(spec);
      const patterns = [...cypher.matchAll(/\(c\)(<?)-\[r:(\w+)\]-(>?)\((\w+):(\w+)\)/g)];
      expect(patterns).toHaveLength(1);
      const [, into, type, out, variable, label] = patterns[0] ?? [];
      expect({ type, direction: into === '<' ? 'IN' : out === '>' ? 'OUT' : '?', variable, label }).toEqual({
        type: spec.type,
        direction: spec.direction,
        variable: 'o',
        label: spec.endLabel,
      });
      // Values only as parameters: the one parameter is $ids, and the query reads the ids by UNWIND.
      expect([...new Set(cypher.match(/\$\w+/g))]).toEqual(['$ids']);
      expect(cypher).toMatch(/^UNWIND \$ids AS id\n/);
    },
  );

  it('orders rows by key, so each batch groups the same way whatever the database returns first', () => {
    expect(edgeQuery(EDGES.features)).toMatch(/\nORDER BY key, toLower\(o\.name\), o\.id$/);
  });
});

describe('Database.read', () => {
  // The real Database over a fake driver: shows that every query a loader sends counts in the request's stats.
  /** A fake driver whose sessions answer `run` with `respond`; it records the sessions it opened and closed. */
  function databaseWith(respond: () => Promise<{ records: Array<{ toObject(): object }> }>): Database {
    const session = () => ({ run: respond, close: async () => undefined });
    return new Database({ session } as never, 'neo4j');
  }

  it('counts each query into the QueryStats passed in, as one round trip with its time', async () => {
    const stats = newQueryStats();
    const db = databaseWith(async () => ({ records: [{ toObject: () => ({ key: 'a' }) }] }));
    await expect(db.read('RETURN 1', {}, { stats })).resolves.toEqual([{ key: 'a' }]);
    await db.read('RETURN 2', {}, { stats });
    expect(stats.roundTrips).toBe(2);
    expect(stats.dbMillis).toBeGreaterThanOrEqual(0);
  });

  it('counts a query that fails too', async () => {
    const stats = newQueryStats();
    const db = databaseWith(async () => {
      throw new Error('boom');
    });
    await expect(db.read('RETURN 1', {}, { stats })).rejects.toThrow('boom');
    expect(stats.roundTrips).toBe(1);
  });

  it('counts a whole loader batch as one round trip', async () => {
    const stats = newQueryStats();
    const db = databaseWith(async () => ({ records: [] }));
    const loaders = new RelationshipLoaders(db.forRequest({ stats }));
    await Promise.all(['a', 'b', 'c', 'd'].map((k) => loaders.edges('parts').load(k)));
    expect(stats.roundTrips).toBe(1);
  });
});

describe('Database.read retries', () => {
  const retryable = () =>
    new Neo4jError('leader switched', 'Neo.TransientError.General.DatabaseUnavailable', '', '');

  function databaseAnswering(answers: Array<() => Promise<unknown>>): {
    db: Database;
    runs: () => number;
    closed: () => number;
  } {
    let runs = 0;
    let closed = 0;
    const session = () => ({
      run: () => answers[runs++]!(),
      close: async () => {
        closed += 1;
      },
    });
    return { db: new Database({ session } as never, 'neo4j'), runs: () => runs, closed: () => closed };
  }

  it('retries a retryable failure once on a fresh session, and closes every session', async () => {
    const { db, runs, closed } = databaseAnswering([
      () => Promise.reject(retryable()),
      async () => ({ records: [{ toObject: () => ({ ok: 1 }) }] }),
    ]);
    await expect(db.read('RETURN 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
    expect(runs()).toBe(2);
    expect(closed()).toBe(2);
  });

  it('does not retry twice, nor retry a failure that is not retryable', async () => {
    const twice = databaseAnswering([() => Promise.reject(retryable()), () => Promise.reject(retryable())]);
    await expect(twice.db.read('RETURN 1')).rejects.toThrow('leader switched');
    expect(twice.runs()).toBe(2);
    const syntax = databaseAnswering([
      () => Promise.reject(new Neo4jError('Invalid input', 'Neo.ClientError.Statement.SyntaxError', '', '')),
    ]);
    await expect(syntax.db.read('RETURN')).rejects.toThrow('Invalid input');
    expect(syntax.runs()).toBe(1);
  });
});
