import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../request/context';
import type { XrefGroupRecord } from '../xref/curie';
import { isSummary } from '../model/records';
import type { ConceptNode, ConceptRecord, EvidenceRecord } from '../model/records';
import { Concept } from './concept.type';

/**
 * The concept in full: itself, or, for a summary (what listings fetch), the request's concepts loader's record. All
 * the summaries of one request that need details share one query.
 */
async function details(node: ConceptNode, ctx: Context): Promise<ConceptRecord> {
  if (!isSummary(node)) return node;
  const full = await ctx.loaders.concepts.load(node.id);
  // Only if the concept was deleted between the two queries (a re-import running): say so rather than invent it.
  if (!full) throw new Error(`Concept ${node.id} is no longer in the graph.`);
  return full;
}

/**
 * The fields of every concept that a summary leaves out (DETAIL_FIELDS in model/records.ts). On a full record they
 * are read as they are; on a summary they are loaded, so a listing sends Neo4j's details only when a client asks.
 */
@Resolver(() => Concept)
export class ConceptDetailsResolver {
  @FieldResolver(() => [String])
  async synonyms(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<string[]> {
    return (await details(c, ctx)).synonyms;
  }

  @FieldResolver(() => String, { nullable: true })
  async description(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<string | null> {
    return (await details(c, ctx)).description;
  }

  @FieldResolver()
  async xrefs(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<XrefGroupRecord[]> {
    return (await details(c, ctx)).xrefs;
  }

  @FieldResolver()
  async evidence(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<EvidenceRecord[]> {
    return (await details(c, ctx)).evidence;
  }

  @FieldResolver(() => [String])
  async replacedBy(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<string[]> {
    return (await details(c, ctx)).replacedBy;
  }

  @FieldResolver(() => [String])
  async consider(@Root() c: ConceptNode, @Ctx() ctx: Context): Promise<string[]> {
    return (await details(c, ctx)).consider;
  }
}
