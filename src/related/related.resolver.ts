import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { checkId } from '../graphql/ids';
import { Concept } from '../concept/concept.type';
import type { ConceptRecord } from '../model/records';
import type { Context } from '../request/context';
import { sizedBy } from '../graphql/cost';
import { notFound } from '../graphql/errors';
import { pageSize } from '../graphql/pagination';
import { relatedConditions } from './related.repository';
import { describeReason, explain } from './related.scoring';
import type { RelatedReason as ReasonRecord } from './related.scoring';
import { RelatedCondition, RelatedReason } from './related.types';

export const RELATED_MAX = 50;

interface ReasonView extends ReasonRecord {
  description: string;
}

@Resolver(() => RelatedCondition)
export class RelatedResolver {
  @Query(() => [RelatedCondition], {
    complexity: sizedBy('first', { default: 10, max: RELATED_MAX }),
    description:
      'Conditions related to this one, best first, each with a score and an explanation. The score adds a fixed ' +
      'weight for every connection: direct links (feature, subtype, cause, associated cancer: 4; mimics: 3; ' +
      'aggravates: 2), shared causes and cancers (3 each), shared features, siblings in the hierarchy and shared ' +
      'body regions (2 each), and looser links (two hierarchy steps, regions one part of the other or parts of ' +
      `one region: 1 each). Ties go by name, then id. At most ${RELATED_MAX}.`,
  })
  async relatedConditions(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
  ): Promise<
    Array<Omit<RelatedCondition, 'reasons' | 'node'> & { node: ConceptRecord; reasons: ReasonView[] }>
  > {
    const limit = pageSize(first ?? 10, RELATED_MAX);
    const related = await relatedConditions(ctx.db, checkId(id), limit);
    if (!related) throw notFound('id', id, 'condition');
    return related.items.map((r) => ({
      node: r.node,
      score: r.score,
      explanation: explain(r.reasons, related.subject, r.node.name),
      reasons: r.reasons.map((reason) => ({
        ...reason,
        description: describeReason(reason, related.subject, r.node.name),
      })),
    }));
  }

  @FieldResolver(() => [RelatedReason])
  reasons(
    @Root() r: { reasons: ReasonView[] },
  ): Array<Omit<ReasonView, 'via'> & { via: Array<{ id: string }> }> {
    return [...r.reasons].sort((x, y) => y.weight - x.weight || x.kind.localeCompare(y.kind));
  }
}

@Resolver(() => RelatedReason)
export class RelatedReasonResolver {
  @FieldResolver(() => [Concept])
  async via(@Root() reason: ReasonView, @Ctx() ctx: Context): Promise<ConceptRecord[]> {
    const concepts = await ctx.loaders.concepts.loadMany(reason.via.map((v) => v.id));
    return concepts.filter((c): c is ConceptRecord => c !== null && !(c instanceof Error));
  }
}
