import type { ManagedTransaction } from 'neo4j-driver';
import { composeRelationship } from '../../model/layers';
import type { Database } from '../../neo4j/database';
import { RELATIONSHIP_MAP } from './options';
import type { PreparedImport } from './prepared';

/**
 * The Source ids of earlier (or other) releases of the ontologies of `prepared`, by ontology name: ontology sources
 * with the same `ontology` as one of the files and an id none of them has.
 */
export async function earlierReleases(
  db: Database,
  prepared: readonly PreparedImport[],
): Promise<Map<string, string[]>> {
  const rows = await db.read<{ ontology: string; ids: string[] }>(
    `MATCH (s:Source {kind: 'ontology'}) WHERE s.ontology IN $ontologies AND NOT s.id IN $current
     RETURN s.ontology AS ontology, collect(s.id) AS ids`,
    {
      ontologies: [...new Set(prepared.map((p) => p.source.ontology))],
      current: prepared.map((p) => p.source.id),
    },
  );
  return new Map(rows.map((row) => [row.ontology, row.ids]));
}

/** The relationship types an import writes (from the fixed RELATIONSHIP_MAP), as a Cypher type pattern. */
const IMPORTED_TYPES = ['SUBTYPE_OF', ...new Set(Object.values(RELATIONSHIP_MAP))].join('|');

/**
 * Retires the relationships whose ontology layer an earlier release (`sources`) wrote and the release just imported
 * did not write again (it rewrites the layer of every relationship it states, with its own source): the new release
 * no longer states them. A relationship the article states too keeps the article's layer and loses the ontology's;
 * the others are deleted. In one transaction. Returns how many were retired.
 */
export async function retireRelationships(db: Database, sources: readonly string[]): Promise<number> {
  return db.writeTransaction(async (tx: ManagedTransaction) => {
    const kept = await tx.run(
      `MATCH (:Concept)-[r:${IMPORTED_TYPES}]->(:Concept)
       WHERE r.ontologySource IN $sources AND r.seedEvidenceQuotes IS NOT NULL
       REMOVE r.ontologySource, r.ontologyEvidenceSources, r.ontologyEvidenceQuotes
       ${composeRelationship('r')}
       RETURN count(r) AS retired`,
      { sources },
    );
    const deleted = await tx.run(
      `MATCH (:Concept)-[r:${IMPORTED_TYPES}]->(:Concept) WHERE r.ontologySource IN $sources DELETE r`,
      { sources },
    );
    const retired = kept.records[0]?.get('retired') as { toNumber(): number } | undefined;
    return (retired?.toNumber() ?? 0) + deleted.summary.counters.updates().relationshipsDeleted;
  });
}
