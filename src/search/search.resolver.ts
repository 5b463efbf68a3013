import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../request/context';
import { sizedBy } from '../graphql/cost';
import { ConceptKind } from '../graphql/enums';
import { badInput } from '../graphql/errors';
import { decodeCursor, encodeCursor, pageInfo, pageSize } from '../graphql/pagination';
import type { ConceptKindName } from '../model/kinds';
import {
  characterCount,
  MAX_FUZZY_WORDS,
  MAX_SEARCH_TEXT,
  MAX_SEARCH_WORDS,
  MIN_FUZZY_LENGTH,
  MIN_PREFIX_LENGTH,
  planSearch,
  TWO_EDITS_LENGTH,
} from './lucene-query';
import { searchConcepts } from './search.repository';
import { SearchConnection } from './search.types';

export const SEARCH_PAGE = { default: 10, max: 50 } as const;

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    complexity: sizedBy('first', SEARCH_PAGE),
    description:
      'Concepts by name, synonym or cross-reference (CURIE such as "DOID:769"), on a full-text index, best first: ' +
      'an exact name (score 1), an exact synonym, an exact cross-reference, then names, synonyms and ' +
      'cross-references that begin with the text, then the rest by relevance; ties by name, then id. Case and ' +
      'extra white space do not matter. Every word of the text must match a whole word (the last one may also ' +
      'begin one, see prefix; typos, see fuzzy); only the first ' +
      `${MAX_SEARCH_WORDS} words count. The text is plain text: quotes, *, ?, ~, AND, OR, NOT and other query ` +
      `syntax are taken literally. At most ${MAX_SEARCH_TEXT} characters; blank text returns no results. ` +
      `${SEARCH_PAGE.default} results per page by default, at most ${SEARCH_PAGE.max}. Obsolete ontology terms ` +
      'are left out unless includeObsolete.',
  })
  async search(
    @Arg('text') text: string,
    @Ctx() ctx: Context,
    @Arg('kinds', () => [ConceptKind], {
      nullable: true,
      description: 'Only concepts of these kinds (CONDITION excludes cancers); absent or empty: every kind.',
    })
    kinds?: ConceptKind[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: SEARCH_PAGE.default })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('prefix', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        `Search as you type: the last word also matches the words it begins (from ${MIN_PREFIX_LENGTH} ` +
        'characters), so "palatal tre" finds "palatal tremor".',
    })
    prefix?: boolean | null,
    @Arg('fuzzy', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        'Tolerate typos when the text as typed matches nothing: words of ' +
        `${MIN_FUZZY_LENGTH} letters or more (digits excluded) then match names and synonyms with one edit, from ` +
        `${TWO_EDITS_LENGTH} letters with two ("myoclonis" finds myoclonus); the first ${MAX_FUZZY_WORDS} such ` +
        'words only. Codes (a word with a colon, such as DOID:769) are never matched fuzzily.',
    })
    fuzzy?: boolean | null,
    @Arg('includeObsolete', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'Also obsolete ontology terms (`obsolete: true`), which are left out by default (before paging: ' +
        'totalCount and cursors count the same results).',
    })
    includeObsolete?: boolean | null,
  ): Promise<SearchConnection> {
    const limit = pageSize(first ?? SEARCH_PAGE.default, SEARCH_PAGE.max);
    const length = characterCount(text);
    if (length > MAX_SEARCH_TEXT) {
      throw badInput('text', `must be at most ${MAX_SEARCH_TEXT} characters (got ${length})`);
    }
    const offset = after ? Number(decodeCursor(after, 'search', ['number'])[0]) + 1 : 0;
    const plan = planSearch(text, { prefix: prefix ?? true, fuzzy: fuzzy ?? true });
    const { hits, total } = await searchConcepts(ctx.db, {
      plan,
      kinds: (kinds as ConceptKindName[] | null | undefined) ?? null,
      includeObsolete: includeObsolete ?? false,
      offset,
      limit,
    });
    const edges = hits.map((hit, i) => ({
      node: hit.node as never,
      score: hit.score,
      matched: hit.matched,
      cursor: encodeCursor(['search', offset + i]),
    }));
    return {
      edges,
      pageInfo: pageInfo(
        edges.map((e) => e.cursor),
        offset + edges.length < total,
        after,
      ),
      totalCount: total,
    };
  }
}
