/**
 * Hostile Cypher against the read-only endpoint, on the real Neo4j: every statement that writes, changes the
 * schema, administers the server, reads files or URLs or calls a procedure outside the allowlist is refused with a
 * precise code, nothing is written, no token is created, and no error message leaks driver or JVM internals. Then
 * each layer of the defence is checked on its own (the plan check, the read transaction, the server's settings,
 * the memory limit, the query-length cap), so that none of them silently relies on another.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j, { Neo4jError } from 'neo4j-driver';
import type { ResultSummary } from 'neo4j-driver';
import { CypherError } from '../../src/cypher/cypher.errors';
import type { CypherErrorCode } from '../../src/cypher/cypher.errors';
import { checkPlan } from '../../src/cypher/cypher.policy';
import type { Refusal } from '../../src/cypher/cypher.policy';
import { streamRows } from '../../src/cypher/cypher.service';
import type { Database } from '../../src/neo4j/database';
import { PROJECT_ROOT } from '../../src/paths';
import { createTestApi } from '../helpers/api';
import type { TestApi } from '../helpers/api';
import { graphChecksum, openTestDatabase, resetToSeed } from '../helpers/db';
import type { GraphChecksum } from '../helpers/db';

interface Hostile {
  /** What the statement tries. */
  name: string;
  query: string;
  params?: Record<string, unknown>;
  /** The code observed on Neo4j 5.26: always a refusal, never a success. */
  code: CypherErrorCode;
}

const W: CypherErrorCode = 'CYPHER_WRITE_REFUSED';
const R: CypherErrorCode = 'CYPHER_REFUSED';
const S: CypherErrorCode = 'CYPHER_SYNTAX_ERROR';

/** Tokens the statements below would create if any of them ran: none may exist afterwards. */
const PROBE_LABELS = ['Intruder', 'Pwned', 'HostileLabel'];
const PROBE_TYPES = ['HOSTILE_TYPE', 'PWNED_BY'];
const PROBE_PROPERTIES = ['pwned', 'hostileProperty'];

