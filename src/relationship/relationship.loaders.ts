import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Reads } from '../neo4j/database';
import { conceptSummaryProjection, evidenceSources, toConceptSummary, toEvidence } from '../model/records';
import type { ConceptSummaryRow, EdgeRecord, SourceRow, StatementRecord } from '../model/records';
import type { PopulationName, RelationshipTypeName, StatementKindName } from '../model/kinds';
import { EDGES } from '../model/edge.specs';
import { selectsAnywhere } from '../graphql/selection';
import type { EdgeName, EdgeSpec } from '../model/edge.specs';

/**
 * The Cypher of one relationship field for a batch of concept ids (`param`): one query part, whatever the number of
 * ids. The concept at the far end comes as a summary (its other fields are loaded when asked for), and the evidence
 * as source ids and quotes (the sources are loaded when asked for, once per request), or not at all when the query
 * does not ask for it (`evidence` false). `field` tells the rows of this part from those of the others in
 * edgesQuery. Type, direction and label come from EDGES (a fixed map), never
 * from input.
 */
export function edgeQuery(spec: EdgeSpec, param = '$ids', field = 0, evidence = true): string {
  const pattern =
    spec.direction === 'OUT'
      ? `(c)-[r:${spec.type}]->(o:${spec.endLabel})`
      : `(c)<-[r:${spec.type}]-(o:${spec.endLabel})`;
  return `UNWIND ${param} AS id
MATCH (c:Concept {id: id})
MATCH ${pattern}
RETURN ${field} AS field, id AS key, ${conceptSummaryProjection('o')} AS node,
       r {.population, .statedAs${evidence ? ', .evidenceSources, .evidenceQuotes' : ''}} AS rel
ORDER BY key, toLower(o.name), o.id`;
}

/** One part of edgesQuery: a relationship field, with or without its evidence. */
export interface EdgePart {
  name: EdgeName;
  evidence: boolean;
}

const partKey = ({ name, evidence }: EdgePart): string => `${name}${evidence ? '+evidence' : ''}`;

/**
 * Several relationship fields in one query: one part per field (edgeQuery, its ids in `$ids0`, `$ids1`...), joined
 * by UNION ALL, each part in its own order. Parts come sorted, so that each set of fields has one query text.
 */
export function edgesQuery(parts: readonly EdgePart[]): string {
  return parts
    .map(({ name, evidence }, i) => edgeQuery(EDGES[name], `$ids${i}`, i, evidence))
    .join('\nUNION ALL\n');
}

/** A row that carries one relationship: `node` at its far end, `rel` its properties. */
export interface EdgeRow {
  /** Which part of edgesQuery the row comes from. */
  field?: number;
  key: string;
  node: ConceptSummaryRow;
  rel: {
    population: PopulationName | null;
    statedAs: string | null;
    /** Absent when the query left the evidence out. */
    evidenceSources?: string[] | null;
    evidenceQuotes?: string[] | null;
  };
}

/** The EdgeRecord of an EdgeRow: the far concept, the qualifiers and the evidence as cited. */
export function toEdge(row: EdgeRow, relationship: RelationshipTypeName): EdgeRecord {
  return {
    node: toConceptSummary(row.node),
    relationship,
    population: row.rel.population ?? null,
    statedAs: row.rel.statedAs ?? null,
    evidence:
      'evidenceQuotes' in row.rel
        ? { cited: true, sourceIds: row.rel.evidenceSources ?? [], quotes: row.rel.evidenceQuotes ?? [] }
        : null,
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

/** One relationship field of one concept, with or without evidence: what a field resolver asks the loader for. */
export interface EdgeKey extends EdgePart {
  id: string;
}

const keyOf = (key: EdgeKey): string => `${partKey(key)}\u0000${key.id}`;

/**
 * The batch function of the edges loader; exported for the loader tests, which record the batches they see. All
 * the fields asked for in one tick (the causes, body regions and cancers of a page of conditions) share one query.
 */
export function edgesBatch(db: Reads) {
  return async (keys: readonly EdgeKey[]): Promise<EdgeRecord[][]> => {
    // One pass over the keys: each part (field, with or without evidence) with its ids and, per id, its edges.
    const byPart = new Map<string, EdgePart & { edges: Map<string, EdgeRecord[]> }>();
    for (const key of keys) {
      const pk = partKey(key);
      let part = byPart.get(pk);
      if (!part) byPart.set(pk, (part = { name: key.name, evidence: key.evidence, edges: new Map() }));
      part.edges.set(key.id, []);
    }
    const parts = [...byPart.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, part]) => part);
    const params: Record<string, string[]> = {};
    parts.forEach((part, i) => {
      params[`ids${i}`] = [...part.edges.keys()];
    });
    const rows = await db.read<EdgeRow & Record<string, unknown>>(edgesQuery(parts), params);
    for (const row of rows) {
      const part = parts[row.field ?? 0]!;
      part.edges.get(row.key)?.push(toEdge(row, EDGES[part.name].type));
    }
    return keys.map((k) => byPart.get(partKey(k))?.edges.get(k.id) ?? []);
  };
}

export function statementsBatch(db: Reads) {
  return async (ids: readonly string[]): Promise<StatementRecord[][]> => {
    const rows = await db.read<StatementRow & Record<string, unknown>>(STATEMENTS_QUERY, { ids: [...ids] });
    return groupByKey(ids, rows, ({ statement: s, sources }) => ({
      id: s.id,
      kind: s.kind,
      claim: s.claim,
      population: s.population ?? null,
      evidence: toEvidence(s.evidenceSources, s.evidenceQuotes, sources),
    }));
  };
}

/** The edges of one relationship field, by concept id: a view of the request's edges loader. */
export interface EdgeLoader {
  load(id: string): Promise<EdgeRecord[]>;
  loadMany(ids: readonly string[]): Promise<Array<EdgeRecord[] | Error>>;
}

/**
 * The relationship loaders of one request: one DataLoader for every relationship field, keyed by field and concept.
 * All the parents asking for any relationship fields in one tick of the event loop share one query.
 */
export class RelationshipLoaders {
  private readonly all: DataLoader<EdgeKey, EdgeRecord[], string>;
  private readonly views = new Map<string, EdgeLoader>();
  readonly statements: DataLoader<string, StatementRecord[]>;

  constructor(db: Reads) {
    this.all = new DataLoader(edgesBatch(db), { cacheKeyFn: keyOf });
    this.statements = new DataLoader(statementsBatch(db));
  }

  /**
   * The loader of one relationship field. Given the field's resolve info, the edges' evidence is fetched only when
   * the query asks for `evidence` anywhere under the field (selects); without it, always.
   */
  edges(name: EdgeName, info?: GraphQLResolveInfo): EdgeLoader {
    const evidence = info === undefined || selectsAnywhere(info, 'evidence');
    const part = partKey({ name, evidence });
    let view = this.views.get(part);
    if (!view) {
      view = {
        load: (id) => this.all.load({ name, evidence, id }),
        loadMany: (ids) => this.all.loadMany(ids.map((id) => ({ name, evidence, id }))),
      };
      this.views.set(part, view);
    }
    return view;
  }
}
