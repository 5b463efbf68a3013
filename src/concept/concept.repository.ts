import neo4j from 'neo4j-driver';
import type { Reads } from '../neo4j/database';
import { MAX_HIERARCHY_DEPTH } from '../hierarchy/hierarchy.loaders';
import { CONCEPT_XREF_INDEX } from '../neo4j/schema';
import type { PopulationName } from '../model/kinds';
import { asConceptRow, conceptProjection, notObsolete, toConcept } from '../model/records';
import type { ConceptRecord } from '../model/records';

export const CONCEPTS_BY_IDS = `UNWIND $ids AS id
MATCH (c:Concept {id: id})
RETURN id AS key, ${conceptProjection('c')} AS node`;

/** Batch function of the concept loader: one query for all ids, results in id order, null where missing. */
export function conceptsBatch(db: Reads) {
  return async (ids: readonly string[]): Promise<Array<ConceptRecord | null>> => {
    const rows = await db.read<{ key: string; node: unknown }>(CONCEPTS_BY_IDS, { ids: [...ids] });
    const byId = new Map(rows.map((r) => [r.key, toConcept(asConceptRow(r.node as never))]));
    return ids.map((id) => byId.get(id) ?? null);
  };
}

export type ConditionOrder = 'NAME' | 'ID';

export interface ConditionFilterInput {
  /** Case-insensitive substring of the name or a synonym. */
  name?: string | null;
  /** 'Condition': conditions that are not cancers; 'Cancer': cancers. */
  kind?: 'Condition' | 'Cancer' | null;
  bodyRegion?: string | null;
  includeRegionParts?: boolean | null;
  population?: PopulationName | null;
  /** Also obsolete ontology terms; by default they are left out. */
  includeObsolete?: boolean | null;
}

export interface ConditionPageQuery {
  filter: ConditionFilterInput;
  orderBy: ConditionOrder;
  /** Keyset position: the sort key values of the last item of the previous page. */
  after: { nameKey?: string; id: string } | null;
  limit: number;
  withTotal: boolean;
}

export interface ConditionPage {
  items: Array<{ node: ConceptRecord; nameKey: string }>;
  total: number | null;
}

/** The WHERE clause and parameters of a condition filter (values only ever as parameters). */
export function conditionFilterClause(filter: ConditionFilterInput): {
  where: string[];
  params: Record<string, unknown>;
} {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (!filter.includeObsolete) where.push(notObsolete('c'));
  if (filter.name) {
    where.push('any(t IN [c.name] + coalesce(c.synonyms, []) WHERE toLower(t) CONTAINS $name)');
    params.name = filter.name.toLowerCase();
  }
  if (filter.kind === 'Cancer') where.push('c:Cancer');
  if (filter.kind === 'Condition') where.push('NOT c:Cancer');
  if (filter.bodyRegion) {
    where.push(
      filter.includeRegionParts
        ? `EXISTS { (c)-[:AFFECTS]->(:BodyRegion)-[:PART_OF*0..${MAX_HIERARCHY_DEPTH}]->(r:Concept {id: $bodyRegion}) WHERE r:BodyRegion }`
        : 'EXISTS { (c)-[:AFFECTS]->(r:Concept {id: $bodyRegion}) WHERE r:BodyRegion }',
    );
    params.bodyRegion = filter.bodyRegion;
  }
  if (filter.population) {
    where.push(
      '(EXISTS { (c)-[r]-(:Concept) WHERE r.population = $population } OR ' +
        'EXISTS { (c)-[:HAS_STATEMENT]->(s:Statement) WHERE s.population = $population })',
    );
    params.population = filter.population;
  }
  return { where, params };
}

/**
 * One page of conditions in a stable order (name then id, or id), seeking past the previous page's last item
 * (keyset pagination: pages stay consistent while data is added elsewhere). The count, when asked for, comes from
 * the same query.
 */
export async function conditionsPage(db: Reads, q: ConditionPageQuery): Promise<ConditionPage> {
  const { where, params } = conditionFilterClause(q.filter);
  const seek: string[] = [];
  if (q.after) {
    seek.push(
      q.orderBy === 'NAME'
        ? '(c.nameKey > $afterName OR (c.nameKey = $afterName AND c.id > $afterId))'
        : 'c.id > $afterId',
    );
    params.afterName = q.after.nameKey ?? '';
    params.afterId = q.after.id;
  }
  const order = q.orderBy === 'NAME' ? 'c.nameKey, c.id' : 'c.id';
  const whereOf = (clauses: string[]) => (clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '');
  const cypher = `${
    q.withTotal ? `CALL { MATCH (c:Condition) ${whereOf(where)} RETURN count(c) AS total }\n` : ''
  }CALL {
  MATCH (c:Condition) ${whereOf([...where, ...seek])}
  WITH c ORDER BY ${order} LIMIT $limit
  RETURN collect({node: ${conceptProjection('c')}, nameKey: c.nameKey}) AS page
}
RETURN ${q.withTotal ? 'total' : 'null AS total'}, page`;
  const [row] = await db.read<{ total: number | null; page: Array<{ node: unknown; nameKey: string }> }>(
    cypher,
    { ...params, limit: neo4j.int(q.limit) },
  );
  return {
    total: row?.total ?? null,
    items: (row?.page ?? []).map((p) => ({
      node: toConcept(asConceptRow(p.node as never)),
      nameKey: p.nameKey,
    })),
  };
}

/**
 * The concept with a cross-reference key (xref/curie.ts), through the concept_xref index. Several concepts can carry
 * the same code (an ontology term and the article's concept merged with it share theirs; two terms may cite one
 * UMLS code): the one whose own id is the code wins, then a current one over an obsolete one, then the article's
 * concepts, then the lowest id.
 */
export async function findByXref(db: Reads, key: string): Promise<ConceptRecord | null> {
  const rows = await db.read<{ c: unknown }>(
    `CALL db.index.fulltext.queryNodes($index, $phrase) YIELD node AS c
     WITH c ORDER BY CASE WHEN toUpper(c.id) = $key THEN 0 ELSE 1 END, coalesce(c.obsolete, false),
                     CASE WHEN c.seed THEN 0 ELSE 1 END, c.id
     LIMIT 1
     RETURN ${conceptProjection('c')} AS c`,
    { index: CONCEPT_XREF_INDEX.name, phrase: `"${key.replace(/[\\"]/g, '\\$&')}"`, key },
  );
  return rows[0] ? toConcept(asConceptRow(rows[0].c as never)) : null;
}
