/**
 * Hostile requests for the service, as data: each with a name, a category, the HTTP request and the outcome the
 * service owes it (README "Operation limits" and issue 6). Used by `npm run proof:hostile` and reusable in a jest
 * test (`HOSTILE_DOCUMENTS`, `toFetch`, `checkOutcome`).
 *
 * The service runs in production mode (NODE_ENV=production: introspection off, no field suggestions). A request
 * refused before it runs gets an HTTP 4xx; an error a resolver raises (BAD_USER_INPUT, NOT_FOUND, and in GraphQL
 * CYPHER_WRITE_REFUSED) comes with HTTP 200 beside `data`, as GraphQL over HTTP has it. Ids and names come from the
 * article's seed (seeds/), so the documents work on the seed alone and on the seed plus the benchmark graph.
 */
import { gzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';

export type HostileCategory =
  | 'depth'
  | 'aliases'
  | 'field duplication'
  | 'directives'
  | 'fragments'
  | 'tokens'
  | 'cost'
  | 'batching'
  | 'body size'
  | 'pagination'
  | 'introspection'
  | 'lucene'
  | 'cypher'
  | 'malformed JSON'
  | 'content type'
  | 'csrf'
  | 'operation';

export interface HostileRequest {
  method: 'GET' | 'POST';
  /** Path and query string: `/graphql`, `/graphql?query=...`, `/cypher`. */
  path: string;
  /** The Content-Type header; absent: none is sent. */
  contentType?: string;
  headers?: Readonly<Record<string, string>>;
  /** A raw body: text, bytes, or a function that makes a big one (called once, on first use). */
  body?: string | Uint8Array | (() => string | Uint8Array);
  /** Send the body in 64 KiB chunks without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** A GraphQL request, sent as a JSON body with Content-Type application/json. */
  graphql?: { query: string; variables?: Record<string, unknown>; operationName?: string };
}

/** What the service owes a document. */
export type HostileExpectation =
  /** Refused (or answered with an error) with this HTTP status and `errors[0].extensions.code` (`error.code` on /cypher). */
  | {
      status: number;
      code: string;
      /** No error message may carry a "Did you mean ...?" suggestion (production hides the schema). */
      noSuggestions?: boolean;
    }
  /** Treated as data: HTTP 200, no `errors`; `check` looks further into the body (undefined: fine). */
  | { status: 200; answered: true; check?: (body: Record<string, unknown>) => string | undefined };

export interface HostileDocument {
  name: string;
  category: HostileCategory;
  request: HostileRequest;
  expect: HostileExpectation;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

const gql = (query: string, variables?: Record<string, unknown>, operationName?: string): HostileRequest => ({
  method: 'POST',
  path: '/graphql',
  graphql: { query, variables, operationName },
});

const post = (body: HostileRequest['body'], contentType?: string, path = '/graphql'): HostileRequest => ({
  method: 'POST',
  path,
  contentType,
  body,
});

const refused = (status: number, code: string): HostileExpectation => ({ status, code });
const answered = (check?: (body: Record<string, unknown>) => string | undefined): HostileExpectation => ({
  status: 200,
  answered: true,
  check,
});

/** `{ data: { <field>: ... } }` of a body, or undefined. */
const dataField = (body: Record<string, unknown>, field: string): unknown =>
  (body.data as Record<string, unknown> | null | undefined)?.[field];

const isNull =
  (field: string) =>
  (body: Record<string, unknown>): string | undefined =>
    dataField(body, field) === null ? undefined : `data.${field} should be null (nothing has that id)`;

const noHits = (body: Record<string, unknown>): string | undefined => {
  const total = (dataField(body, 'search') as { totalCount?: number } | undefined)?.totalCount;
  return total === 0 ? undefined : `query syntax alone must match nothing, found totalCount ${total}`;
};

/** A query of exactly `depth` field levels: parts of parts of the mouth. */
function deepQuery(depth: number): string {
  const pairs = Math.floor((depth - 2) / 2);
  const leaf = depth % 2 === 0 ? 'id' : 'evidence { quote }';
  return `{ concept(id: "mouth") { ... on BodyRegion { ${'parts { node { '.repeat(pairs)}${leaf}${' } }'.repeat(pairs)} } } }`;
}

/** `count` aliased root fields. */
const aliases = (count: number) =>
  Array.from({ length: count }, (_, i) => `a${i}: concept(id: "myoclonus") { id }`).join(' ');

/** A JSON body of `bytes` bytes: a small query, padded in an unused extension. */
function paddedBody(bytes: number): string {
  const empty = JSON.stringify({ query: '{ __typename }', extensions: { pad: '' } });
  return JSON.stringify({ query: '{ __typename }', extensions: { pad: 'x'.repeat(bytes - empty.length) } });
}

const TEN_MB = 10 * 1024 * 1024;

/** Lucene query syntax: in search text it must be plain text; anywhere else it is a value like any other. */
export const LUCENE_PAYLOADS = [
  'name:"x" AND (*',
  '*:*',
  '*',
  'myoclonus~',
  'myoclonus~0.1 OR jerk*',
  '\\',
  '/myoc.*/',
  'id:[* TO *]',
  '"unterminated',
  '+myoclonus -"x" && || ! ( ) { } [ ] ^ ~ ? : \\ /',
  'AND OR NOT',
] as const;

/** Cypher injection attempts: every value is a parameter, so each is a string like any other. */
export const CYPHER_PAYLOADS = [
  "'}) MATCH (n) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x') RETURN 1 AS x UNION MATCH (n) DETACH DELETE n RETURN 1 AS x //",
  "' OR 1=1 WITH 1 AS x CALL db.labels() YIELD label RETURN label //",
  '`}) CREATE (:Pwned {id: "x"}) //',
  '$id}) MATCH (n) SET n.pwned = true //',
] as const;

/** The same without white space, so that they pass the format of an id and reach Neo4j as one. */
const ID_LUCENE = '*:*';
const ID_LUCENE_2 = 'name:"x"AND(*~/.*/\\';
const ID_CYPHER = "x'})MATCH(n)DETACH/**/DELETE/**/n//";
const ID_CYPHER_2 = 'x"}]->()<-[r]-()DELETE/**/r//';

// ---------------------------------------------------------------------------------------------------------------
// The documents

const limits: HostileDocument[] = [
  // Depth (GRAPHQL_MAX_DEPTH 10).
  {
    name: 'depth 11, one past the limit',
    category: 'depth',
    request: gql(deepQuery(11)),
    expect: refused(400, 'QUERY_TOO_DEEP'),
  },
  {
    name: 'depth 100',
    category: 'depth',
    request: gql(deepQuery(100)),
    expect: refused(400, 'QUERY_TOO_DEEP'),
  },
  {
    name: 'depth 14 hidden in nested inline fragments',
    category: 'depth',
    request: gql(
      `{ concept(id: "mouth") { ${'... on BodyRegion { parts { node { '.repeat(6)}id${' } } }'.repeat(6)} } }`,
    ),
    expect: refused(400, 'QUERY_TOO_DEEP'),
  },
  {
    name: '5,000 nested selection sets (parser recursion)',
    category: 'depth',
    request: gql(`{ ${'a { '.repeat(5000)}b${' }'.repeat(5000)} }`),
    expect: refused(400, 'TOO_MANY_TOKENS'),
  },
  // Aliases (GRAPHQL_MAX_ALIASES 15).
  {
    name: '16 aliases, one past the limit',
    category: 'aliases',
    request: gql(`{ ${aliases(16)} }`),
    expect: refused(400, 'TOO_MANY_ALIASES'),
  },
  {
    name: '90 aliases of one lookup',
    category: 'aliases',
    request: gql(`{ ${aliases(90)} }`),
    expect: refused(400, 'TOO_MANY_ALIASES'),
  },
  {
    name: '16 aliases hidden in a fragment',
    category: 'aliases',
    request: gql(`{ ...F } fragment F on Query { ${aliases(16)} }`),
    expect: refused(400, 'TOO_MANY_ALIASES'),
  },
  {
    name: 'alias flood: 2,000 aliases',
    category: 'aliases',
    request: gql(`{ ${aliases(2000)} }`),
    expect: refused(400, 'TOO_MANY_TOKENS'),
  },
  {
    name: '15 aliases of the most expensive traversal (500 paths of 6 hops each)',
    category: 'aliases',
    request: gql(
      `{ ${Array.from(
        { length: 15 },
        (_, i) =>
          `c${i}: causalChains(from: "myoclonus", include: [HAS_FEATURE, SUBTYPE_OF], maxDepth: 6, first: 500) { hops { node { id } evidence { quote } } }`,
      ).join(' ')} }`,
    ),
    expect: refused(400, 'QUERY_TOO_COMPLEX'),
  },
  // Field duplication: the same field over and over, without aliases (graphql-js merges the copies).
  {
    name: 'field duplication: name 3,000 times',
    category: 'field duplication',
    request: gql(`{ concept(id: "myoclonus") { ${'name '.repeat(3000)}} }`),
    expect: refused(400, 'TOO_MANY_TOKENS'),
  },
  {
    // Within the token limit: graphql-js's overlap check has a work budget and aborts validation past it.
    name: 'field duplication: name 900 times (within the token limit)',
    category: 'field duplication',
    request: gql(`{ concept(id: "myoclonus") { ${'name '.repeat(900)}} }`),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    // graphql-js merges the copies and runs the field once: an answer like that of one copy, not a refusal.
    name: 'field duplication: an expensive list field 60 times',
    category: 'field duplication',
    request: gql(
      `{ concept(id: "myoclonus") { ... on Condition { ${'descendants(maxDepth: 30) { node { id } } '.repeat(60)}} } }`,
    ),
    expect: answered(),
  },
  // Directives (GRAPHQL_MAX_DIRECTIVES 10).
  {
    name: '11 directives, one past the limit',
    category: 'directives',
    request: gql(`{ concept(id: "myoclonus") { ${'id @include(if: true) '.repeat(11)}} }`),
    expect: refused(400, 'TOO_MANY_DIRECTIVES'),
  },
  {
    name: 'directive flood: 120 @skip on one field',
    category: 'directives',
    request: gql(`{ concept(id: "myoclonus") { id ${'@skip(if: false) '.repeat(120)}} }`),
    expect: refused(400, 'TOO_MANY_DIRECTIVES'),
  },
  {
    name: 'directive flood: 100 unknown directives',
    category: 'directives',
    request: gql(`{ concept(id: "myoclonus") { id ${'@hostile '.repeat(100)}} }`),
    expect: refused(400, 'TOO_MANY_DIRECTIVES'),
  },
  {
    name: 'directives spread over fragments and variables',
    category: 'directives',
    request: gql(
      `query ($t: Boolean = true) { ...F @include(if: $t) ...F @include(if: $t) ...F @include(if: $t) }
       fragment F on Query { concept(id: "myoclonus") @include(if: $t) { ${'id @include(if: $t) '.repeat(8)}} }`,
    ),
    expect: refused(400, 'TOO_MANY_DIRECTIVES'),
  },
  // Fragments.
  {
    name: 'circular fragments (A spreads B, B spreads A)',
    category: 'fragments',
    request: gql(
      `{ concept(id: "myoclonus") { ...A } }
       fragment A on Concept { id ...B } fragment B on Concept { name ...A }`,
    ),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'a fragment that spreads itself',
    category: 'fragments',
    request: gql(`{ concept(id: "myoclonus") { ...A } } fragment A on Concept { id ...A }`),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'a chain of 12 fragments, each two levels deeper (depth 24)',
    category: 'fragments',
    request: gql(
      `{ concept(id: "mouth") { ...F0 } } ${Array.from(
        { length: 12 },
        (_, i) => `fragment F${i} on BodyRegion { ${i === 11 ? 'id' : `parts { node { ...F${i + 1} } }`} }`,
      ).join(' ')}`,
    ),
    expect: refused(400, 'QUERY_TOO_DEEP'),
  },
  {
    name: 'fragment fan-out: 24 fragments each spreading the next twice (2^24 expansions)',
    category: 'fragments',
    request: gql(
      `{ ...F0 } ${Array.from(
        { length: 25 },
        (_, i) =>
          `fragment F${i} on Query { ${i === 24 ? 'concept(id: "myoclonus") { id }' : `...F${i + 1} ...F${i + 1}`} }`,
      ).join(' ')}`,
    ),
    expect: refused(400, 'QUERY_TOO_COMPLEX'),
  },
  {
    name: '100 unused fragments',
    category: 'fragments',
    request: gql(
      `{ __typename } ${Array.from({ length: 100 }, (_, i) => `fragment U${i} on Query { __typename }`).join(' ')}`,
    ),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  // Tokens (GRAPHQL_MAX_TOKENS 1000) and cost (GRAPHQL_MAX_COST 50000).
  {
    name: '1,001 tokens',
    category: 'tokens',
    request: gql(`{ search(text: "myoclonus", kinds: [${' CONDITION'.repeat(986)} ]) { totalCount } }`),
    expect: refused(400, 'TOO_MANY_TOKENS'),
  },
  {
    name: 'three traversals of 500 paths (cost 64,503)',
    category: 'cost',
    request: gql(
      `{ ${Array.from(
        { length: 3 },
        (_, i) =>
          `c${i}: causalChains(from: "myoclonus", include: [HAS_FEATURE], first: 500) { hops { node { id } evidence { quote source { title } } } }`,
      ).join(' ')} }`,
    ),
    expect: refused(400, 'QUERY_TOO_COMPLEX'),
  },
  {
    name: 'a 200,000-character search text',
    category: 'tokens',
    request: gql('query ($t: String!) { search(text: $t) { totalCount } }', {
      t: 'myoclonus '.repeat(20_000),
    }),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'a 200,000-character id',
    category: 'tokens',
    request: gql('query ($id: ID!) { concept(id: $id) { id } }', { id: 'x'.repeat(200_000) }),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  // Batching.
  {
    name: 'a batch of two operations',
    category: 'batching',
    request: post(
      JSON.stringify([{ query: '{ concept(id: "myoclonus") { id } }' }, { query: '{ __typename }' }]),
      'application/json',
    ),
    expect: refused(400, 'BATCHED_REQUESTS_DISABLED'),
  },
  {
    name: 'a batch of 2,000 lookups',
    category: 'batching',
    request: post(
      JSON.stringify(Array.from({ length: 2000 }, () => ({ query: '{ concept(id: "myoclonus") { id } }' }))),
      'application/json',
    ),
    expect: refused(400, 'BATCHED_REQUESTS_DISABLED'),
  },
  {
    name: 'an empty batch',
    category: 'batching',
    request: post('[]', 'application/json'),
    expect: refused(400, 'BATCHED_REQUESTS_DISABLED'),
  },
  // Body size (HTTP_MAX_BODY_BYTES 262144).
  {
    name: 'a 10 MB body',
    category: 'body size',
    request: post(() => paddedBody(TEN_MB), 'application/json'),
    expect: refused(413, 'BODY_TOO_LARGE'),
  },
  {
    name: 'a 10 MB body, chunked (no Content-Length)',
    category: 'body size',
    request: { ...post(() => paddedBody(TEN_MB), 'application/json'), chunked: true },
    expect: refused(413, 'BODY_TOO_LARGE'),
  },
  {
    name: 'a body one byte over 256 KiB',
    category: 'body size',
    request: post(() => paddedBody(262_145), 'application/json'),
    expect: refused(413, 'BODY_TOO_LARGE'),
  },
  {
    // Compressed bodies are refused outright (a GraphQL request within the cap gains nothing from compression), so
    // the bomb is never inflated.
    name: 'a gzip bomb: 10 KB that inflate to 10 MB (Content-Encoding: gzip)',
    category: 'body size',
    request: {
      ...post(() => gzipSync(Buffer.from(paddedBody(TEN_MB))), 'application/json'),
      headers: { 'content-encoding': 'gzip' },
    },
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  // Pagination and other integer arguments.
  {
    name: 'conditions(first: 1000000)',
    category: 'pagination',
    request: gql('{ conditions(first: 1000000) { edges { node { id } } } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'conditions(first: -1)',
    category: 'pagination',
    request: gql('{ conditions(first: -1) { edges { node { id } } } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'search(first: 2147483647)',
    category: 'pagination',
    request: gql('{ search(text: "myoclonus", first: 2147483647) { totalCount } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'search(first: -5)',
    category: 'pagination',
    request: gql('{ search(text: "myoclonus", first: -5) { totalCount } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'relatedConditions(first: 1000000)',
    category: 'pagination',
    request: gql('{ relatedConditions(id: "myoclonus", first: 1000000) { score } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'causalChains(maxDepth: 100, first: 100000)',
    category: 'pagination',
    request: gql('{ causalChains(from: "myoclonus", maxDepth: 100, first: 100000) { length } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'neighborhood(depth: 50, limit: -1)',
    category: 'pagination',
    request: gql('{ neighborhood(id: "myoclonus", depth: 50, limit: -1) { truncated } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'paths(maxLength: 1000)',
    category: 'pagination',
    request: gql('{ paths(from: "myoclonus", to: "brain", maxLength: 1000) { length } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'descendants(maxDepth: 100000) on a nested field',
    category: 'pagination',
    request: gql('{ condition(id: "myoclonus") { descendants(maxDepth: 100000) { depth } } }'),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'first: 1e12 as a variable (not a 32-bit Int)',
    category: 'pagination',
    request: gql('query ($n: Int) { conditions(first: $n) { edges { node { id } } } }', { n: 1e12 }),
    expect: refused(400, 'BAD_USER_INPUT'),
  },
  {
    name: 'first: 99999999999 as a literal (not a 32-bit Int)',
    category: 'pagination',
    request: gql('{ conditions(first: 99999999999) { edges { node { id } } } }'),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'conditions(after: <a forged cursor>)',
    category: 'pagination',
    request: gql('query ($a: String) { conditions(after: $a) { edges { node { id } } } }', {
      a: Buffer.from(JSON.stringify(['NAME', { $gt: '' }, "') DETACH DELETE n //"])).toString('base64url'),
    }),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  // Introspection, off in production.
  {
    name: 'the full introspection query',
    category: 'introspection',
    request: gql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true })),
    expect: refused(400, 'INTROSPECTION_DISABLED'),
  },
  {
    name: '{ __schema { types { name } } }',
    category: 'introspection',
    request: gql('{ __schema { types { name } } }'),
    expect: refused(400, 'INTROSPECTION_DISABLED'),
  },
  {
    name: '__type(name: "Query") under an alias',
    category: 'introspection',
    request: gql('{ t: __type(name: "Query") { fields { name args { name } } } }'),
    expect: refused(400, 'INTROSPECTION_DISABLED'),
  },
  {
    name: '__schema hidden in a fragment',
    category: 'introspection',
    request: gql('{ ...F } fragment F on Query { __schema { queryType { name } } }'),
    expect: refused(400, 'INTROSPECTION_DISABLED'),
  },
  {
    name: 'introspection by GET with a preflight header',
    category: 'introspection',
    request: {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ __schema { types { name } } }')}`,
      headers: { 'apollo-require-preflight': 'true' },
    },
    expect: refused(400, 'INTROSPECTION_DISABLED'),
  },
  {
    name: 'a misspelled field (no "Did you mean" in production)',
    category: 'introspection',
    request: gql('{ conditon(id: "myoclonus") { id } }'),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', noSuggestions: true },
  },
  {
    name: 'a misspelled argument and type (no "Did you mean" in production)',
    category: 'introspection',
    request: gql('{ concept(idd: "myoclonus") { ... on Conditon { nam } } }'),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', noSuggestions: true },
  },
  {
    name: 'a misspelled enum value (no "Did you mean" in production)',
    category: 'introspection',
    request: gql('{ search(text: "myoclonus", kinds: [CONDITON]) { totalCount } }'),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', noSuggestions: true },
  },
];

/** Every string argument, with each kind of payload that fits it. */
function injection(): HostileDocument[] {
  const docs: HostileDocument[] = [];
  for (const payload of LUCENE_PAYLOADS) {
    docs.push({
      name: `search(text: ${JSON.stringify(payload)})`,
      category: 'lucene',
      request: gql('query ($t: String!) { search(text: $t) { totalCount edges { matched node { id } } } }', {
        t: payload,
      }),
      // Query syntax alone (no letter or digit in it) can match nothing; words match what they match.
      expect: answered(/[\p{L}\p{N}]/u.test(payload) ? undefined : noHits),
    });
  }
  for (const payload of CYPHER_PAYLOADS) {
    docs.push({
      name: `search(text: ${JSON.stringify(payload)})`,
      category: 'cypher',
      request: gql('query ($t: String!) { search(text: $t, fuzzy: true) { totalCount } }', { t: payload }),
      expect: answered(),
    });
  }
  docs.push(
    {
      name: 'search text with Lucene syntax as an inline GraphQL literal',
      category: 'lucene',
      request: gql(String.raw`{ search(text: "name:\"x\" AND (* \\ ~ /re/") { totalCount } }`),
      expect: answered(),
    },
    {
      name: 'search(after: Lucene syntax)',
      category: 'lucene',
      request: gql('query ($a: String) { search(text: "myoclonus", after: $a) { totalCount } }', {
        a: '*:*',
      }),
      expect: refused(200, 'BAD_USER_INPUT'),
    },
    {
      name: 'conditions(filter: { name: Lucene syntax })',
      category: 'lucene',
      request: gql('query ($n: String) { conditions(filter: { name: $n }) { totalCount } }', {
        n: LUCENE_PAYLOADS[0],
      }),
      expect: answered(),
    },
    {
      name: 'conditions(filter: { name: Cypher })',
      category: 'cypher',
      request: gql('query ($n: String) { conditions(filter: { name: $n }) { totalCount } }', {
        n: CYPHER_PAYLOADS[0],
      }),
      expect: answered(),
    },
    {
      name: 'conditions(filter: { bodyRegion: Cypher without spaces })',
      category: 'cypher',
      request: gql(
        'query ($r: ID) { conditions(filter: { bodyRegion: $r, includeRegionParts: true }) { totalCount } }',
        {
          r: ID_CYPHER,
        },
      ),
      expect: answered(),
    },
    {
      name: 'concept(id: "*:*")',
      category: 'lucene',
      request: gql('query ($id: ID!) { concept(id: $id) { id } }', { id: ID_LUCENE }),
      expect: answered(isNull('concept')),
    },
    {
      name: 'concept(id: Lucene syntax without spaces)',
      category: 'lucene',
      request: gql('query ($id: ID!) { concept(id: $id) { id } }', { id: ID_LUCENE_2 }),
      expect: answered(isNull('concept')),
    },
    {
      name: 'concept(id: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($id: ID!) { concept(id: $id) { id } }', { id: ID_CYPHER }),
      expect: answered(isNull('concept')),
    },
    {
      name: 'concept(id: Cypher with spaces, not an id)',
      category: 'cypher',
      request: gql('query ($id: ID!) { concept(id: $id) { id } }', { id: CYPHER_PAYLOADS[0] }),
      expect: refused(200, 'BAD_USER_INPUT'),
    },
    {
      name: 'condition(id: Cypher without spaces) as an inline literal',
      category: 'cypher',
      request: gql(`{ condition(id: ${JSON.stringify(ID_CYPHER_2)}) { id } }`),
      expect: answered(isNull('condition')),
    },
    {
      name: 'conceptByXref(curie: "*:*") (not a CURIE)',
      category: 'lucene',
      request: gql('query ($c: String!) { conceptByXref(curie: $c) { id } }', { c: '*:*' }),
      expect: refused(200, 'BAD_USER_INPUT'),
    },
    {
      name: 'conceptByXref(curie: "DOID:*")',
      category: 'lucene',
      request: gql('query ($c: String!) { conceptByXref(curie: $c) { id } }', { c: 'DOID:*' }),
      expect: answered(isNull('conceptByXref')),
    },
    {
      name: 'conceptByXref(curie: Lucene phrase break-out)',
      category: 'lucene',
      request: gql('query ($c: String!) { conceptByXref(curie: $c) { id } }', {
        c: 'DOID:1324"OR(*:*)OR"\\',
      }),
      expect: answered(isNull('conceptByXref')),
    },
    {
      name: 'conceptByXref(curie: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($c: String!) { conceptByXref(curie: $c) { id } }', { c: `DOID:${ID_CYPHER}` }),
      expect: answered(isNull('conceptByXref')),
    },
    {
      name: 'conceptByXref(curie: Cypher with spaces, not a CURIE)',
      category: 'cypher',
      request: gql('query ($c: String!) { conceptByXref(curie: $c) { id } }', { c: CYPHER_PAYLOADS[3] }),
      expect: refused(200, 'BAD_USER_INPUT'),
    },
    {
      name: 'relatedConditions(id: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($id: ID!) { relatedConditions(id: $id) { score } }', { id: ID_CYPHER }),
      expect: refused(200, 'NOT_FOUND'),
    },
    {
      name: 'causalChains(from: Lucene syntax without spaces)',
      category: 'lucene',
      request: gql('query ($id: ID!) { causalChains(from: $id) { length } }', { id: ID_LUCENE_2 }),
      expect: refused(200, 'NOT_FOUND'),
    },
    {
      name: 'paths(to: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($to: ID!) { paths(from: "myoclonus", to: $to) { length } }', { to: ID_CYPHER_2 }),
      expect: refused(200, 'NOT_FOUND'),
    },
    {
      name: 'neighborhood(id: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($id: ID!) { neighborhood(id: $id) { truncated } }', { id: ID_CYPHER }),
      expect: refused(200, 'NOT_FOUND'),
    },
    {
      name: 'source(id: Cypher with spaces, not an id)',
      category: 'cypher',
      request: gql('query ($id: ID!) { source(id: $id) { id } }', { id: CYPHER_PAYLOADS[2] }),
      expect: refused(200, 'BAD_USER_INPUT'),
    },
    {
      name: 'source(id: Cypher without spaces)',
      category: 'cypher',
      request: gql('query ($id: ID!) { source(id: $id) { id } }', { id: ID_CYPHER }),
      expect: answered(isNull('source')),
    },
    {
      name: 'cypher(params:) holding Cypher and Lucene, echoed as data',
      category: 'cypher',
      request: gql('query ($p: JSON) { cypher(query: "RETURN $x AS x, $y AS y", params: $p) { rows } }', {
        p: { x: CYPHER_PAYLOADS[0], y: LUCENE_PAYLOADS[0] },
      }),
      expect: answered((body) => {
        const rows = (dataField(body, 'cypher') as { rows?: unknown[] } | undefined)?.rows;
        return JSON.stringify(rows) === JSON.stringify([{ x: CYPHER_PAYLOADS[0], y: LUCENE_PAYLOADS[0] }])
          ? undefined
          : `rows should echo the parameters, got ${JSON.stringify(rows).slice(0, 200)}`;
      }),
    },
    {
      name: 'cypher(query: "MATCH (n) DETACH DELETE n")',
      category: 'cypher',
      request: gql('{ cypher(query: "MATCH (n) DETACH DELETE n") { rows } }'),
      expect: refused(200, 'CYPHER_WRITE_REFUSED'),
    },
    {
      name: 'POST /cypher: a write',
      category: 'cypher',
      request: post(JSON.stringify({ query: 'MATCH (n) DETACH DELETE n' }), 'application/json', '/cypher'),
      expect: refused(403, 'CYPHER_WRITE_REFUSED'),
    },
    {
      name: 'POST /cypher: injection in params, echoed as data',
      category: 'cypher',
      request: post(
        JSON.stringify({ query: 'RETURN $x AS x', params: { x: CYPHER_PAYLOADS[1] } }),
        'application/json',
        '/cypher',
      ),
      expect: answered((body) =>
        JSON.stringify(body.rows) === JSON.stringify([{ x: CYPHER_PAYLOADS[1] }])
          ? undefined
          : `rows should echo the parameter, got ${JSON.stringify(body.rows).slice(0, 200)}`,
      ),
    },
    {
      name: 'an operation name holding Cypher',
      category: 'cypher',
      request: gql('query A { __typename }', undefined, CYPHER_PAYLOADS[0]),
      expect: refused(400, 'OPERATION_RESOLUTION_FAILURE'),
    },
  );
  return docs;
}

const transport: HostileDocument[] = [
  // Malformed JSON and requests that are not GraphQL requests.
  {
    name: 'truncated JSON',
    category: 'malformed JSON',
    request: post('{"query": "{ __typename }"', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'JSON with trailing garbage',
    category: 'malformed JSON',
    request: post('{"query": "{ __typename }"} }}', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'JSON null',
    category: 'malformed JSON',
    request: post('null', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'a JSON string',
    category: 'malformed JSON',
    request: post('"{ __typename }"', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'an empty object (no query)',
    category: 'malformed JSON',
    request: post('{}', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'query is a number',
    category: 'malformed JSON',
    request: post('{"query": 42}', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'variables is a string',
    category: 'malformed JSON',
    request: post('{"query": "{ __typename }", "variables": "[]"}', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'an empty body',
    category: 'malformed JSON',
    request: post('', 'application/json'),
    expect: refused(400, 'BAD_REQUEST'),
  },
  {
    name: 'JSON nested 100,000 arrays deep',
    category: 'malformed JSON',
    request: post(() => `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'application/json'),
    expect: refused(400, 'BATCHED_REQUESTS_DISABLED'),
  },
  {
    name: 'cypher params nested 20,000 objects deep',
    category: 'malformed JSON',
    request: post(
      () =>
        `{"query": "query ($p: JSON) { cypher(query: \\"RETURN 1 AS one\\", params: $p) { rows } }", "variables": {"p": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}`,
      'application/json',
    ),
    expect: refused(200, 'BAD_USER_INPUT'),
  },
  {
    name: 'a GraphQL syntax error',
    category: 'malformed JSON',
    request: gql('{ concept(id: ) { id }'),
    expect: refused(400, 'GRAPHQL_PARSE_FAILED'),
  },
  // Content types: only application/json reaches the GraphQL pipeline.
  {
    name: 'Content-Type: text/plain (a form on another site can send it)',
    category: 'content type',
    request: post(JSON.stringify({ query: '{ __typename }' }), 'text/plain'),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Type: application/x-www-form-urlencoded',
    category: 'content type',
    request: post(`query=${encodeURIComponent('{ __typename }')}`, 'application/x-www-form-urlencoded'),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Type: multipart/form-data',
    category: 'content type',
    request: post(
      '--b\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--b--\r\n',
      'multipart/form-data; boundary=b',
    ),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Type: application/graphql',
    category: 'content type',
    request: post('{ __typename }', 'application/graphql'),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'no Content-Type',
    category: 'content type',
    request: post(JSON.stringify({ query: '{ __typename }' })),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Type: application/json; charset=utf-16',
    category: 'content type',
    request: post(JSON.stringify({ query: '{ __typename }' }), 'application/json; charset=utf-16'),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'POST /cypher with Content-Type: text/plain',
    category: 'content type',
    request: post(JSON.stringify({ query: 'RETURN 1 AS one' }), 'text/plain', '/cypher'),
    expect: refused(415, 'UNSUPPORTED_MEDIA_TYPE'),
  },
  // CSRF: a GET without a preflight header is refused.
  {
    name: 'GET /graphql without a preflight header',
    category: 'csrf',
    request: {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ concept(id: "myoclonus") { id } }')}`,
    },
    expect: refused(400, 'CSRF_PREVENTED'),
  },
  {
    name: 'GET /graphql with Content-Type: text/plain',
    category: 'csrf',
    request: {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      contentType: 'text/plain',
    },
    expect: refused(400, 'CSRF_PREVENTED'),
  },
  // Operations the schema does not have, or that do not say which to run.
  {
    name: 'a mutation (the schema has none)',
    category: 'operation',
    request: gql('mutation { deleteEverything }'),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'a subscription (the schema has none)',
    category: 'operation',
    request: gql('subscription { changes { id } }'),
    expect: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'two operations and no operation name',
    category: 'operation',
    request: gql('query A { __typename } query B { __typename }'),
    expect: refused(400, 'OPERATION_RESOLUTION_FAILURE'),
  },
];

/** Every hostile document: more than 30, in every category of issue 6. */
export const HOSTILE_DOCUMENTS: readonly HostileDocument[] = [...limits, ...injection(), ...transport];

// ---------------------------------------------------------------------------------------------------------------
// Sending a document and judging the answer

const bodies = new WeakMap<HostileRequest, Uint8Array>();

/** The bytes of a request's body, made (and encoded) once per request: big bodies cost the sender nothing after. */
function bytesOf(request: HostileRequest): Uint8Array | undefined {
  let bytes = bodies.get(request);
  if (bytes === undefined) {
    const body = request.graphql
      ? JSON.stringify(request.graphql)
      : typeof request.body === 'function'
        ? request.body()
        : request.body;
    if (body === undefined) return undefined;
    bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    bodies.set(request, bytes);
  }
  return bytes;
}

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
}

/**
 * The URL and fetch options of a document, against `baseUrl` (http://host:port). `requestId` goes in X-Request-Id,
 * which the service's request log repeats.
 */
export function toFetch(
  doc: HostileDocument,
  baseUrl: string,
  requestId?: string,
): { url: string; init: RequestInit } {
  const { request } = doc;
  const headers: Record<string, string> = { ...request.headers };
  const contentType = request.graphql ? 'application/json' : request.contentType;
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  const bytes = bytesOf(request);
  // Bytes, never a string: fetch would add Content-Type: text/plain to a string body that has none.
  const body = bytes === undefined ? undefined : request.chunked ? chunks(bytes) : bytes;
  return {
    url: `${baseUrl}${request.path}`,
    init: {
      method: request.method,
      headers,
      body: body as RequestInit['body'],
      ...(request.chunked ? { duplex: 'half' } : {}),
    } as RequestInit,
  };
}

export interface Outcome {
  /** The answer in short: "400 QUERY_TOO_DEEP", "200 answered", "415 (not JSON)". */
  actual: string;
  /** What is wrong with it; empty when it is what the document expects. */
  problems: string[];
}

/** Judges the answer to a document: its status, its code, and what every answer owes (JSON, no stack trace). */
export function checkOutcome(doc: HostileDocument, status: number, text: string): Outcome {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const errors = Array.isArray(body?.errors) ? (body.errors as Array<Record<string, unknown>>) : [];
  const code =
    ((errors[0]?.extensions as Record<string, unknown> | undefined)?.code as string | undefined) ??
    ((body?.error as Record<string, unknown> | undefined)?.code as string | undefined);
  const problems: string[] = [];
  const actual =
    body === undefined ? `${status} (not JSON)` : `${status} ${code ?? (errors.length ? '?' : 'answered')}`;
  const expected = doc.expect;
  if (status !== expected.status) problems.push(`HTTP ${status}, expected ${expected.status}`);
  if (body === undefined) {
    problems.push(`the body is not a JSON object: ${JSON.stringify(text.slice(0, 120))}`);
    return { actual, problems };
  }
  if ('answered' in expected) {
    if (code !== undefined || errors.length > 0) problems.push(`expected no error, got ${code ?? 'errors'}`);
    if (doc.request.path.startsWith('/graphql') && !('data' in body)) problems.push('expected data');
    const more = problems.length === 0 ? expected.check?.(body) : undefined;
    if (more) problems.push(more);
  } else {
    if (code !== expected.code) problems.push(`code ${code ?? '(none)'}, expected ${expected.code}`);
    if (expected.noSuggestions) {
      const suggesting = errors.find((e) => /did you mean/i.test(String(e.message)));
      if (suggesting) problems.push(`the message suggests schema names: ${String(suggesting.message)}`);
    }
  }
  if (/"stacktrace"|\n\s+at [\w.<>]+ \(/.test(text)) problems.push('the answer carries a stack trace');
  return { actual, problems };
}

/** Sends one document and judges the answer; a transport failure (reset, timeout) is a problem too. */
export async function sendDocument(
  doc: HostileDocument,
  baseUrl: string,
  timeoutMs = 30_000,
  requestId?: string,
): Promise<Outcome & { ms: number; status: number }> {
  const { url, init } = toFetch(doc, baseUrl, requestId);
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const ms = performance.now() - started;
    return { ...checkOutcome(doc, response.status, text), ms, status: response.status };
  } catch (error) {
    const ms = performance.now() - started;
    const reason =
      error instanceof Error ? `${error.name}: ${error.message}${causeOf(error)}` : String(error);
    return { actual: `no answer (${reason})`, problems: [`no answer: ${reason}`], ms, status: 0 };
  }
}

const causeOf = (error: Error): string => {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
};
