import DataLoader from 'dataloader';
import type { Database, QueryStats } from '../neo4j/database';
import {
  asConceptRow,
  conceptProjection,
  evidenceSources,
  toConcept,
  toEvidence,
} from '../concept/concept.record';
import type { EdgeRecord, SourceRow, StatementRecord } from '../concept/concept.record';
import type { PopulationName, RelationshipTypeName, StatementKindName } from '../model/kinds';
import { EDGES } from './edge.specs';
import type { EdgeName, EdgeSpec } from './edge.specs';

/**
 * The Cypher of one relationship field for a batch of concept ids: one query, whatever the number of ids.
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
RETURN id AS key, ${conceptProjection('o')} AS node,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel, ${evidenceSources('r')} AS relSources
ORDER BY key, toLower(o.name), o.id`;
}

export const STATEMENTS_QUERY = `UNWIND $ids AS id
MATCH (:Concept {id: id})-[:HAS_STATEMENT]->(s:Statement)
RETURN id AS key, s {.id, .kind, .claim, .population, .evidenceSources, .evidenceQuotes} AS statement,
       ${evidenceSources('s')} AS sources
ORDER BY key, s.kind, s.claim`;

/** A row that carries one relationship: `node` at its far end, `rel` its properties, `relSources` its sources. */
export interface EdgeRow {
  key: string;
  node: unknown;
  rel: {
    population: PopulationName | null;
    statedAs: string | null;
    evidenceSources: string[];
    evidenceQuotes: string[];
  };
  relSources: SourceRow[];
}

/** The EdgeRecord of an EdgeRow: the far concept, the qualifiers and the quoted evidence. */
export function toEdge(row: EdgeRow, relationship: RelationshipTypeName): EdgeRecord {
  return {
    node: toConcept(asConceptRow(row.node as never)),
    relationship,
    population: row.rel.population ?? null,
    statedAs: row.rel.statedAs ?? null,
    evidence: toEvidence(row.rel.evidenceSources, row.rel.evidenceQuotes, row.relSources),
  };
}

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
