import DataLoader from 'dataloader';
import { conceptSummaryProjection, notObsolete, toConceptSummary } from '../model/records';
import type { ConceptNode, ConceptSummaryRow, EdgeRecord } from '../model/records';
import type { Reads } from '../neo4j/database';
import { groupByKey, toEdge } from '../relationship/relationship.loaders';
import type { EdgeRow } from '../relationship/relationship.loaders';

/** The two hierarchies: kinds of conditions (SUBTYPE_OF) and parts of the body (PART_OF). */
export const HIERARCHIES = {
  conditions: { type: 'SUBTYPE_OF', label: 'Condition' },
  bodyRegions: { type: 'PART_OF', label: 'BodyRegion' },
} as const;
export type HierarchyName = keyof typeof HIERARCHIES;

/** The deepest any hierarchy query goes (the Disease Ontology is about 15 levels deep). */
export const MAX_HIERARCHY_DEPTH = 30;

export interface HierarchyEntryRecord {
  node: ConceptNode;
  /** Steps from the concept asked about: 1 for a parent or child. */
  depth: number;
}

export interface RegionConditionRecord extends EdgeRecord {
  /** The region the condition affects: the region asked about, or one of its parts. */
  region: ConceptNode;
  /** PART_OF steps from that region up to the region asked about (0 when it is the same). */
  partDepth: number;
}

/**
 * Ancestors (`up`) or descendants of each concept in one hierarchy, with the shortest distance to each. The depth is
 * validated by the caller and is the only text spliced into the query (variable-length bounds cannot be parameters).
 */
export function hierarchyQuery(name: HierarchyName, up: boolean, maxDepth: number): string {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_HIERARCHY_DEPTH) {
    throw new RangeError(`maxDepth must be 1..${MAX_HIERARCHY_DEPTH}`);
  }
  const { type, label } = HIERARCHIES[name];
  // SHORTEST 1 keeps one shortest path per (concept, relative) pair: a breadth-first search, so diamonds in a
  // multiple-inheritance hierarchy (and cycles in bad data) do not multiply the paths explored.
  const pattern = up
    ? `(c)-[:${type}]->{1,${maxDepth}}(o:${label})`
    : `(c)<-[:${type}]-{1,${maxDepth}}(o:${label})`;
  return `UNWIND $ids AS id
MATCH (c:Concept {id: id}) WHERE c:${label}
MATCH p = SHORTEST 1 ${pattern}
WHERE o <> c
WITH id, o, length(p) AS depth WHERE ${notObsolete('o')}
RETURN id AS key, ${conceptSummaryProjection('o')} AS node, depth
ORDER BY key, depth, toLower(o.name), o.id`;
}

/** Conditions that affect a region or any of its parts, with the part and the AFFECTS relationship's evidence. */
export const REGION_CONDITIONS_WITH_PARTS = `UNWIND $ids AS id
MATCH (region:Concept {id: id}) WHERE region:BodyRegion
MATCH p = SHORTEST 1 (part:BodyRegion)-[:PART_OF]->{0,${MAX_HIERARCHY_DEPTH}}(region)
WITH id, part, length(p) AS partDepth
MATCH (o:Condition)-[r:AFFECTS]->(part)
RETURN id AS key, ${conceptSummaryProjection('o')} AS node, ${conceptSummaryProjection('part')} AS region, partDepth,
       r {.population, .statedAs, .evidenceSources, .evidenceQuotes} AS rel
ORDER BY key, partDepth, toLower(o.name), o.id, part.id`;

interface RegionConditionRow extends EdgeRow {
  region: ConceptSummaryRow;
  partDepth: number;
}

/** Per-request loaders for hierarchy fields; one loader (one query per batch) per field and depth. */
export class HierarchyLoaders {
  private readonly loaders = new Map<string, DataLoader<string, HierarchyEntryRecord[]>>();
  readonly regionConditionsWithParts: DataLoader<string, RegionConditionRecord[]>;

  constructor(private readonly db: Reads) {
    this.regionConditionsWithParts = new DataLoader(async (ids) => {
      const rows = await db.read<RegionConditionRow & Record<string, unknown>>(REGION_CONDITIONS_WITH_PARTS, {
        ids: [...ids],
      });
      return groupByKey(ids, rows, (row) => ({
        ...toEdge(row, 'AFFECTS'),
        region: toConceptSummary(row.region),
        partDepth: row.partDepth,
      }));
    });
  }

  /** Ancestors (`up`) or descendants in a hierarchy, up to maxDepth steps. */
  entries(name: HierarchyName, up: boolean, maxDepth: number): DataLoader<string, HierarchyEntryRecord[]> {
    const key = `${name}:${up ? 'up' : 'down'}:${maxDepth}`;
    let loader = this.loaders.get(key);
    if (!loader) {
      const cypher = hierarchyQuery(name, up, maxDepth);
      loader = new DataLoader(async (ids) => {
        const rows = await this.db.read<{ key: string; node: ConceptSummaryRow; depth: number }>(cypher, {
          ids: [...ids],
        });
        return groupByKey(ids, rows, (row) => ({
          node: toConceptSummary(row.node),
          depth: row.depth,
        }));
      });
      this.loaders.set(key, loader);
    }
    return loader;
  }
}
