import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { ConceptKind } from '../graphql/enums';
import { badInput } from '../graphql/errors';
import { decodeCursor, encodeCursor, pageInfo, pageSize } from '../graphql/pagination';
import { selects } from '../graphql/selection';
import { normaliseSearchText, searchConcepts } from './search.repository';
import { SearchConnection } from './search.types';

export const MAX_SEARCH_TEXT = 200;
const SEARCH_PAGE_MAX = 50;

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Concepts whose name or a synonym contains the text (any case), best first: exact names, then exact ' +
      'synonyms, then prefixes, then other matches. Blank text returns no results.',
  })
  async search(
    @Arg('text') text: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('kinds', () => [ConceptKind], { nullable: true }) kinds?: ConceptKind[] | null,
  ): Promise<SearchConnection> {
    const limit = pageSize(first, SEARCH_PAGE_MAX);
    if (text.length > MAX_SEARCH_TEXT) {
      throw badInput('text', `must be at most ${MAX_SEARCH_TEXT} characters (got ${text.length})`);
    }
    const offset = after ? Number(decodeCursor(after, 'search', ['number'])[0]) + 1 : 0;
    const normalised = normaliseSearchText(text);
    const empty = { edges: [], pageInfo: pageInfo([], false, after), totalCount: 0 };
    if (normalised === '') return empty;
    const { hits, total } = await searchConcepts(
      ctx.db,
      {
        text: normalised,
        kinds: kinds ?? null,
        offset,
        limit: limit + 1,
        withTotal: selects(info, 'totalCount'),
      },
      ctx.stats,
    );
    const edges = hits.slice(0, limit).map((hit, i) => ({
      node: hit.node as never,
      score: hit.score,
      matched: hit.matched,
      cursor: encodeCursor(['search', offset + i]),
    }));
    return {
      edges,
      pageInfo: pageInfo(
        edges.map((e) => e.cursor),
        hits.length > limit,
        after,
      ),
      totalCount: total ?? 0,
    };
  }
}
