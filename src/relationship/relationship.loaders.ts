import DataLoader from 'dataloader';
import type { Database, QueryStats } from '../neo4j/database';
import {
  conceptSummaryProjection,
  evidenceSources,
  toConceptSummary,
  toEvidence,
} from '../concept/concept.record';
import type { ConceptSummaryRow, EdgeRecord, SourceRow, StatementRecord } from '../concept/concept.record';
import type { PopulationName, RelationshipTypeName, StatementKindName } from '../model/kinds';
import { EDGES } from './edge.specs';
import type { EdgeName, EdgeSpec } from './edge.specs';

/**
 * The Cypher of one relationship field for a batch of concept ids: one query, whatever the number of ids. The
 * concept at the far end comes as a summary (its other fields are loaded when asked for), and the evidence as
 * source ids and quotes (the sources are loaded when asked for, once per request).
 * Type, direction and label come from EDGES (a fixed map), never from input.
 */
export function edgeQuery(spec: EdgeSpec): string {
  const pattern =
    spec.direction === 'OUT'
      ? `(c)-[r:${spec.type}]->(o:${spec.endLabel})`
      : `(c)<-[r:${spec.type}]-(o:${spec.endLabel})`;
  return `UNWIND $ids AS id
MATCH (c:Concept {id: id})
MATCH ${pattern}
RETURN id AS key, ${conceptSummaryProjection('o')} AS node,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, toLower(o.name), o.id`;
}

/** A row that carries one relationship: `node` at its far end, `rel` its properties. */
export interface EdgeRow {
  key: string;
  node: ConceptSummaryRow;
  rel: {
    population: PopulationName | null;
    statedAs: string | null;
    evidenceSources: string[] | null;
    evidenceQuotes: string[] | null;
  };
}

/** The EdgeRecord of an EdgeRow: the far concept, the qualifiers and the evidence as cited. */
export function toEdge(row: EdgeRow, relationship: RelationshipTypeName): EdgeRecord {
  return {
    node: toConceptSummary(row.node),
    relationship,
    population: row.rel.population ?? null,
    statedAs: row.rel.statedAs ?? null,
    evidence: {
      cited: true,
      sourceIds: row.rel.evidenceSources ?? [],
      quotes: row.rel.evidenceQuotes ?? [],
    },
  };
}

export const STATEMENTS_QUERY = `UNWIND $ids AS id
MATCH (:Concept {id: id})-[:HAS_STATEMENT]->(s:Statement)
RETURN id AS key, s {.id, .kind, .claim, .population, .evidenceSources, .evidenceQuotes} AS statement,
       ${evidenceSources('s')} AS sources
ORDER BY key, s.kind, s.claim`;

interface StatementRow {
  key: string;
  statement: {
    id: string;
    kind: StatementKindName;
    claim: string;
    population: PopulationName | null;
    evidenceSources: string[];
    evidenceQuotes: string[];
  };
  sources: SourceRow[];
}

/** Groups rows by key and returns one list per requested key, in key order (the DataLoader contract). */
export function groupByKey<R extends { key: string }, T>(
  keys: readonly string[],
  rows: R[],
  map: (row: R) => T,
): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(row.key)?.push(map(row));
  return keys.map((k) => groups.get(k) ?? []);
}

/** Batch functions per relationship field; exported for the loader tests, which record the batches they see. */
export function edgeBatch(db: Database, name: EdgeName, stats?: QueryStats) {
  const spec = EDGES[name];
  const cypher = edgeQuery(spec);
  return async (ids: readonly string[]): Promise<EdgeRecord[][]> => {
    const rows = await db.read<EdgeRow & Record<string, unknown>>(cypher, { ids: [...ids] }, stats);
    return groupByKey(ids, rows, (row) => toEdge(row, spec.type));
  };
}

export function statementsBatch(db: Database, stats?: QueryStats) {
  return async (ids: readonly string[]): Promise<StatementRecord[][]> => {
    const rows = await db.read<StatementRow & Record<string, unknown>>(
      STATEMENTS_QUERY,
      { ids: [...ids] },
      stats,
    );
    return groupByKey(ids, rows, ({ statement: s, sources }) => ({
      id: s.id,
      kind: s.kind,
      claim: s.claim,
      population: s.population ?? null,
      evidence: toEvidence(s.evidenceSources, s.evidenceQuotes, sources),
    }));
  };
}

/**
 * The relationship loaders of one request: one DataLoader per relationship field, created on first use. All the
 * parents asking for the same field in one tick of the event loop share one query.
 */
export class RelationshipLoaders {
  private readonly edgeLoaders = new Map<EdgeName, DataLoader<string, EdgeRecord[]>>();
  readonly statements: DataLoader<string, StatementRecord[]>;

  constructor(
    private readonly db: Database,
    private readonly stats?: QueryStats,
  ) {
    this.statements = new DataLoader(statementsBatch(db, stats));
  }

  edges(name: EdgeName): DataLoader<string, EdgeRecord[]> {
    let loader = this.edgeLoaders.get(name);
    if (!loader) {
      loader = new DataLoader(edgeBatch(this.db, name, this.stats));
      this.edgeLoaders.set(name, loader);
    }
    return loader;
  }
}
