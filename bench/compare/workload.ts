/**
 * The inputs of the comparison: for each operation a fixed pseudo-random list (bench/prng.ts, one seed), drawn from
 * the graph in a stable order, the same list for every system. Requests cycle through it in the same order for
 * each system (load.ts).
 *
 * - lookup: conditions, the seed's best-connected ones first, then random ones;
 * - twoHop: conditions that have a cause, the seed's first likewise;
 * - search: what a person types into a search box (two or three words of a concept's name, the last one cut short),
 *   kept only when every match fits on one page, so that the three systems' different rankings return the same set;
 * - page: random offsets into the conditions in (lower-cased name, id) order, the first page included. Ours gets the
 *   cursor it hands out itself (found by walking all its pages, whose order must be the graph's); the others get
 *   the position of the item before the page, which they seek past.
 */
import type { Database } from '../../src/neo4j/database';
import { luceneQueries, planSearch } from '../../src/search/lucene-query';
import { prng } from '../prng';
import { post } from './compare';
import { dataOf, responseErrors } from './operations';
import type { PageStart, SearchInput, Workload } from './operations';
import { PAGE_SIZE, RAW_CYPHER, SEARCH_SIZE } from './raw.cypher';

export interface WorkloadSizes {
  lookup: number;
  page: number;
  search: number;
  twoHop: number;
}

/** What can be drawn from the graph alone; the page cursors need the running systems (resolveWorkload). */
export interface WorkloadPlan {
  lookup: string[];
  twoHop: string[];
  search: SearchInput[];
  pageOffsets: number[];
  /** Every condition in (nameKey, id) order. */
  order: Array<{ id: string; nameKey: string }>;
}

export const WORKLOAD_SEED = 20261124;

/** How many of a list may be the seed's own conditions (the rest is drawn at random). */
const SEED_SHARE = 0.2;
const MAX_SEED_ITEMS = 5;
/** Search texts tried per text kept before giving up. */
const SEARCH_ATTEMPTS = 40;

