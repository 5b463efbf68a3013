import type { KindLabel, RelationshipTypeName } from './kinds';

/** Labels an edge's far end may be restricted to (a fixed set: Cypher takes labels from here only). */
export type EndLabel = 'Concept' | KindLabel;

/**
 * One relationship field: which relationship type it follows, in which direction from the concept that owns the
 * field, and which label the concept at the other end must carry.
 */
export interface EdgeSpec {
  readonly type: RelationshipTypeName;
  readonly direction: 'OUT' | 'IN';
  readonly endLabel: EndLabel;
}

const spec = (type: RelationshipTypeName, direction: 'OUT' | 'IN', endLabel: EndLabel): EdgeSpec =>
  Object.freeze({ type, direction, endLabel });

/**
 * Every relationship field of the API, in both directions. The GraphQL field resolvers name one of these; the
 * loaders build their Cypher from it.
 */
export const EDGES = {
  causes: spec('CAUSES', 'IN', 'Concept'),
  effects: spec('CAUSES', 'OUT', 'Concept'),
  conditionsCaused: spec('CAUSES', 'OUT', 'Condition'),
  conditionParents: spec('SUBTYPE_OF', 'OUT', 'Condition'),
  conditionSubtypes: spec('SUBTYPE_OF', 'IN', 'Condition'),
  causeParents: spec('SUBTYPE_OF', 'OUT', 'Cause'),
  causeSubtypes: spec('SUBTYPE_OF', 'IN', 'Cause'),
  procedureParents: spec('SUBTYPE_OF', 'OUT', 'Procedure'),
  procedureSubtypes: spec('SUBTYPE_OF', 'IN', 'Procedure'),
  substanceParents: spec('SUBTYPE_OF', 'OUT', 'Substance'),
  substanceSubtypes: spec('SUBTYPE_OF', 'IN', 'Substance'),
  bodyRegionParents: spec('SUBTYPE_OF', 'OUT', 'BodyRegion'),
  bodyRegionSubtypes: spec('SUBTYPE_OF', 'IN', 'BodyRegion'),
  features: spec('HAS_FEATURE', 'OUT', 'Condition'),
  featureOf: spec('HAS_FEATURE', 'IN', 'Condition'),
  bodyRegions: spec('AFFECTS', 'OUT', 'BodyRegion'),
  affectedBy: spec('AFFECTS', 'IN', 'Concept'),
  regionConditions: spec('AFFECTS', 'IN', 'Condition'),
  cancers: spec('ASSOCIATED_WITH', 'OUT', 'Cancer'),
  cancerConditions: spec('ASSOCIATED_WITH', 'IN', 'Condition'),
  partOf: spec('PART_OF', 'OUT', 'BodyRegion'),
  parts: spec('PART_OF', 'IN', 'BodyRegion'),
  diagnosticTests: spec('DIAGNOSED_BY', 'OUT', 'Procedure'),
  diagnoses: spec('DIAGNOSED_BY', 'IN', 'Condition'),
  treatments: spec('TREATED_BY', 'OUT', 'Procedure'),
  treats: spec('TREATED_BY', 'IN', 'Condition'),
  aggravatedBy: spec('AGGRAVATED_BY', 'OUT', 'Concept'),
  aggravates: spec('AGGRAVATED_BY', 'IN', 'Condition'),
  mimics: spec('MIMICS', 'OUT', 'Condition'),
  mimickedBy: spec('MIMICS', 'IN', 'Condition'),
} as const satisfies Record<string, EdgeSpec>;

export type EdgeName = keyof typeof EDGES;
