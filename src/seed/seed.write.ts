import { curieKeys } from '../xref/curie';
import { composeConcept, composeRelationship, LAYER_MIGRATIONS } from '../model/layers';
import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import type { Database } from '../neo4j/database';
import { BUMP_GRAPH_VERSION_CYPHER } from '../neo4j/graph-version';
import { ALL_KIND_LABELS, CONCEPT_KINDS, KIND_LABELS, RELATIONSHIP_TYPES } from '../model/kinds';
import type { SeedPlan } from './seed.types';

/** What one seed run changed, from the database's own counters. */
export interface SeedChanges {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
}

export interface SeedReport {
  files: string[];
  sources: number;
  concepts: Record<string, number>;
  relationships: Record<string, number>;
  statements: number;
  changes: SeedChanges;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/**
 * Writes a validated plan in ONE transaction: every source, concept, statement and relationship is upserted by its
 * id (relationships by their two ends and type), and whatever an earlier seed run wrote that the plan no longer holds
 * is removed, so a corrected seed file corrects the graph. A second run of the same plan changes nothing. Seeded
 * items carry `seed: true`; items written by other tools (imports) are never pruned here.
 */
export async function writeSeed(db: Database, plan: SeedPlan): Promise<SeedReport> {
  const changes: SeedChanges = {
    nodesCreated: 0,
    nodesDeleted: 0,
    relationshipsCreated: 0,
    relationshipsDeleted: 0,
    propertiesSet: 0,
  };
  const tally = (result: QueryResult): void => {
    const u = result.summary.counters.updates();
    changes.nodesCreated += u.nodesCreated;
    changes.nodesDeleted += u.nodesDeleted;
    changes.relationshipsCreated += u.relationshipsCreated;
    changes.relationshipsDeleted += u.relationshipsDeleted;
    changes.propertiesSet += u.propertiesSet;
  };

  await db.writeTransaction(async (tx: ManagedTransaction) => {
    const run = async (cypher: string, params: Record<string, unknown>) =>
      tally(await tx.run(cypher, params));

    for (const migration of LAYER_MIGRATIONS) await run(migration, {});

    await run(
      `UNWIND $rows AS row
       MERGE (s:Source {id: row.id})
       SET s = row {.*, lastReviewed: CASE WHEN row.lastReviewed IS NULL THEN null ELSE date(row.lastReviewed) END,
                    seed: true}`,
      { rows: plan.sources },
    );

    for (const kind of CONCEPT_KINDS) {
      const rows = plan.concepts.filter((c) => c.kind === kind);
      if (rows.length === 0) continue;
      // Labels come from the fixed map; a concept whose kind changed loses its old labels.
      const stale = ALL_KIND_LABELS.filter((l) => !KIND_LABELS[kind].includes(l));
      await run(
        `UNWIND $rows AS row
         MERGE (c:Concept {id: row.id})
         SET c += row {.id, .name, .description, nameKey: toLower(row.name), seed: true},
             c.seedSynonyms = row.synonyms, c.seedXrefs = row.xrefs, c.seedXrefKeys = row.xrefKeys,
             c.seedEvidenceSources = row.evidenceSources, c.seedEvidenceQuotes = row.evidenceQuotes
         SET c:${KIND_LABELS[kind].join(':')}
         ${stale.length > 0 ? `REMOVE c:${stale.join(':')}` : ''}
         ${composeConcept('c')}`,
        { rows: rows.map((r) => ({ ...r, xrefKeys: curieKeys([r.id, ...r.xrefs]) })) },
      );
    }

    await run(
      `UNWIND $rows AS row
       MATCH (c:Concept {id: row.conceptId})
       MERGE (s:Statement {id: row.id})
       SET s = row {.id, .kind, .claim, .population, .evidenceSources, .evidenceQuotes, seed: true}
       MERGE (c)-[:HAS_STATEMENT]->(s)`,
      { rows: plan.statements },
    );

    for (const type of RELATIONSHIP_TYPES) {
      const rows = plan.relationships.filter((r) => r.type === type);
      await run(
        `UNWIND $rows AS row
         MATCH (a:Concept {id: row.from}), (b:Concept {id: row.to})
         MERGE (a)-[r:${type}]->(b)
         SET r += row {.population, .statedAs, seed: true},
             r.seedEvidenceSources = row.evidenceSources, r.seedEvidenceQuotes = row.evidenceQuotes
         ${composeRelationship('r')}`,
        { rows },
      );
      // Prune what an earlier run seeded and the files no longer state. A relationship an ontology also states
      // keeps the ontology's layer.
      const keys = rows.map((r) => `${r.from}|${r.to}`);
      await run(
        `MATCH (a:Concept)-[r:${type}]->(b:Concept)
         WHERE r.seed = true AND NOT (a.id + '|' + b.id) IN $keys AND r.ontologyEvidenceQuotes IS NULL
         DELETE r`,
        { keys },
      );
      await run(
        `MATCH (a:Concept)-[r:${type}]->(b:Concept)
         WHERE r.seed = true AND NOT (a.id + '|' + b.id) IN $keys
         REMOVE r.seed, r.population, r.statedAs, r.seedEvidenceSources, r.seedEvidenceQuotes
         ${composeRelationship('r')}`,
        { keys },
      );
    }

    await run(`MATCH (s:Statement) WHERE s.seed = true AND NOT s.id IN $ids DETACH DELETE s`, {
      ids: plan.statements.map((s) => s.id),
    });
    // A concept the files no longer hold goes, unless an ontology imported into it: then it keeps the ontology's
    // layer, under the ontology's name and definition.
    const conceptIds = plan.concepts.map((c) => c.id);
    await run(
      `MATCH (c:Concept) WHERE c.seed = true AND NOT c.id IN $ids AND c.ontologyName IS NULL DETACH DELETE c`,
      { ids: conceptIds },
    );
    await run(
      `MATCH (c:Concept) WHERE c.seed = true AND NOT c.id IN $ids
       SET c.name = c.ontologyName, c.nameKey = toLower(c.ontologyName), c.description = c.ontologyDefinition
       REMOVE c.seed, c.seedSynonyms, c.seedXrefs, c.seedXrefKeys, c.seedEvidenceSources, c.seedEvidenceQuotes
       ${composeConcept('c')}`,
      { ids: conceptIds },
    );
    await run(`MATCH (s:Source) WHERE s.seed = true AND NOT s.id IN $ids DETACH DELETE s`, {
      ids: plan.sources.map((s) => s.id),
    });
    // Cached answers of the service go stale with this commit (neo4j/graph-version.ts); not counted as a change.
    await tx.run(BUMP_GRAPH_VERSION_CYPHER);
  });

  return {
    files: plan.files,
    sources: plan.sources.length,
    concepts: countBy(plan.concepts, (c) => c.kind),
    relationships: countBy(plan.relationships, (r) => r.type),
    statements: plan.statements.length,
    changes,
  };
}

/** The report as a few lines for a terminal. */
export function formatSeedReport(report: SeedReport): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const c = report.changes;
  return [
    `Seeded from ${report.files.join(', ')}`,
    `  sources        ${report.sources}`,
    `  concepts       ${total(report.concepts)} (${list(report.concepts)})`,
    `  relationships  ${total(report.relationships)} (${list(report.relationships)})`,
    `  statements     ${report.statements}`,
    `  changes        ${c.nodesCreated} nodes created, ${c.nodesDeleted} deleted; ` +
      `${c.relationshipsCreated} relationships created, ${c.relationshipsDeleted} deleted; ` +
      `${c.propertiesSet} properties set`,
  ].join('\n');
}
