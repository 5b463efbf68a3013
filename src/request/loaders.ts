import DataLoader from 'dataloader';
import { conceptsBatch } from '../concept/concept.repository';
import type { ConceptRecord, SourceRecord } from '../model/records';
import { HierarchyLoaders } from '../hierarchy/hierarchy.loaders';
import type { Reads } from '../neo4j/database';
import { RelationshipLoaders } from '../relationship/relationship.loaders';
import { sourcesBatch } from '../source/source.repository';

/**
 * The loaders of one request, over its reads (Database.forRequest). Built per request, so nothing is cached across
 * users or after data changes.
 */
export class Loaders {
  readonly concepts: DataLoader<string, ConceptRecord | null>;
  readonly sources: DataLoader<string, SourceRecord | null>;
  readonly relationships: RelationshipLoaders;
  readonly hierarchy: HierarchyLoaders;

  constructor(db: Reads) {
    this.concepts = new DataLoader(conceptsBatch(db));
    this.sources = new DataLoader(sourcesBatch(db));
    this.relationships = new RelationshipLoaders(db);
    this.hierarchy = new HierarchyLoaders(db);
  }
}