function makePicker(seed: number) {
  const random = prng(seed);
  return {
    random,
    int: (n: number) => Math.floor(random() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!,
  };
}

/** The seed's conditions first (best connected first), then random draws from `all`, `size` in total. */
function withSeedFirst(
  size: number,
  seeded: string[],
  all: string[],
  pick: <T>(l: readonly T[]) => T,
): string[] {
  const head = seeded.slice(0, Math.min(MAX_SEED_ITEMS, Math.floor(size * SEED_SHARE)));
  const rest = Array.from({ length: Math.max(0, size - head.length) }, () => pick(all));
  return [...head, ...rest];
}

/** The Lucene query our service runs for a text (search as you type: prefix on, fuzzy only as a fallback). */
export function searchPhrase(text: string): string | null {
  return luceneQueries(planSearch(text, { prefix: true, fuzzy: true })).exact;
}

/** Draws every list but the page cursors from the graph. Deterministic for a graph and a seed. */
export async function planWorkload(
  db: Database,
  sizes: WorkloadSizes,
  seed = WORKLOAD_SEED,
): Promise<WorkloadPlan> {
  const { int, pick, random } = makePicker(seed);
  const conditions = (
    await db.read<{ id: string }>(
      'MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false RETURN c.id AS id ORDER BY id',
    )
  ).map((r) => r.id);
  const seededByDegree = (
    await db.read<{ id: string }>(
      `MATCH (c:Condition) WHERE c.seed = true
       RETURN c.id AS id ORDER BY COUNT { (c)-[:CAUSES|AFFECTS|ASSOCIATED_WITH]-() } DESC, id`,
    )
  ).map((r) => r.id);
  const caused = (
    await db.read<{ id: string }>(
      'MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false AND EXISTS { (c)<-[:CAUSES]-() } RETURN c.id AS id ORDER BY id',
    )
  ).map((r) => r.id);
  const seededCaused = (
    await db.read<{ id: string }>(
      `MATCH (c:Condition) WHERE c.seed = true AND EXISTS { (c)<-[:CAUSES]-() }
       RETURN c.id AS id ORDER BY COUNT { (c)<-[:CAUSES]-()<-[:CAUSES]-() } DESC, id`,
    )
  ).map((r) => r.id);
  if (conditions.length === 0 || caused.length === 0)
    throw new Error('The graph has no conditions with causes');

  const lookup = withSeedFirst(sizes.lookup, seededByDegree, conditions, pick);
  const twoHop = withSeedFirst(sizes.twoHop, seededCaused, caused, pick);

  const concepts = await db.read<{ name: string }>(
    'MATCH (c:Concept) WHERE coalesce(c.obsolete, false) = false RETURN c.name AS name ORDER BY c.id',
  );
  const search: SearchInput[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; search.length < sizes.search && attempt < sizes.search * SEARCH_ATTEMPTS; attempt++) {
    const words = pick(concepts).name.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const start = int(words.length);
    const taken = words.slice(start, start + 1 + int(3));
    const last = taken.at(-1)!;
    taken[taken.length - 1] = last.slice(0, Math.min(last.length, 2 + Math.floor(random() * last.length)));
    const text = taken.join(' ');
    const phrase = searchPhrase(text);
    if (phrase === null || seen.has(text)) continue;
    seen.add(text);
    const [row] = await db.read<{ total: number }>(RAW_CYPHER.search, { phrase });
    const total = row?.total ?? 0;
    if (total >= 1 && total <= SEARCH_SIZE) search.push({ text, phrase });
  }
  if (search.length < sizes.search) {
    throw new Error(
      `Found only ${search.length} of ${sizes.search} search texts whose matches fit on a page`,
    );
  }

  const order = await db.read<{ id: string; nameKey: string }>(
    `MATCH (c:Condition) WHERE coalesce(c.obsolete, false) = false
     RETURN c.id AS id, c.nameKey AS nameKey ORDER BY c.nameKey, c.id`,
  );
  const last = Math.max(0, order.length - PAGE_SIZE);
  const pageOffsets = [0, ...Array.from({ length: Math.max(0, sizes.page - 1) }, () => int(last + 1))].slice(
    0,
    sizes.page,
  );
  return { lookup, twoHop, search, pageOffsets, order };
}

const OURS_WALK = `query Walk($after: String) {
  conditions(first: ${PAGE_SIZE}, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;

interface WalkPage {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every edge's cursor and id, page after page, as our service hands them out. */
async function walk(url: string): Promise<{ cursors: string[]; ids: string[] }> {
  const cursors: string[] = [];
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const body = JSON.stringify({ query: OURS_WALK, variables: { after } });
    const { status, json } = await post(url, { path: '/graphql', body });
    const errors = responseErrors(status, json);
    if (errors !== null) throw new Error(`Walking the pages of ${url}: ${errors}`);
    const page = (dataOf(json) as { conditions: WalkPage }).conditions;
    for (const e of page.edges) {
      cursors.push(e.cursor);
      ids.push(e.node.id);
    }
    if (!page.pageInfo.hasNextPage || page.edges.length === 0) return { cursors, ids };
    after = page.pageInfo.endCursor;
  }
}

/** A workload the systems cannot serve alike: nothing can be compared. */
export class WorkloadError extends Error {}

/**
 * The workload, with our cursor for every page start (our service must page in the graph's order), and the
 * position the others seek past (@neo4j/graphql by name key alone, so name keys must be unique among conditions).
 */
export async function resolveWorkload(plan: WorkloadPlan, oursUrl: string): Promise<Workload> {
  const keys = new Set(plan.order.map((c) => c.nameKey));
  if (keys.size !== plan.order.length) {
    throw new WorkloadError(
      `${plan.order.length - keys.size} conditions share a name key: keyset paging by name fails`,
    );
  }
  const expected = plan.order.map((c) => c.id);
  const ours = await walk(oursUrl);
  const at = expected.findIndex((id, i) => ours.ids[i] !== id);
  if (at >= 0 || ours.ids.length !== expected.length) {
    throw new WorkloadError(
      `Our service pages through ${ours.ids.length} conditions in another order than the graph's ` +
        `${expected.length} (first difference at position ${at}: ${ours.ids[at]} instead of ${expected[at]})`,
    );
  }
  const page: PageStart[] = plan.pageOffsets.map((offset) => {
    const before = plan.order[offset - 1];
    return {
      offset,
      ours: before ? ours.cursors[offset - 1]! : null,
      after: before ? { nameKey: before.nameKey, id: before.id } : null,
    };
  });
  return { lookup: plan.lookup, page, search: plan.search, twoHop: plan.twoHop };
}
