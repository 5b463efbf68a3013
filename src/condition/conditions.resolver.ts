import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { conditionsPage } from '../concept/concept.repository';
import type { ConditionOrder as Order } from '../concept/concept.repository';
import type { Context } from '../request/context';
import { sizedBy } from '../graphql/cost';
import { ConceptKind } from '../graphql/enums';
import { badInput } from '../graphql/errors';
import { decodeCursor, encodeCursor, PAGE_SIZE, pageInfo, pageSize } from '../graphql/pagination';
import { selectsDirectly } from '../graphql/selection';
import { checkId } from '../graphql/ids';
import { ConditionConnection, ConditionFilter, ConditionOrder } from './conditions.types';

const MAX_NAME_FILTER = 200;

@Resolver()
export class ConditionsResolver {
  @Query(() => ConditionConnection, {
    complexity: sizedBy('first', PAGE_SIZE),
    description:
      `Conditions (cancers included), filtered, in a stable order, ${PAGE_SIZE.default} per page by default and at most ${PAGE_SIZE.max}. ` +
      'Obsolete ontology terms are left out unless filter.includeObsolete.',
  })
  async conditions(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => ConditionFilter, { nullable: true }) filter?: ConditionFilter | null,
    @Arg('orderBy', () => ConditionOrder, { nullable: true, defaultValue: ConditionOrder.NAME })
    orderBy: ConditionOrder | null = ConditionOrder.NAME,
  ): Promise<ConditionConnection> {
    const limit = pageSize(first);
    const order = (orderBy ?? ConditionOrder.NAME) as Order;
    if (filter?.kind && filter.kind !== ConceptKind.CONDITION && filter.kind !== ConceptKind.CANCER) {
      throw badInput('filter.kind', 'must be CONDITION or CANCER for conditions');
    }
    if (filter?.name && filter.name.length > MAX_NAME_FILTER) {
      throw badInput('filter.name', `must be at most ${MAX_NAME_FILTER} characters`);
    }
    if (filter?.bodyRegion) checkId(filter.bodyRegion, 'filter.bodyRegion');
    let position: { nameKey?: string; id: string } | null = null;
    if (after) {
      const parts =
        order === 'NAME'
          ? decodeCursor(after, 'NAME', ['string', 'string'])
          : decodeCursor(after, 'ID', ['string']);
      position =
        order === 'NAME' ? { nameKey: String(parts[0]), id: String(parts[1]) } : { id: String(parts[0]) };
    }
    const page = await conditionsPage(ctx.db, {
      filter: {
        name: filter?.name?.trim() || null,
        kind: (filter?.kind as 'Condition' | 'Cancer' | undefined) ?? null,
        bodyRegion: filter?.bodyRegion ?? null,
        includeRegionParts: filter?.includeRegionParts ?? false,
        population: filter?.population ?? null,
        includeObsolete: filter?.includeObsolete ?? false,
      },
      orderBy: order,
      after: position,
      limit: limit + 1,
      withTotal: selectsDirectly(info, 'totalCount'),
    });
    const items = page.items.slice(0, limit);
    const edges = items.map((item) => ({
      node: item.node as never,
      cursor:
        order === 'NAME'
          ? encodeCursor(['NAME', item.nameKey, item.node.id])
          : encodeCursor(['ID', item.node.id]),
    }));
    return {
      edges,
      pageInfo: pageInfo(
        edges.map((e) => e.cursor),
        page.items.length > limit,
        after,
      ),
      totalCount: page.total ?? 0,
    };
  }
}
