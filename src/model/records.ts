import { kindFromLabels } from './kinds';
import type {
  ConceptKindName,
  PopulationName,
  RelationshipTypeName,
  SourceKindName,
  StatementKindName,
} from './kinds';
import type { Plain } from './plain';
import { groupBySystem } from '../xref/curie';
import type { XrefGroupRecord } from '../xref/curie';

/**
 * Plain records the repositories return and the GraphQL types resolve from. Nothing here is a driver object
 * (see neo4j/values.ts): the conversion happens once, at the data boundary.
 */
export interface SourceRecord {
  id: string;
  kind: SourceKindName;
  title: string;
  publisher: string | null;
  lastReviewed: string | null;
  version: string | null;
  url: string | null;
  license: string | null;
}

export interface EvidenceRecord {
  quote: string;
  source: SourceRecord;
}

export interface ConceptRecord {
  id: string;
  kind: ConceptKindName;
  name: string;
  synonyms: string[];
  description: string | null;
  /** Cross-references grouped by canonical system (the concept's own CURIE id among them). */
  xrefs: XrefGroupRecord[];
  /** The cross-references as the sources write them. */
  xrefCuries: string[];
  evidence: EvidenceRecord[];
  /** True for an ontology term its ontology marks obsolete (`is_obsolete`); false for every other concept. */
  obsolete: boolean;
  /** CURIEs of the terms that replace an obsolete term (`replaced_by`). */
  replacedBy: string[];
  /** CURIEs of terms to consider instead of an obsolete term (`consider`). */
  consider: string[];
}

/**
 * A concept as listings fetch it: what identifies it and says its type. The other fields (DETAIL_FIELDS) are
 * resolved from the concepts loader when a query asks for them (concept-details.resolver.ts): a page of 100
 * conditions with two levels of relations then carries names, not every neighbour's synonyms, cross-references and
 * quotes.
 */
export interface ConceptSummary {
  summary: true;
  id: string;
  kind: ConceptKindName;
  name: string;
  obsolete: boolean;
}

/** A concept in full, or its summary. */
export type ConceptNode = ConceptRecord | ConceptSummary;

/** The fields a ConceptSummary leaves out. */
export const DETAIL_FIELDS = [
  'synonyms',
  'description',
  'xrefs',
  'evidence',
  'replacedBy',
  'consider',
] as const;

export const isSummary = (node: ConceptNode): node is ConceptSummary => 'summary' in node;

/**
 * Evidence as a relationship stores it: quotes and the ids of their sources, the sources not yet loaded. Resolved
 * into EvidenceRecords only when a query asks for a relationship's evidence (relation-evidence.resolver.ts).
 */
export interface CitedEvidence {
  cited: true;
  sourceIds: string[];
  quotes: string[];
}

export interface EdgeRecord {
  node: ConceptNode;
  relationship: RelationshipTypeName;
  population: PopulationName | null;
  statedAs: string | null;
  /** Null when the query that fetched the edge did not ask for its evidence (see RelationshipLoaders.edges). */
  evidence: EvidenceRecord[] | CitedEvidence | null;
}

export interface StatementRecord {
  id: string;
  kind: StatementKindName;
  claim: string;
  population: PopulationName | null;
  evidence: EvidenceRecord[];
}

/** The row shape CONCEPT_PROJECTION produces. */
export interface ConceptRow {
  id: string;
  name: string;
  labels: string[];
  synonyms: string[] | null;
  description: string | null;
  xrefs: string[] | null;
  evidenceSources: string[] | null;
  evidenceQuotes: string[] | null;
  obsolete?: boolean | null;
  replacedBy?: string[] | null;
  consider?: string[] | null;
  sources: SourceRow[];
}

/** A source as a query returns it (its kind not yet checked). */
export type SourceRow = Omit<SourceRecord, 'kind'> & { kind: string };

