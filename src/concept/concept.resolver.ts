import { MAX_CURIE_LENGTH, parseCurie } from '../xref/curie';
import { findByXref } from './concept.repository';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../request/context';
import { badInput } from '../graphql/errors';
import { checkId } from '../graphql/ids';
import { Condition } from '../condition/condition.type';
import { isConditionKind } from '../model/kinds';
import type { ConceptRecord, StatementRecord } from '../model/records';
import { Concept } from './concept.type';
import { Statement } from './statement.type';

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
    return concept && isConditionKind(concept.kind) ? concept : null;
  }

  @Query(() => Concept, {
    nullable: true,
    description:
      'The concept a standard code names, by any of its CURIEs, in any case and under any prefix variant: ' +
      'DOID:1324 and doid:1324, UMLS:C0027819 and UMLS_CUI:C0027819, SCTID: and SNOMEDCT_US:, MSH: and MESH: name the ' +
      'same thing. A concept whose own id is the CURIE comes first, then a current concept over an obsolete one, ' +
      'then the article’s concepts, then by id; obsolete concepts are found too (see `obsolete`); null ' +
      'when no concept has it. A text that is not a CURIE (prefix, colon, code; at most 200 characters): BAD_USER_INPUT.',
  })
  async conceptByXref(@Arg('curie') curie: string, @Ctx() ctx: Context): Promise<ConceptRecord | null> {
    const parsed = parseCurie(curie);
    if (!parsed) {
      throw badInput(
        'curie',
        `must be a CURIE such as DOID:1324 or UMLS:C0027819: a prefix, a colon and a code, at most ` +
          `${MAX_CURIE_LENGTH} characters (got "${curie.slice(0, 40)}")`,
      );
    }
    const concept = await findByXref(ctx.db, parsed.key);
    if (concept) ctx.loaders.concepts.prime(concept.id, concept);
    return concept;
  }

  @FieldResolver(() => [Statement], {
    description: 'What the sources state about this concept alone (prognosis, harm, prevention, rarity...).',
  })
  statements(@Root() c: ConceptRecord, @Ctx() ctx: Context): Promise<StatementRecord[]> {
    return ctx.loaders.relationships.statements.load(c.id);
  }
}
