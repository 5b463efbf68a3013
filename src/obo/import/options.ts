import type { ConceptKindName, RelationshipTypeName } from '../../model/kinds';
import { parseCurie } from '../../xref/curie';

export const DEFAULT_PREFIX_KINDS: Readonly<Record<string, ConceptKindName>> = {
  DOID: 'Condition',
  MONDO: 'Condition',
  HP: 'Condition',
  UBERON: 'BodyRegion',
};

/** Terms that are cancers, with everything below them by is_a. DOID:162 is "cancer" in the Disease Ontology. */
export const DEFAULT_CANCER_ROOTS: readonly string[] = ['DOID:162'];

export const DEFAULT_BATCH_SIZE = 1000;

/** Term batches written at once: two keep both cores of a small machine busy (one parses, one commits). */
export const DEFAULT_CONCURRENCY = 2;

/** OBO relationship names the importer maps, and what they become. `is_a` is handled on its own. */
export const RELATIONSHIP_MAP: Readonly<Record<string, RelationshipTypeName>> = { part_of: 'PART_OF' };

export type ImportPhase = 'scan' | 'terms' | 'relationships';

export interface ImportProgress {
  file: string;
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Kind for every term, instead of the one its id prefix gives. */
  kind?: ConceptKindName;
  cancerRoots?: readonly string[];
  batchSize?: number;
  /** Term batches written at once. */
  concurrency?: number;
  /** Merge a term into an article concept of the same kind and exact name (case-insensitive). Default true. */
  matchNames?: boolean;
  /**
   * Drop the full-text indexes during the writes and build them again after. 'auto' (the default): only for an import
   * of at least FULLTEXT_REBUILD_MIN_TERMS terms into a graph with no concepts, which no one can be searching; a
   * graph with concepts may be served, and search and conceptByXref need the indexes. 'always' is for bulk loads
   * into a graph that is not served (`--rebuild-indexes`).
   */
  rebuildFulltext?: 'auto' | 'always' | 'never';
  /**
   * Write the terms the graph does not hold yet, and the relationships between them, with CREATE rather than MERGE
   * (default true): no lookup of an existing node or relationship for each row. Turned off, everything is merged;
   * the graph written is the same (tests compare the two).
   */
  createNew?: boolean;
  /**
   * Refuse a file with a recoverable defect (a [Term] with no name, an unknown tag), as imports did before they
   * imported such files with a warning (`--strict`).
   */
  strict?: boolean;
  /** Scan and report only: no connection is needed, nothing is written. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * What writeImports takes from ImportOptions: the rest (batch size, concurrency, kinds, progress...) was fixed when
 * the files were prepared (prepareImports).
 */
export type WriteOptions = Pick<ImportOptions, 'rebuildFulltext' | 'createNew'>;

export function termKind(id: string, options: ImportOptions): ConceptKindName | null {
  if (options.kind) return options.kind;
  const curie = parseCurie(id);
  const prefix = curie ? id.slice(0, id.indexOf(':')).toUpperCase() : '';
  return DEFAULT_PREFIX_KINDS[prefix] ?? null;
}
