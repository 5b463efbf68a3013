import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { evidenceOf } from '../model/records';
import type { EdgeRecord, EvidenceRecord, SourceRecord } from '../model/records';
import type { Context } from '../request/context';
import { Relation } from './relation.type';

/**
 * A relationship's evidence. Relationship loaders read it as cited (quotes and source ids): the sources are loaded
 * here, only when a query asks for evidence, through the request's sources loader, so every source is fetched once
 * per request however many edges cite it (one query for all the edges of a response level).
 */
@Resolver(() => Relation)
export class RelationEvidenceResolver {
  @FieldResolver()
  async evidence(@Root() edge: EdgeRecord, @Ctx() ctx: Context): Promise<EvidenceRecord[]> {
    const { evidence } = edge;
    // Never expected: the loader leaves evidence out only when no `evidence` field is under the relationship field.
    if (evidence === null) throw new Error('Evidence asked for on an edge fetched without it.');
    if (Array.isArray(evidence)) return evidence;
    const byId = new Map<string, SourceRecord>();
    for (const source of await ctx.loaders.sources.loadMany([...new Set(evidence.sourceIds)])) {
      if (source instanceof Error) throw source;
      if (source) byId.set(source.id, source);
    }
    return evidenceOf(evidence.sourceIds, evidence.quotes, byId);
  }
}
