import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { sourceProjection, toSource } from '../concept/concept.record';
import type { SourceRecord, SourceRow } from '../concept/concept.record';
import type { Context } from '../request/context';
import { checkId } from '../concept/concept.resolver';
import { Source } from './source.type';

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: 'Every source the graph cites, by id.' })
  async sources(@Ctx() ctx: Context): Promise<SourceRecord[]> {
    const rows = await ctx.db.read<{ s: SourceRow }>(
      `MATCH (s:Source) RETURN ${sourceProjection('s')} AS s ORDER BY s.id`,
      {},
    );
    return rows.map((r) => toSource(r.s));
  }

  @Query(() => Source, { nullable: true, description: 'One source by id; null when there is none.' })
  async source(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SourceRecord | null> {
    const rows = await ctx.db.read<{ s: SourceRow }>(
      `MATCH (s:Source {id: $id}) RETURN ${sourceProjection('s')} AS s`,
      { id: checkId(id) },
    );
    return rows[0] ? toSource(rows[0].s) : null;
  }
}
