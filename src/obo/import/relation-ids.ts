/**
 * Relations that files name by their id (`relationship: BFO:0000050 UBERON:1`, as OWL-derived files write them) and
 * the names the OBO files the importer knows give them. Only ids whose published RO/BFO label is that name: a
 * mapped id is imported exactly as its named form (part_of becomes PART_OF, the others are counted as skipped types).
 */
const RELATION_NAMES: Readonly<Record<string, string>> = {
  'BFO:0000050': 'part_of',
  'BFO:0000051': 'has_part',
  'BFO:0000062': 'preceded_by',
  'BFO:0000063': 'precedes',
  'BFO:0000066': 'occurs_in',
  'RO:0000086': 'has_quality',
  'RO:0001015': 'location_of',
  'RO:0001025': 'located_in',
  'RO:0002131': 'overlaps',
  'RO:0002134': 'innervates',
  'RO:0002150': 'continuous_with',
  'RO:0002160': 'only_in_taxon',
  'RO:0002162': 'in_taxon',
  'RO:0002170': 'connected_to',
  'RO:0002176': 'connects',
  'RO:0002178': 'supplies',
  'RO:0002179': 'drains',
  'RO:0002200': 'has_phenotype',
  'RO:0002202': 'develops_from',
  'RO:0002203': 'develops_into',
  'RO:0002207': 'directly_develops_from',
  'RO:0002210': 'directly_develops_into',
  'RO:0002211': 'regulates',
  'RO:0002212': 'negatively_regulates',
  'RO:0002213': 'positively_regulates',
  'RO:0002215': 'capable_of',
  'RO:0002216': 'capable_of_part_of',
  'RO:0002219': 'surrounded_by',
  'RO:0002220': 'adjacent_to',
  'RO:0002221': 'surrounds',
  'RO:0002254': 'has_developmental_contribution_from',
  'RO:0002371': 'attached_to',
  'RO:0002380': 'branching_part_of',
  'RO:0002433': 'contributes_to_morphology_of',
  'RO:0002473': 'composed_primarily_of',
  'RO:0002494': 'transformation_of',
  'RO:0002495': 'immediate_transformation_of',
  'RO:0002551': 'has_skeleton',
};

/** The relation's name: `BFO:0000050` → `part_of`; a name, or an id not in the map, as it is. */
export function relationName(type: string): string {
  return RELATION_NAMES[type] ?? type;
}
