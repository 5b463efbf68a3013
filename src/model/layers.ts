/**
 * A concept can hold what two kinds of source say about it: the article's seed (`seed*` properties, written by
 * seed/seed.write.ts) and an imported ontology (`ontology*` properties, written by obo/import/). Each writer
 * replaces only its own layer, then recomposes the properties every reader uses (`synonyms`, `xrefs`, `xrefKeys`,
 * `evidenceSources`, `evidenceQuotes`) as the union of the layers. So reads, the full-text indexes and the API see
 * one concept, and re-running either writer, in either order, gives the same node.
 *
 * Relationships are layered the same way: the seed's evidence in `seedEvidence*`, the ontology's in
 * `ontologyEvidence*`, and `evidence*` their concatenation.
 */

/**
 * Recomposes the read properties of concept `v` from its layers. Synonyms keep the seed's order first, then the
 * ontology's (its own name included when the concept's name is the seed's); case-insensitive duplicates and the
 * concept's own name are left out.
 */
export function composeConcept(v: string): string {
  const seen = (acc: string) => `[x IN ${acc} | toLower(x)]`;
  return `SET ${v}.synonyms = reduce(acc = [], s IN coalesce(${v}.seedSynonyms, []) + coalesce(${v}.ontologySynonyms, [])
      + CASE WHEN ${v}.ontologyName IS NULL THEN [] ELSE [${v}.ontologyName] END
      | CASE WHEN toLower(s) = toLower(${v}.name) OR toLower(s) IN ${seen('acc')} THEN acc ELSE acc + s END),
    ${v}.xrefs = reduce(acc = [], x IN coalesce(${v}.seedXrefs, []) + coalesce(${v}.ontologyXrefs, [])
      | CASE WHEN x IN acc OR x = ${v}.id THEN acc ELSE acc + x END),
    ${v}.xrefKeys = reduce(acc = [], k IN coalesce(${v}.seedXrefKeys, []) + coalesce(${v}.ontologyXrefKeys, [])
      | CASE WHEN k IN acc THEN acc ELSE acc + k END),
    ${v}.evidenceSources = coalesce(${v}.seedEvidenceSources, []) + coalesce(${v}.ontologyEvidenceSources, []),
    ${v}.evidenceQuotes = coalesce(${v}.seedEvidenceQuotes, []) + coalesce(${v}.ontologyEvidenceQuotes, [])`;
}

/** Recomposes the evidence of relationship `v` from its layers. */
export function composeRelationship(v: string): string {
  return `SET ${v}.evidenceSources = coalesce(${v}.seedEvidenceSources, []) + coalesce(${v}.ontologyEvidenceSources, []),
    ${v}.evidenceQuotes = coalesce(${v}.seedEvidenceQuotes, []) + coalesce(${v}.ontologyEvidenceQuotes, [])`;
}

/**
 * Graphs seeded before layers existed hold the seed's values only in the read properties. These statements record
 * them as the seed layer, once, so that composing does not lose them. Idempotent: they touch only seeded items with
 * no layer yet.
 */
export const LAYER_MIGRATIONS: readonly string[] = [
  `MATCH (c:Concept) WHERE c.seed = true AND c.seedEvidenceQuotes IS NULL
   SET c.seedSynonyms = coalesce(c.synonyms, []), c.seedXrefs = coalesce(c.xrefs, []),
       c.seedXrefKeys = coalesce(c.xrefKeys, []), c.seedEvidenceSources = coalesce(c.evidenceSources, []),
       c.seedEvidenceQuotes = coalesce(c.evidenceQuotes, [])`,
  `MATCH (:Concept)-[r]->(:Concept) WHERE r.seed = true AND r.seedEvidenceQuotes IS NULL
   SET r.seedEvidenceSources = coalesce(r.evidenceSources, []), r.seedEvidenceQuotes = coalesce(r.evidenceQuotes, [])`,
];
