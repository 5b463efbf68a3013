import DataLoader from 'dataloader';
import { DEFAULT_DEADLINES } from '../config';
import { conceptsBatch } from '../concept/concept.repository';
import type { ConceptRecord, SourceRecord } from '../model/records';
import type { CypherService } from '../cypher/cypher.service';
import { HierarchyLoaders } from '../hierarchy/hierarchy.loaders';
import type { Database, QueryStats, RequestScope } from '../neo4j/database';
import { newRequestScope } from '../neo4j/database';
import { RelationshipLoaders } from '../relationship/relationship.loaders';
import { sourcesBatch } from '../source/source.repository';

/** The loaders of one request. Built per request, so nothing is cached across users or after data changes. */
export class Loaders {
  readonly concepts: DataLoader<string, ConceptRecord | null>;
  readonly sources: DataLoader<string, SourceRecord | null>;
  readonly relationships: RelationshipLoaders;
  readonly hierarchy: HierarchyLoaders;

  constructor(db: Database, stats?: QueryStats) {
    this.concepts = new DataLoader(conceptsBatch(db, stats));
    this.sources = new DataLoader(sourcesBatch(db, stats));
    this.relationships = new RelationshipLoaders(db, stats);
    this.hierarchy = new HierarchyLoaders(db, stats);
  }
}

/** What every resolver receives. */
export interface Context {
  db: Database;
  loaders: Loaders;
  /**
   * Cypher round trips and their time for this request (reported with QUERY_STATS=true), and its deadline: every
   * query given these stats gives up when the deadline passes.
   */
  stats: RequestScope;
  requestId: string;
  /** Analysts' read-only Cypher (one per process: it holds the limits and the logger). */
  cypher: CypherService;
}

export function createContext(
  db: Database,
  requestId: string,
  cypher: CypherService,
  timeoutMs: number = DEFAULT_DEADLINES.requestTimeoutMs,
): Context {
  const stats = newRequestScope(timeoutMs);
  return { db, stats, loaders: new Loaders(db, stats), requestId, cypher };
}