/** The map of a source node, with dates as ISO strings. */
export function sourceProjection(v: string): string {
  return `${v} {.id, .kind, .title, .publisher, .version, .url, .license, lastReviewed: toString(${v}.lastReviewed)}`;
}

/** The sources that `v`'s evidence cites, fetched in the same query (no extra round trip). */
export function evidenceSources(v: string): string {
  return `COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(${v}.evidenceSources, []) RETURN ${sourceProjection('src')} }`;
}

/** A concept node as a ConceptRow map. */
export function conceptProjection(v: string): string {
  return (
    `${v} {.id, .name, .synonyms, .description, .xrefs, .evidenceSources, .evidenceQuotes, ` +
    `.obsolete, .replacedBy, .consider, labels: labels(${v}), sources: ${evidenceSources(v)}}`
  );
}

/** A concept node as a ConceptSummaryRow map. */
export function conceptSummaryProjection(v: string): string {
  return `${v} {.id, .name, .obsolete, labels: labels(${v})}`;
}

/** The row shape conceptSummaryProjection produces. */
export interface ConceptSummaryRow {
  id: string;
  name: string;
  labels: string[];
  obsolete?: boolean | null;
}

/**
 * A Cypher predicate true for every concept `v` but obsolete ontology terms. Seeded concepts have no `obsolete`
 * property: missing counts as false.
 */
export function notObsolete(v: string): string {
  return `coalesce(${v}.obsolete, false) = false`;
}

export function toSource(row: SourceRow): SourceRecord {
  return {
    id: row.id,
    kind: row.kind === 'ontology' ? 'ontology' : 'article',
    title: row.title,
    publisher: row.publisher ?? null,
    lastReviewed: row.lastReviewed ?? null,
    version: row.version ?? null,
    url: row.url ?? null,
    license: row.license ?? null,
  };
}

/** Zips the parallel evidence lists stored on a node or relationship with the sources they cite. */
export function toEvidence(
  sourceIds: string[] | null | undefined,
  quotes: string[] | null | undefined,
  sources: SourceRow[],
): EvidenceRecord[] {
  return evidenceOf(sourceIds, quotes, new Map(sources.map((s) => [s.id, toSource(s)])));
}

/** toEvidence with the sources already known, by id. */
export function evidenceOf(
  sourceIds: string[] | null | undefined,
  quotes: string[] | null | undefined,
  byId: ReadonlyMap<string, SourceRecord>,
): EvidenceRecord[] {
  return (quotes ?? []).map((quote, i) => {
    const id = sourceIds?.[i] ?? 'unknown';
    // A dangling source id is shown as such rather than hidden: the quote is still the evidence.
    const source = byId.get(id) ?? {
      id,
      kind: 'article' as const,
      title: id,
      publisher: null,
      lastReviewed: null,
      version: null,
      url: null,
      license: null,
    };
    return { quote, source };
  });
}

function kindOf(row: ConceptSummaryRow): ConceptKindName {
  const kind = kindFromLabels(row.labels);
  if (!kind) throw new Error(`Node ${row.id} has no concept kind label (labels: ${row.labels.join(', ')})`);
  return kind;
}

export function toConceptSummary(row: ConceptSummaryRow): ConceptSummary {
  return { summary: true, id: row.id, kind: kindOf(row), name: row.name, obsolete: row.obsolete === true };
}

export function toConcept(row: ConceptRow): ConceptRecord {
  const kind = kindOf(row);
  return {
    id: row.id,
    kind,
    name: row.name,
    synonyms: row.synonyms ?? [],
    description: row.description ?? null,
    xrefs: groupBySystem([row.id, ...(row.xrefs ?? [])]),
    xrefCuries: row.xrefs ?? [],
    evidence: toEvidence(row.evidenceSources, row.evidenceQuotes, row.sources),
    obsolete: row.obsolete === true,
    replacedBy: row.replacedBy ?? [],
    consider: row.consider ?? [],
  };
}

export function asConceptRow(value: Plain | undefined): ConceptRow {
  return value as unknown as ConceptRow;
}