const HOSTILE: Hostile[] = [
  // Write clauses.
  { name: 'CREATE', query: "CREATE (:Intruder {id: 'intruder'}) RETURN 1 AS x", code: W },
  {
    name: 'CREATE a relationship',
    query: 'MATCH (a:Concept), (b:Concept) CREATE (a)-[:PWNED_BY]->(b)',
    code: W,
  },
  {
    name: 'MERGE (matching an existing node)',
    query: "MERGE (c:Concept {id: 'myoclonus'}) RETURN c.id AS id",
    code: W,
  },
  {
    name: 'SET a property',
    query: "MATCH (c:Concept {id: 'myoclonus'}) SET c.name = 'pwned' RETURN c.name AS name",
    code: W,
  },
  {
    name: 'SET a label',
    query: "MATCH (c:Concept {id: 'myoclonus'}) SET c:Pwned RETURN c.id AS id",
    code: W,
  },
  {
    name: 'SET += a map',
    query: "MATCH (c:Concept {id: 'myoclonus'}) SET c += {pwned: true} RETURN c.id AS id",
    code: W,
  },
  {
    name: 'DELETE relationships',
    query: "MATCH (:Concept {id: 'myoclonus'})-[r]-() DELETE r RETURN count(*) AS n",
    code: W,
  },
  { name: 'DETACH DELETE everything', query: 'MATCH (n) DETACH DELETE n', code: W },
  {
    name: 'REMOVE a property',
    query: "MATCH (c:Concept {id: 'myoclonus'}) REMOVE c.name RETURN c.id AS id",
    code: W,
  },
  {
    name: 'REMOVE a label',
    query: "MATCH (c:Concept {id: 'myoclonus'}) REMOVE c:Condition RETURN c.id AS id",
    code: W,
  },
  { name: 'FOREACH with SET', query: 'MATCH (c:Concept) FOREACH (x IN [1] | SET c.pwned = x)', code: W },
  {
    name: 'CALL { ... } IN TRANSACTIONS with a write',
    query: 'MATCH (c:Concept) CALL { WITH c SET c.pwned = true } IN TRANSACTIONS OF 10 ROWS',
    code: W,
  },
  {
    name: 'CALL { ... } IN TRANSACTIONS, read only',
    query: 'UNWIND [1, 2] AS x CALL { WITH x RETURN x * 2 AS y } IN TRANSACTIONS RETURN y',
    code: R,
  },
  // Writes hidden behind other clauses.
  {
    name: 'CREATE inside CALL { }',
    query: "CALL { CREATE (n:Intruder {id: 'intruder'}) RETURN n } RETURN n.id AS id",
    code: W,
  },
  {
    name: 'DETACH DELETE inside a unit CALL { }',
    query: "MATCH (c:Concept {id: 'myoclonus'}) CALL { WITH c DETACH DELETE c } RETURN 1 AS x",
    code: W,
  },
  {
    name: 'CREATE behind UNION',
    query:
      "MATCH (c:Concept {id: 'myoclonus'}) RETURN c.id AS id UNION CREATE (n:Intruder {id: 'intruder'}) RETURN n.id AS id",
    code: W,
  },
  {
    name: 'SET behind UNION ALL',
    query:
      "MATCH (c:Concept {id: 'myoclonus'}) RETURN c.id AS id UNION ALL MATCH (d:Concept) SET d.pwned = 1 RETURN d.id AS id",
    code: W,
  },
  {
    name: 'SET behind WITH',
    query: "MATCH (c:Concept {id: 'myoclonus'}) WITH c SET c.name = 'pwned' WITH c RETURN c.name AS name",
    code: W,
  },
  { name: 'CREATE behind WITH', query: 'WITH 1 AS x CREATE (:Intruder) RETURN x', code: W },
  {
    name: 'EXPLAIN CREATE (the caller asks for a plan only)',
    query: "EXPLAIN CREATE (:Intruder {id: 'intruder'}) RETURN 1 AS x",
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'PROFILE DETACH DELETE (would run the write to profile it)',
    query: '// a comment first\nPROFILE MATCH (n) DETACH DELETE n',
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'two statements, the second a write',
    query: 'MATCH (n) RETURN count(n) AS n; CREATE (:Intruder)',
    code: S,
  },
  // Files and URLs.
  {
    name: 'LOAD CSV from file:///etc/passwd',
    query: "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    code: R,
  },
  {
    name: 'LOAD CSV from http://',
    query: "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line RETURN line",
    code: R,
  },
  {
    name: 'LOAD CSV WITH HEADERS from a parameter URL',
    query: 'LOAD CSV WITH HEADERS FROM $url AS row RETURN row',
    params: { url: 'http://127.0.0.1:9/x.csv' },
    code: R,
  },
  {
    name: 'LOAD CSV inside CALL { }',
    query: "CALL { LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line RETURN line } RETURN line",
    code: R,
  },
  // APOC (not installed: no such procedure).
  {
    name: 'apoc.load.json',
    query: "CALL apoc.load.json('http://127.0.0.1:9/x.json') YIELD value RETURN value",
    code: R,
  },
  {
    name: 'apoc.load.csv',
    query: "CALL apoc.load.csv('file:///etc/passwd') YIELD list RETURN list",
    code: R,
  },
  {
    name: 'apoc.import.csv',
    query: "CALL apoc.import.csv([{fileName: 'file:///etc/passwd', labels: ['Intruder']}], [], {})",
    code: R,
  },
  { name: 'apoc.export.csv.all', query: "CALL apoc.export.csv.all('/tmp/graph.csv', {})", code: R },
  {
    name: 'apoc.periodic.iterate',
    query: "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {batchSize: 100})",
    code: R,
  },
  {
    name: 'apoc.periodic.commit',
    query: "CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT 100 DETACH DELETE n RETURN count(*)', {})",
    code: R,
  },
  { name: 'an APOC function (apoc.version)', query: 'RETURN apoc.version() AS v', code: S },
  // Schema.
  { name: 'CREATE INDEX', query: 'CREATE INDEX hostile_name FOR (c:Concept) ON (c.name)', code: W },
  { name: 'DROP INDEX', query: 'DROP INDEX condition_name_key', code: W },
  {
    name: 'CREATE CONSTRAINT',
    query: 'CREATE CONSTRAINT hostile_unique FOR (c:Concept) REQUIRE c.name IS UNIQUE',
    code: W,
  },
  { name: 'DROP CONSTRAINT concept_id_unique', query: 'DROP CONSTRAINT concept_id_unique', code: W },
  {
    name: 'CREATE FULLTEXT INDEX',
    query: 'CREATE FULLTEXT INDEX hostile_fulltext FOR (c:Concept) ON EACH [c.name]',
    code: W,
  },
  { name: 'DROP the full-text index the API uses', query: 'DROP INDEX concept_search', code: W },
  // Users, databases and the server.
  {
    name: 'CREATE USER',
    query: "CREATE USER mallory SET PASSWORD 'correct-horse-battery' CHANGE NOT REQUIRED",
    code: W,
  },
  { name: 'ALTER USER', query: "ALTER USER neo4j SET PASSWORD 'pwned-password-1'", code: W },
  { name: 'SHOW USERS', query: 'SHOW USERS', code: W },
  { name: 'SHOW CURRENT USER', query: 'SHOW CURRENT USER', code: W },
  { name: 'SHOW PRIVILEGES (community: unsupported)', query: 'SHOW PRIVILEGES', code: S },
  { name: 'CREATE DATABASE (community: unsupported)', query: 'CREATE DATABASE hostile', code: S },
  { name: 'STOP DATABASE (community: unsupported)', query: 'STOP DATABASE neo4j', code: S },
  { name: 'SHOW DATABASES', query: 'SHOW DATABASES', code: W },
  { name: 'SHOW SERVERS (community: unsupported)', query: 'SHOW SERVERS', code: S },
  { name: 'USE system SHOW USERS', query: 'USE system SHOW USERS', code: S },
  { name: 'USE system MATCH', query: 'USE system MATCH (n) RETURN n', code: S },
  { name: 'USE system SHOW INDEXES', query: 'USE system SHOW INDEXES', code: S },
  {
    name: 'USE system with an allowed procedure',
    query: 'USE system CALL db.labels() YIELD label RETURN label',
    code: W,
  },
  {
    name: 'USE system with a procedure',
    query: 'USE system CALL dbms.components() YIELD name RETURN name',
    code: W,
  },
  { name: 'TERMINATE TRANSACTIONS', query: "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", code: R },
  { name: 'SHOW TRANSACTIONS', query: 'SHOW TRANSACTIONS', code: R },
  { name: 'SHOW SETTINGS', query: 'SHOW SETTINGS', code: R },
  // Procedures that write or administer, and read procedures outside the allowlist.
  { name: 'db.createLabel', query: "CALL db.createLabel('HostileLabel')", code: W },
  { name: 'db.createProperty', query: "CALL db.createProperty('hostileProperty')", code: W },
  { name: 'db.createRelationshipType', query: "CALL db.createRelationshipType('HOSTILE_TYPE')", code: W },
  { name: 'db.clearQueryCaches', query: 'CALL db.clearQueryCaches()', code: W },
  {
    name: 'dbms.setConfigValue (not registered)',
    query: "CALL dbms.setConfigValue('db.transaction.timeout', '0')",
    code: R,
  },
  { name: 'dbms.listConfig', query: 'CALL dbms.listConfig() YIELD name, value RETURN name, value', code: W },
  {
    name: 'dbms.components (on the server allowlist only)',
    query: 'CALL dbms.components() YIELD name RETURN name',
    code: W,
  },
  { name: 'db.awaitIndexes (read, not in ALLOWED_PROCEDURES)', query: 'CALL db.awaitIndexes(1)', code: R },
  // A parameter name that tries to inject: refused before Neo4j sees anything.
  {
    name: 'a parameter name that injects',
    query: 'MATCH (n) RETURN n.id AS id LIMIT 1',
    params: { 'x}) DETACH DELETE n //': 1 },
    code: 'BAD_USER_INPUT',
  },
];

