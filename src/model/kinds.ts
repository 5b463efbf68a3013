/**
 * The fixed vocabulary of the graph: concept kinds, their Neo4j labels, and relationship types with the kinds allowed
 * at each end. Cypher takes labels and relationship types from these maps only, never from input.
 */

export const CONCEPT_KINDS = [
  'Condition',
  'Cancer',
  'Cause',
  'BodyRegion',
  'Procedure',
  'Substance',
] as const;
export type ConceptKindName = (typeof CONCEPT_KINDS)[number];

/** Labels each kind carries besides `:Concept`. A cancer is also a condition. */
export const KIND_LABELS: Readonly<Record<ConceptKindName, readonly string[]>> = {
  Condition: ['Condition'],
  Cancer: ['Condition', 'Cancer'],
  Cause: ['Cause'],
  BodyRegion: ['BodyRegion'],
  Procedure: ['Procedure'],
  Substance: ['Substance'],
};

/** Every label a concept can carry beside `:Concept`, for removing stale ones when a concept changes kind. */
export const ALL_KIND_LABELS = [
  'Condition',
  'Cancer',
  'Cause',
  'BodyRegion',
  'Procedure',
  'Substance',
] as const;
export type KindLabel = (typeof ALL_KIND_LABELS)[number];

/** The kinds that are conditions: a cancer is a condition too. */
export const CONDITION_KINDS = ['Condition', 'Cancer'] as const satisfies readonly ConceptKindName[];

export function isConditionKind(kind: ConceptKindName): boolean {
  return (CONDITION_KINDS as readonly ConceptKindName[]).includes(kind);
}

/** The kind of a node, read from its labels (most specific first). */
export function kindFromLabels(labels: readonly string[]): ConceptKindName | null {
  if (labels.includes('Cancer')) return 'Cancer';
  for (const kind of CONCEPT_KINDS) {
    if (kind !== 'Cancer' && labels.includes(kind)) return kind;
  }
  return null;
}

export const RELATIONSHIP_TYPES = [
  'SUBTYPE_OF',
  'CAUSES',
  'HAS_FEATURE',
  'AFFECTS',
  'ASSOCIATED_WITH',
  'PART_OF',
  'DIAGNOSED_BY',
  'TREATED_BY',
  'AGGRAVATED_BY',
  'MIMICS',
] as const;
export type RelationshipTypeName = (typeof RELATIONSHIP_TYPES)[number];

export function isRelationshipType(value: string): value is RelationshipTypeName {
  return (RELATIONSHIP_TYPES as readonly string[]).includes(value);
}

/** Which kinds may stand at each end of a relationship type: `[from kinds, to kinds]` pairs, any of which fits. */
export const RELATIONSHIP_RULES: Readonly<
  Record<
    RelationshipTypeName,
    ReadonlyArray<readonly [readonly ConceptKindName[], readonly ConceptKindName[]]>
  >
> = {
  SUBTYPE_OF: [
    [CONDITION_KINDS, CONDITION_KINDS],
    [['Cause'], ['Cause']],
    [['Procedure'], ['Procedure']],
    [['Substance'], ['Substance']],
    [['BodyRegion'], ['BodyRegion']],
  ],
  CAUSES: [
    [
      [...CONDITION_KINDS, 'Cause', 'Substance'],
      [...CONDITION_KINDS, 'Cause'],
    ],
  ],
  HAS_FEATURE: [[CONDITION_KINDS, CONDITION_KINDS]],
  AFFECTS: [[[...CONDITION_KINDS, 'Cause'], ['BodyRegion']]],
  ASSOCIATED_WITH: [[CONDITION_KINDS, ['Cancer']]],
  PART_OF: [[['BodyRegion'], ['BodyRegion']]],
  DIAGNOSED_BY: [[CONDITION_KINDS, ['Procedure']]],
  TREATED_BY: [[CONDITION_KINDS, ['Procedure']]],
  AGGRAVATED_BY: [[CONDITION_KINDS, ['Substance', 'Cause', ...CONDITION_KINDS]]],
  MIMICS: [[CONDITION_KINDS, CONDITION_KINDS]],
};

export function relationshipAllowed(
  type: RelationshipTypeName,
  fromKind: ConceptKindName,
  toKind: ConceptKindName,
): boolean {
  return RELATIONSHIP_RULES[type].some(([from, to]) => from.includes(fromKind) && to.includes(toKind));
}

export const POPULATIONS = ['newborns', 'children', 'adults'] as const;
export type PopulationName = (typeof POPULATIONS)[number];

export const STATEMENT_KINDS = [
  'DEFINITION',
  'OCCURRENCE',
  'DURATION',
  'HARM',
  'PROGNOSIS',
  'PREVENTION',
  'RARITY',
  'INHERITANCE',
  'TREATMENT',
  'CAUSE',
  'PRESENTATION',
  'DIAGNOSIS',
] as const;
export type StatementKindName = (typeof STATEMENT_KINDS)[number];

export const SOURCE_KINDS = ['article', 'ontology'] as const;
export type SourceKindName = (typeof SOURCE_KINDS)[number];
