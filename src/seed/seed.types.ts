import type {
  ConceptKindName,
  PopulationName,
  RelationshipTypeName,
  StatementKindName,
} from '../model/kinds';

/** The shapes of a seed file as a reviewer writes it (seeds/schema/seed.schema.json is the same contract). */
export interface SeedEvidence {
  source: string;
  quote: string;
}

export interface SeedSource {
  id: string;
  kind: 'article' | 'ontology';
  title: string;
  publisher: string;
  lastReviewed?: string;
  version?: string;
  url?: string;
  license?: string;
}

export interface SeedStatement {
  kind: StatementKindName;
  claim: string;
  population?: PopulationName;
  evidence: SeedEvidence[];
}

export interface SeedConcept {
  id: string;
  kind: ConceptKindName;
  name: string;
  synonyms?: string[];
  description?: string;
  xrefs?: string[];
  evidence: SeedEvidence[];
  statements?: SeedStatement[];
}

export interface SeedRelationship {
  from: string;
  type: RelationshipTypeName;
  to: string;
  population?: PopulationName;
  statedAs?: string;
  evidence: SeedEvidence[];
}

export interface SeedFile {
  sources?: SeedSource[];
  concepts?: SeedConcept[];
  relationships?: SeedRelationship[];
}

/** Evidence as stored in Neo4j: parallel lists on the node or relationship that carries it. */
export interface StoredEvidence {
  evidenceSources: string[];
  evidenceQuotes: string[];
}

export interface ConceptRow extends StoredEvidence {
  id: string;
  kind: ConceptKindName;
  name: string;
  synonyms: string[];
  description: string | null;
  xrefs: string[];
}

export interface RelationshipRow extends StoredEvidence {
  from: string;
  type: RelationshipTypeName;
  to: string;
  population: PopulationName | null;
  statedAs: string | null;
}

export interface StatementRow extends StoredEvidence {
  id: string;
  conceptId: string;
  kind: StatementKindName;
  claim: string;
  population: PopulationName | null;
}

export interface SourceRow {
  id: string;
  kind: 'article' | 'ontology';
  title: string;
  publisher: string;
  lastReviewed: string | null;
  version: string | null;
  url: string | null;
  license: string | null;
}

/** Everything the seed files say, validated and normalised, ready to write. */
export interface SeedPlan {
  files: string[];
  sources: SourceRow[];
  concepts: ConceptRow[];
  relationships: RelationshipRow[];
  statements: StatementRow[];
}
