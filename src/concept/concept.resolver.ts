import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { Condition } from '../condition/condition.type';
import type { ConceptRecord, StatementRecord } from './concept.record';
import { Concept } from './concept.type';
import { Statement } from './statement.type';

const MAX_ID_LENGTH = 200;

/** Ids are short printable strings; anything else is a client mistake worth naming, not a lookup. */
export function checkId(id: string, argument = 'id'): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || /[\s\p{Cc}]/u.test(id)) {
    throw badInput(
      argument,
      `must be a concept id: 1 to ${MAX_ID_LENGTH} characters, no spaces (got "${id.slice(0, 40)}")`,
    );
  }
  return id;
}

const CONDITION_KINDS = new Set(['Condition', 'Cancer']);

@Resolver(() => Concept)
export class ConceptResolver {
  @Query(() => Concept, { nullable: true, description: 'Any concept by its id; null when there is none.' })
  async concept(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ConceptRecord | null> {
    return ctx.loaders.concepts.load(checkId(id));
  }

  @Query(() => Condition, {
    nullable: true,
    description: 'A condition (cancers included) by its id; null when the id names no condition.',
  })
  async condition(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ConceptRecord | null> {
    const concept = await ctx.loaders.concepts.load(checkId(id));
    return concept && CONDITION_KINDS.has(concept.kind) ? concept : null;
  }

  @FieldResolver(() => [Statement], {
    description: 'What the sources state about this concept alone (prognosis, harm, prevention, rarity...).',
  })
  statements(@Root() c: ConceptRecord, @Ctx() ctx: Context): Promise<StatementRecord[]> {
    return ctx.loaders.relationships.statements.load(c.id);
  }
}
