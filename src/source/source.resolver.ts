import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { SourceRecord } from '../model/records';
import type { Context } from '../request/context';
import { checkId } from '../graphql/ids';
import { allSources, findSource } from './source.repository';
import { Source } from './source.type';

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: 'Every source the graph cites, by id.' })
  async sources(@Ctx() ctx: Context): Promise<SourceRecord[]> {
    return allSources(ctx.db);
  }

  @Query(() => Source, { nullable: true, description: 'One source by id; null when there is none.' })
  async source(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SourceRecord | null> {
    return findSource(ctx.db, checkId(id));
  }
}
