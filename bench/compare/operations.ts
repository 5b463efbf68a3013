/**
 * The four operations of the comparison, each in each system's natural form: the HTTP call it makes for one input,
 * and how its response becomes the shape the identity check compares (compare.ts). The benchmark (run.ts) and its
 * test (compare.test.ts) both use these definitions and nothing else.
 *
 * The shapes compared, and what is normalised:
 * - an edge is `{ id, name, population, statedAs, evidence: [[quote, source id], ...] }` of the concept at the other
 *   end; population lower-case (our enum NEWBORNS is the stored `newborns`); a missing list is an empty one;
 * - lists of edges keep their order (all three order by lower-cased name, then id), and so do pages of conditions;
 * - search results are compared as a set (sorted by id) with their total: each system ranks in its own way (our
 *   score bands, Lucene relevance), so workload.ts only uses texts whose every match fits on the page;
 * - a two-hop cause traversal is the set of its causal chains (sorted by their ids): ours lists chains, the others
 *   return a tree of causes and their causes, whose chains back to the start concept are dropped (ours lists simple
 *   paths only).
 */
import { PAGE_SIZE, SEARCH_SIZE } from './raw.cypher';
import { implementationOf } from './system';
import type { Implementation, SystemName } from './system';

export const OPERATION_NAMES = ['lookup', 'page', 'search', 'twoHop'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** One POST with a JSON body. */
export interface HttpCall {
  path: string;
  body: string;
}

/**
 * A page start: its offset in the (lower-cased name, id) order, our cursor for the item before it, and that item's
 * position, which @neo4j/graphql (by name key, unique among conditions: workload.ts checks) and raw Cypher (by name
 * key and id) seek past. Null for the first page.
 */
export interface PageStart {
  offset: number;
  ours: string | null;
  after: { nameKey: string; id: string } | null;
}

export interface SearchInput {
  text: string;
  /** The Lucene query our service builds for `text` (search/lucene-query.ts), sent as is by the others. */
  phrase: string;
}

/** The inputs of every operation, a fixed pseudo-random list each (workload.ts). */
export interface Workload {
  lookup: string[];
  page: PageStart[];
  search: SearchInput[];
  twoHop: string[];
}

/** The most chains our causalChains returns (its maximum `first`): a result that reaches it may be cut. */
export const MAX_CHAINS = 500;

export interface Operation<I> {
  name: OperationName;
  title: string;
  inputs(workload: Workload): readonly I[];
  /** A short label of an input, for reports. */
  label(input: I): string;
  call: Record<Implementation, (input: I) => HttpCall>;
  /** The response's data (errors already checked) in the compared shape. */
  canonical: Record<Implementation, (data: unknown, input: I) => unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// The compared shapes

export interface Edge {
  id: string;
  name: string;
  population: string | null;
  statedAs?: string | null;
  evidence?: Array<[string, string]>;
  next?: Edge[];
}

/** An edge with only the keys given (no `undefined` keys: deep equality tells `{}` from `{ a: undefined }`). */
function edge(fields: Edge): Edge {
  const out: Edge = {
    id: fields.id,
    name: fields.name,
    population: fields.population?.toLowerCase() ?? null,
  };
  if (fields.statedAs !== undefined) out.statedAs = fields.statedAs ?? null;
  if (fields.evidence !== undefined) out.evidence = fields.evidence;
  if (fields.next !== undefined) out.next = fields.next;
  return out;
}

const zipEvidence = (quotes: string[] | null | undefined, sources: string[] | null | undefined) =>
  (quotes ?? []).map((quote, i): [string, string] => [quote, sources?.[i] ?? 'unknown']);

/** Chains by the ids along them, then by everything else (two chains over the same ids differ in their hops). */
const chainKey = (chain: Edge[]) => `${chain.map((h) => h.id).join('\u0000')}\u0001${JSON.stringify(chain)}`;
const sortChains = (chains: Edge[][]) =>
  chains
    .map((chain) => ({ chain, key: chainKey(chain) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ chain }) => chain);

// ---------------------------------------------------------------------------------------------------------------
// Ours: the GraphQL API of src/ (schema/schema.graphql)

interface OursEdge {
  population: string | null;
  statedAs?: string | null;
  evidence?: Array<{ quote: string; source: { id: string } }>;
  node: { id: string; name: string; conditions?: OursEdge[] };
}

const OURS_EDGE = 'population statedAs evidence { quote source { id } }';
const OURS_NEXT = 'conditions { population node { id name } }';

function oursEdge(e: OursEdge): Edge {
  return edge({
    id: e.node.id,
    name: e.node.name,
    population: e.population,
    statedAs: e.statedAs,
    evidence: e.evidence?.map((ev): [string, string] => [ev.quote, ev.source.id]),
    next: e.node.conditions?.map(oursEdge),
  });
}

function graphql(query: string, variables: Record<string, unknown>): HttpCall {
  return { path: '/graphql', body: JSON.stringify({ query, variables }) };
}

// ---------------------------------------------------------------------------------------------------------------
// Peer: @neo4j/graphql (peer.typedefs.ts)

interface PeerConnection {
  edges: PeerEdge[];
}
interface PeerEdge {
  properties: {
    population: string | null;
    statedAs?: string | null;
    evidenceQuotes?: string[] | null;
    evidenceSources?: string[] | null;
  };
  node: {
    id: string;
    name: string;
    conditionsConnection?: PeerConnection;
    causesConnection?: PeerConnection;
  };
}

/** Nested lists in our order: lower-cased name (`nameKey`), then id. */
const BY_NAME = 'sort: [{ node: { nameKey: ASC } }, { node: { id: ASC } }]';
const PEER_EDGE = 'properties { ... on Evidence { population statedAs evidenceQuotes evidenceSources } }';
const PEER_NEXT = `conditionsConnection(${BY_NAME}) { edges { properties { ... on Evidence { population } } node { id name } } }`;

function peerEdge(e: PeerEdge): Edge {
  const p = e.properties;
  return edge({
    id: e.node.id,
    name: e.node.name,
    population: p.population,
    statedAs: p.statedAs,
    evidence: 'evidenceQuotes' in p ? zipEvidence(p.evidenceQuotes, p.evidenceSources) : undefined,
    next: e.node.conditionsConnection?.edges.map(peerEdge),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Raw: raw.server.ts answers in the compared shape already (raw.cypher.ts), but for missing lists and case.

interface RawEdge {
  id: string;
  name: string;
  population: string | null;
  statedAs?: string | null;
  evidence?: Array<[string, string]>;
  next?: RawEdge[] | null;
}

function rawEdge(e: RawEdge): Edge {
  return edge({ ...e, next: e.next?.map(rawEdge) });
}

function raw(path: string, params: Record<string, unknown>): HttpCall {
  return { path, body: JSON.stringify(params) };
}

// ---------------------------------------------------------------------------------------------------------------
// Lookup: one condition with its causes, body regions and cancers

interface Lookup {
  id: string;
  name: string;
  synonyms: string[];
  description: string | null;
  causes: Edge[];
  bodyRegions: Edge[];
  cancers: Edge[];
}

const lookupOf = (
  c: { id: string; name: string; synonyms?: string[] | null; description?: string | null },
  lists: Pick<Lookup, 'causes' | 'bodyRegions' | 'cancers'>,
): Lookup => ({
  id: c.id,
  name: c.name,
  synonyms: c.synonyms ?? [],
  description: c.description ?? null,
  ...lists,
});

const OURS_LOOKUP = `query Lookup($id: ID!) {
  condition(id: $id) {
    id name synonyms description
    causes { ${OURS_EDGE} node { id name } }
    bodyRegions { ${OURS_EDGE} node { id name } }
    cancers { ${OURS_EDGE} node { id name } }
  }
}`;

const PEER_LOOKUP = `query Lookup($id: ID!) {
  conditions(where: { id: { eq: $id } }) {
    id name synonyms description
    causesConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name } } }
    bodyRegionsConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name } } }
    cancersConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name } } }
  }
}`;

type OursCondition = { id: string; name: string; synonyms?: string[]; description?: string | null } & Record<
  'causes' | 'bodyRegions' | 'cancers',
  OursEdge[]
>;
type PeerCondition = {
  id: string;
  name: string;
  synonyms?: string[] | null;
  description?: string | null;
} & Record<'causesConnection' | 'bodyRegionsConnection' | 'cancersConnection', PeerConnection>;
type RawCondition = {
  id: string;
  name: string;
  synonyms?: string[] | null;
  description?: string | null;
} & Record<'causes' | 'bodyRegions' | 'cancers', RawEdge[]>;

const oursLists = (c: OursCondition) => ({
  causes: c.causes.map(oursEdge),
  bodyRegions: c.bodyRegions.map(oursEdge),
  cancers: c.cancers.map(oursEdge),
});
const peerLists = (c: PeerCondition) => ({
  causes: c.causesConnection.edges.map(peerEdge),
  bodyRegions: c.bodyRegionsConnection.edges.map(peerEdge),
  cancers: c.cancersConnection.edges.map(peerEdge),
});
const rawLists = (c: RawCondition) => ({
  causes: c.causes.map(rawEdge),
  bodyRegions: c.bodyRegions.map(rawEdge),
  cancers: c.cancers.map(rawEdge),
});

export const lookup: Operation<string> = {
  name: 'lookup',
  title: 'lookup: one condition with its causes, body regions and cancers',
  inputs: (w) => w.lookup,
  label: (id) => id,
  call: {
    ours: (id) => graphql(OURS_LOOKUP, { id }),
    peer: (id) => graphql(PEER_LOOKUP, { id }),
    raw: (id) => raw('/lookup', { id }),
  },
  canonical: {
    ours: (data) => {
      const c = (data as { condition: OursCondition | null }).condition;
      return c ? lookupOf(c, oursLists(c)) : null;
    },
    peer: (data) => {
      const list = (data as { conditions: PeerCondition[] }).conditions;
      if (list.length > 1) throw new Error(`${list.length} conditions with one id`);
      const c = list[0];
      return c ? lookupOf(c, peerLists(c)) : null;
    },
    raw: (data) => {
      const c = data as RawCondition | null;
      return c ? lookupOf(c, rawLists(c)) : null;
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Page: 100 conditions with their causes, body regions and cancers, and the conditions those lead to

const OURS_PAGE = `query Page($after: String) {
  conditions(first: ${PAGE_SIZE}, after: $after) {
    edges { node {
      id name
      causes { ${OURS_EDGE} node { id name ... on Cause { ${OURS_NEXT} } } }
      bodyRegions { ${OURS_EDGE} node { id name ${OURS_NEXT} } }
      cancers { ${OURS_EDGE} node { id name ${OURS_NEXT} } }
    } }
  }
}`;

/**
 * Keyset paging with the list query: the library's Relay connection (`conditionsConnection` with `sort` and `after`)
 * collects every condition and carries that list into each sorted row: on the full graph every page after the first
 * fails on Neo4j's per-transaction memory limit (128 MiB in config/neo4j.conf). See bench/compare/README.md.
 */
const PEER_PAGE = `query Page($where: ConditionWhere) {
  conditions(where: $where, sort: [{ nameKey: ASC }, { id: ASC }], limit: ${PAGE_SIZE}) {
    id name
    causesConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name ... on Cause { ${PEER_NEXT} } } } }
    bodyRegionsConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name ${PEER_NEXT} } } }
    cancersConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name ${PEER_NEXT} } } }
  }
}`;

export const page: Operation<PageStart> = {
  name: 'page',
  title: `page: ${PAGE_SIZE} conditions, nested two levels deep`,
  inputs: (w) => w.page,
  label: (start) => `offset ${start.offset}`,
  call: {
    ours: (start) => graphql(OURS_PAGE, { after: start.ours }),
    peer: (start) =>
      graphql(PEER_PAGE, { where: start.after ? { nameKey: { gt: start.after.nameKey } } : {} }),
    raw: (start) => raw('/page', { after: start.after }),
  },
  canonical: {
    ours: (data) =>
      (data as { conditions: { edges: Array<{ node: OursCondition }> } }).conditions.edges.map(
        ({ node }) => ({
          id: node.id,
          name: node.name,
          ...oursLists(node),
        }),
      ),
    peer: (data) =>
      (data as { conditions: PeerCondition[] }).conditions.map((c) => ({
        id: c.id,
        name: c.name,
        ...peerLists(c),
      })),
    raw: (data) => (data as RawCondition[]).map((c) => ({ id: c.id, name: c.name, ...rawLists(c) })),
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Search: one page of concepts matching a text

interface Hits {
  total: number;
  hits: Array<{ id: string; name: string }>;
}

const hitsOf = (total: number, nodes: Array<{ id: string; name: string }>): Hits => ({
  total,
  hits: nodes.map((n) => ({ id: n.id, name: n.name })).sort((a, b) => (a.id < b.id ? -1 : 1)),
});

const OURS_SEARCH = `query Search($text: String!) {
  search(text: $text, first: ${SEARCH_SIZE}) { totalCount edges { score matched node { id name } } }
}`;

const PEER_SEARCH = `query Search($phrase: String!) {
  conceptSearch(phrase: $phrase, first: ${SEARCH_SIZE}, sort: [{ score: DESC }]) {
    totalCount edges { score node { id name } }
  }
}`;

type Named = { id: string; name: string };

export const search: Operation<SearchInput> = {
  name: 'search',
  title: `search: ${SEARCH_SIZE} concepts matching a text`,
  inputs: (w) => w.search,
  label: (input) => JSON.stringify(input.text),
  call: {
    ours: ({ text }) => graphql(OURS_SEARCH, { text }),
    peer: ({ phrase }) => graphql(PEER_SEARCH, { phrase }),
    raw: ({ phrase }) => raw('/search', { phrase }),
  },
  canonical: {
    ours: (data) => {
      const s = (data as { search: { totalCount: number; edges: Array<{ node: Named }> } }).search;
      return hitsOf(
        s.totalCount,
        s.edges.map((e) => e.node),
      );
    },
    peer: (data) => {
      const s = (data as { conceptSearch: { totalCount: number; edges: Array<{ node: Named }> } })
        .conceptSearch;
      return hitsOf(
        s.totalCount,
        s.edges.map((e) => e.node),
      );
    },
    raw: (data) => {
      const s = data as { total: number; page: Named[] };
      return hitsOf(s.total, s.page);
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Two-hop cause traversal: what causes a condition, and what causes those

const OURS_TWO_HOP = `query TwoHop($id: ID!) {
  causalChains(from: $id, direction: UPSTREAM, maxDepth: 2, first: ${MAX_CHAINS}) {
    hops { ${OURS_EDGE} node { id name } }
  }
}`;

const PEER_TWO_HOP = `query TwoHop($id: ID!) {
  conditions(where: { id: { eq: $id } }) {
    causesConnection(${BY_NAME}) { edges { ${PEER_EDGE} node {
      id name
      causesConnection(${BY_NAME}) { edges { ${PEER_EDGE} node { id name } } }
    } } }
  }
}`;

/** The chains of a tree of causes (each first hop, then each first hop with one of its causes), start excluded. */
function chainsOfTree(start: string, firstHops: Array<{ hop: Edge; next: Edge[] }>): Edge[][] {
  const chains: Edge[][] = [];
  for (const { hop, next } of firstHops) {
    chains.push([hop]);
    for (const second of next) {
      if (second.id !== start && second.id !== hop.id) chains.push([hop, second]);
    }
  }
  return sortChains(chains);
}

export const twoHop: Operation<string> = {
  name: 'twoHop',
  title: 'twoHop: causes of a condition and their causes',
  inputs: (w) => w.twoHop,
  label: (id) => id,
  call: {
    ours: (id) => graphql(OURS_TWO_HOP, { id }),
    peer: (id) => graphql(PEER_TWO_HOP, { id }),
    raw: (id) => raw('/twoHop', { id }),
  },
  canonical: {
    ours: (data) => {
      const chains = (data as { causalChains: Array<{ hops: OursEdge[] }> }).causalChains;
      if (chains.length >= MAX_CHAINS) throw new Error(`${chains.length} chains: the list may be cut`);
      return sortChains(chains.map((c) => c.hops.map(oursEdge)));
    },
    peer: (data, id) => {
      const [c] = (data as { conditions: Array<{ causesConnection: PeerConnection }> }).conditions;
      return chainsOfTree(
        id,
        (c?.causesConnection.edges ?? []).map((e) => ({
          hop: peerEdge(e),
          next: e.node.causesConnection?.edges.map(peerEdge) ?? [],
        })),
      );
    },
    raw: (data, id) =>
      chainsOfTree(
        id,
        (data as RawEdge[]).map((e) => ({
          hop: rawEdge({ ...e, next: undefined }),
          next: (e.next ?? []).map(rawEdge),
        })),
      ),
  },
};

/** One input of an operation, made ready for every system. */
export interface PreparedItem {
  label: string;
  calls: Record<SystemName, HttpCall>;
  canonical(system: SystemName, data: unknown): unknown;
}

export interface PreparedOperation {
  name: OperationName;
  title: string;
  items: PreparedItem[];
}

function prepare<I>(op: Operation<I>, workload: Workload): PreparedOperation {
  return {
    name: op.name,
    title: op.title,
    items: op.inputs(workload).map((input) => ({
      label: op.label(input),
      calls: {
        ours: op.call.ours(input),
        uncached: op.call.ours(input),
        peer: op.call.peer(input),
        raw: op.call.raw(input),
      },
      canonical: (system, data) => op.canonical[implementationOf(system)](data, input),
    })),
  };
}

/** Every operation with its inputs, in OPERATION_NAMES order. */
export function prepareOperations(workload: Workload): PreparedOperation[] {
  return [
    prepare(lookup, workload),
    prepare(page, workload),
    prepare(search, workload),
    prepare(twoHop, workload),
  ];
}

/** The errors of a response, as text, or null: GraphQL `errors`, the raw server's `error`, a failed status. */
export function responseErrors(status: number, json: unknown): string | null {
  const body = json as { errors?: unknown[]; error?: unknown } | null;
  if (body?.errors && body.errors.length > 0) return JSON.stringify(body.errors).slice(0, 500);
  if (body?.error !== undefined) return String(body.error).slice(0, 500);
  if (status < 200 || status >= 300) return `HTTP ${status}`;
  return null;
}

/** The `data` of a response. */
export function dataOf(json: unknown): unknown {
  return (json as { data?: unknown }).data;
}