/** Driver class names, Java packages or stack frames: what a message for an analyst must never carry. */
function expectNoInternals(message: string): void {
  expect(message).not.toContain('Neo4jError');
  expect(message).not.toContain('org.neo4j');
  expect(message).not.toContain('java.');
  // 'at ' as a stack frame ("    at Foo.bar (file:1:2)" or "at org.x.Y(...)"), not the two letters inside "that ".
  expect(message).not.toMatch(/(^|\n)\s*at /);
  expect(message).not.toMatch(/\bat [\w$.<>]+ ?\(/);
  expect(message).not.toMatch(/\.(ts|js|java):\d+/);
}

/** The error `promise` rejects with; fails the test when it resolves. */
async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a refusal, got a result: ${JSON.stringify(value).slice(0, 300)}`);
    },
    (error: unknown) => error,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** EXPLAIN in a session of `db`'s database: the plan and query type Neo4j would run, nothing executed. */
async function explainSummary(db: Database, statement: string): Promise<ResultSummary> {
  const session = db.driver.session({ database: db.name });
  try {
    const tx = await session.beginTransaction();
    try {
      return (await tx.run(`EXPLAIN ${statement}`)).summary;
    } finally {
      await tx.rollback();
    }
  } finally {
    await session.close();
  }
}

/** Notification codes Neo4j raises when planning `statement` (UnknownLabelWarning and the like). */
async function planNotifications(db: Database, statement: string): Promise<string[]> {
  return (await explainSummary(db, statement)).notifications.map((n) => n.code);
}

/** Every label, relationship type and property key token the probes would create, that exists now. */
async function existingProbeTokens(db: Database): Promise<string[]> {
  const found: string[] = [];
  for (const label of PROBE_LABELS) {
    const codes = await planNotifications(db, `MATCH (n:${label}) RETURN n`);
    if (!codes.includes('Neo.ClientNotification.Statement.UnknownLabelWarning')) found.push(`:${label}`);
  }
  for (const type of PROBE_TYPES) {
    const codes = await planNotifications(db, `MATCH ()-[r:${type}]->() RETURN r`);
    if (!codes.includes('Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning'))
      found.push(`[:${type}]`);
  }
  for (const key of PROBE_PROPERTIES) {
    const codes = await planNotifications(db, `MATCH (n) WHERE n.${key} IS NOT NULL RETURN n`);
    if (!codes.includes('Neo.ClientNotification.Statement.UnknownPropertyKeyWarning')) found.push(`.${key}`);
  }
  return found;
}

interface Catalogue {
  labels: string[];
  types: string[];
  keys: string[];
  indexes: string[];
  constraints: string[];
}

async function catalogue(db: Database): Promise<Catalogue> {
  const list = async (query: string): Promise<string[]> =>
    (await db.read<{ v: string }>(query)).map((r) => r.v).sort();
  return {
    labels: await list('CALL db.labels() YIELD label RETURN label AS v'),
    types: await list('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS v'),
    keys: await list('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS v'),
    indexes: await list("SHOW INDEXES YIELD name, state RETURN name + ':' + state AS v"),
    constraints: await list('SHOW CONSTRAINTS YIELD name RETURN name AS v'),
  };
}

describe('hostile Cypher through CypherService.run', () => {
  let db: Database;
  let api: TestApi;
  let before: GraphChecksum;
  let catalogueBefore: Catalogue;
  const refusalMillis: number[] = [];

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
    before = await graphChecksum(db);
    catalogueBefore = await catalogue(db);
    // The probes' tokens must not exist yet, or the check at the end would prove nothing.
    expect(await existingProbeTokens(db)).toEqual([]);
  });

  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  it('has the statements the brief asks for', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE.map((h) => h.name)).size).toBe(HOSTILE.length);
  });

  it.each(HOSTILE)('refuses $name with $code', async ({ query, params, code }) => {
    const started = performance.now();
    const error = await refusalOf(api.cypher.run({ query, params }));
    refusalMillis.push(performance.now() - started);

    expect(error).toBeInstanceOf(CypherError);
    const refusal = error as CypherError;
    expect({ code: refusal.code, message: refusal.message }).toEqual({ code, message: expect.any(String) });
    expect(refusal.message.length).toBeGreaterThan(0);
    expectNoInternals(refusal.message);
    expect(refusal.stack ?? '').not.toContain('Neo4jError');
    // Nothing written: the whole graph (labels, properties, relationships) is as before.
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('treats a parameter value that looks like Cypher as data', async () => {
    const query = 'MATCH (c:Concept {id: $id}) RETURN c.name AS name';
    const injected = await api.cypher.run({ query, params: { id: "myoclonus'}) DETACH DELETE c //" } });
    expect(injected.rows).toEqual([]);
    expect(injected.truncated).toBe(false);
    // The same query with a real id finds the node: zero rows above means "no such id", not a broken query.
    const real = await api.cypher.run({ query, params: { id: 'myoclonus' } });
    expect(real.rows).toHaveLength(1);
    expect(await graphChecksum(db)).toEqual(before);
  });

  it('answers an execution error of an allowed procedure with CYPHER_EXECUTION_ERROR', async () => {
    const error = await refusalOf(
      api.cypher.run({
        query: "CALL db.index.fulltext.queryNodes('no_such_index', 'x') YIELD node RETURN node",
      }),
    );
    expect(error).toBeInstanceOf(CypherError);
    expect((error as CypherError).code).toBe('CYPHER_EXECUTION_ERROR');
    expect((error as CypherError).message).toContain('no_such_index');
  });

  it.each([
    [
      "CALL db.index.fulltext.queryNodes('no_such_index', 'x') YIELD node RETURN node",
      /no such fulltext schema index/,
    ],
    [
      "CALL db.index.fulltext.queryNodes('concept_search', 'AND') YIELD node RETURN node",
      /Encountered .*AND/,
    ],
  ])(
    'keeps Java class names out of an execution error of an allowed procedure: %s',
    async (query, readable) => {
      const error = await refusalOf(api.cypher.run({ query }));
      const message = (error as CypherError).message;
      expectNoInternals(message);
      expect(message).not.toMatch(/java\.|org\.apache|Exception|Caused by/);
      expect(message).toMatch(readable);
      expect(message.split('\n').length).toBeLessThanOrEqual(3);
    },
  );

  it('left the graph, the schema and the token store unchanged', async () => {
    expect(refusalMillis).toHaveLength(HOSTILE.length);
    expect(await graphChecksum(db)).toEqual(before);
    expect(await catalogue(db)).toEqual(catalogueBefore);
    expect(await existingProbeTokens(db)).toEqual([]);
    const labels = (await db.read<{ label: string }>('CALL db.labels() YIELD label RETURN label')).map(
      (r) => r.label,
    );
    for (const label of PROBE_LABELS) expect(labels).not.toContain(label);
    const keys = (
      await db.read<{ k: string }>('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS k')
    ).map((r) => r.k);
    for (const key of PROBE_PROPERTIES) expect(keys).not.toContain(key);
    // No user or database was created (administration commands route to the system database by themselves).
    const users = await db.read<{ user: string }>('SHOW USERS YIELD user RETURN user');
    expect(users.map((u) => u.user)).not.toContain('mallory');
    const databases = await db.read<{ name: string; currentStatus: string }>(
      'SHOW DATABASES YIELD name, currentStatus RETURN name, currentStatus',
    );
    expect(databases.map((d) => d.name)).not.toContain('hostile');
    expect(databases.find((d) => d.name === db.name)?.currentStatus).toBe('online');

    const max = Math.max(...refusalMillis);
    console.log(
      `cypher-hostile: ${refusalMillis.length} statements refused; time-to-refusal median ` +
        `${median(refusalMillis).toFixed(1)} ms, max ${max.toFixed(1)} ms`,
    );
  });
});

describe('layer 1: the plan check alone, on plans from the real Neo4j', () => {
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  const check = async (statement: string): Promise<Refusal | null> => {
    const summary = await explainSummary(db, statement);
    return checkPlan({ queryType: summary.queryType, plan: summary.plan }, db.name);
  };

  it.each<[string, Refusal['code']]>([
    ["CREATE (:Intruder {id: 'intruder'}) RETURN 1 AS x", 'CYPHER_WRITE_REFUSED'],
    [
      "MATCH (c:Concept {id: 'myoclonus'}) SET c.name = 'pwned' RETURN c.name AS name",
      'CYPHER_WRITE_REFUSED',
    ],
    ['SHOW USERS', 'CYPHER_WRITE_REFUSED'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'CYPHER_REFUSED'],
    ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 'CYPHER_REFUSED'],
    ['CALL db.clearQueryCaches()', 'CYPHER_WRITE_REFUSED'],
    ['SHOW TRANSACTIONS', 'CYPHER_REFUSED'],
    ['CALL db.awaitIndexes(1)', 'CYPHER_REFUSED'],
  ])('refuses %s (%s)', async (statement, code) => {
    const refusal = await check(statement);
    expect(refusal).toEqual({ code, message: expect.stringMatching(/^Refused: /) });
  });

  it.each([
    "MATCH (c:Concept {id: 'myoclonus'})-[r]->(x) RETURN c.name AS name, type(r) AS type, x.id AS id",
    'CALL db.labels() YIELD label RETURN label',
    "CALL db.index.fulltext.queryNodes('concept_search', 'myoclonus') YIELD node RETURN node.id AS id",
    'SHOW INDEXES',
  ])('lets a read through: %s', async (statement) => {
    expect(await check(statement)).toBeNull();
  });
});

describe('layer 2: the read transaction alone (no plan check)', () => {
  let db: Database;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('Neo4j refuses a write in a READ transaction with Statement.AccessMode', async () => {
    const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
    try {
      const tx = await session.beginTransaction();
      try {
        const error = await refusalOf(streamRows(tx, 'CREATE (:Intruder) RETURN 1 AS x', {}, 10));
        expect(error).toBeInstanceOf(Neo4jError);
        expect((error as Neo4jError).code).toBe('Neo.ClientError.Statement.AccessMode');
      } finally {
        if (tx.isOpen()) await tx.rollback();
      }
    } finally {
      await session.close();
    }
    const intruders = await db.read<{ n: number }>('MATCH (n) WHERE n:Intruder RETURN count(n) AS n');
    expect(intruders).toEqual([{ n: 0 }]);
    // Not even the label token was created.
    expect(await planNotifications(db, 'MATCH (n:Intruder) RETURN n')).toContain(
      'Neo.ClientNotification.Statement.UnknownLabelWarning',
    );
  });
});

describe('layer 3: the server-side settings of config/neo4j.conf are in force', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  /** The value of `name` in config/neo4j.conf (the last assignment wins, as in Neo4j). */
  function confValue(name: string): string {
    const text = readFileSync(path.join(PROJECT_ROOT, 'config', 'neo4j.conf'), 'utf8');
    const values = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => !line.startsWith('#') && line.startsWith(`${name}=`))
      .map((line) => line.slice(name.length + 1).trim());
    const value = values.at(-1);
    if (value === undefined) throw new Error(`${name} is not set in config/neo4j.conf`);
    return value;
  }

  it('has the transaction timeout, memory limit, procedure allowlist and CSV setting of the config', async () => {
    const names = [
      'db.transaction.timeout',
      'db.memory.transaction.max',
      'dbms.security.procedures.allowlist',
      'dbms.security.allow_csv_import_from_file_urls',
    ];
    const rows = await db.read<{ name: string; value: string }>(
      'SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value',
      { names },
    );
    const settings = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    // The config says 30s and 128m; Neo4j prints them as below.
    expect(confValue('db.transaction.timeout')).toBe('30s');
    expect(confValue('db.memory.transaction.max')).toBe('128m');
    expect(settings).toEqual({
      'db.transaction.timeout': '30s',
      'db.memory.transaction.max': '128.00MiB',
      'dbms.security.procedures.allowlist': confValue('dbms.security.procedures.allowlist'),
      'dbms.security.allow_csv_import_from_file_urls': 'false',
    });
  });
});

describe('layers 4 and 5: the memory limit and the query-length cap', () => {
  let db: Database;
  let api: TestApi;

  beforeAll(async () => {
    db = openTestDatabase();
    await resetToSeed(db);
    api = await createTestApi(db);
  });

  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  it('stops a query that needs more memory than one transaction may use', async () => {
    const error = await refusalOf(
      api.cypher.run({ query: 'UNWIND range(1, 20000000) AS i WITH collect(i) AS l RETURN size(l) AS n' }),
    );
    expect(error).toBeInstanceOf(CypherError);
    expect((error as CypherError).code).toBe('CYPHER_MEMORY_LIMIT');
    expectNoInternals((error as CypherError).message);
    // The server is fine afterwards.
    expect((await api.cypher.run({ query: 'RETURN 1 AS x' })).rows).toEqual([{ x: 1 }]);
  }, 120_000);

  it('refuses a query one character longer than maxQueryLength, and runs one of exactly that length', async () => {
    const max = api.cypher.limits.maxQueryLength;
    const head = 'RETURN 1 AS x // ';
    const exact = head + 'x'.repeat(max - head.length);
    expect(exact).toHaveLength(max);

    const tooLong = exact + 'x';
    const started = performance.now();
    const error = await refusalOf(api.cypher.run({ query: tooLong }));
    const millis = performance.now() - started;
    expect(error).toBeInstanceOf(CypherError);
    expect((error as CypherError).code).toBe('CYPHER_QUERY_TOO_LONG');
    expect((error as CypherError).message).toContain(String(max));
    // Refused before Neo4j is asked anything.
    expect(millis).toBeLessThan(1_000);

    const result = await api.cypher.run({ query: exact });
    expect(result.rows).toEqual([{ x: 1 }]);
  });
});
