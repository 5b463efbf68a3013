import { composeConcept, composeRelationship } from '../../model/layers';
import { ALL_KIND_LABELS, KIND_LABELS } from '../../model/kinds';
import type { ConceptKindName, RelationshipTypeName } from '../../model/kinds';
import { curieKeys } from '../../xref/curie';
import type { OboTerm } from '../obo.types';

export interface TermRow {
  id: string;
  termId: string;
  name: string;
  definition: string | null;
  synonyms: string[];
  synonymScopes: string[];
  xrefs: string[];
  xrefKeys: string[];
  quote: string;
  obsolete: boolean;
  replacedBy: string[];
  consider: string[];
  comment: string | null;
}

export function termRow(term: OboTerm, nodeId: string): TermRow {
  const xrefs = [term.id, ...term.altIds, ...term.xrefs.map((x) => x.id)];
  return {
    id: nodeId,
    termId: term.id,
    name: term.name ?? term.id,
    definition: term.def?.text ?? null,
    synonyms: term.synonyms.map((s) => s.text),
    synonymScopes: term.synonyms.map((s) => s.scope),
    xrefs: [...new Set(xrefs)],
    xrefKeys: curieKeys(xrefs),
    quote: term.def?.text ?? `name: ${term.name ?? term.id}`,
    obsolete: term.isObsolete,
    replacedBy: term.replacedBy,
    consider: term.consider,
    comment: term.comments.length > 0 ? term.comments.join('\n') : null,
  };
}

const LAYER_SET = `c.ontologyName = row.name, c.ontologyDefinition = row.definition,
    c.ontologyIds = [row.termId], c.ontologySynonyms = row.synonyms, c.ontologySynonymScopes = row.synonymScopes,
    c.ontologyXrefs = row.xrefs, c.ontologyXrefKeys = row.xrefKeys, c.ontologyComment = row.comment,
    c.ontologySource = $source, c.ontologyEvidenceSources = [$source], c.ontologyEvidenceQuotes = [row.quote],
    c.obsolete = row.obsolete, c.replacedBy = row.replacedBy, c.consider = row.consider`;

/**
 * The properties of a term's own node (see ownNodesCypher) that vary from term to term, in the order ownNodeRow lists
 * them after the id. A row is a list rather than a map: the map's keys, repeated on every row, were a third of the
 * strings the driver packed.
 */
const OWN_FIELDS = [
  'name',
  'nameKey',
  'description',
  'synonyms',
  'synonymScopes',
  'xrefs',
  'xrefKeys',
  'ontologyComment',
  'obsolete',
  'replacedBy',
  'consider',
] as const;

const ownField = (name: (typeof OWN_FIELDS)[number]) => `row[${OWN_FIELDS.indexOf(name) + 1}]`;

/**
 * The statement writing a batch of terms of one kind into nodes of their own (ids are the terms' CURIEs). Such a
 * node has one source, so it holds the ontology's values directly in the read properties (no layers: see
 * model/layers.ts). The evidence quote is the definition, else the `name:` line (as termRow's quote).
 */
export function ownNodesCypher(kind: ConceptKindName): string {
  const stale = ALL_KIND_LABELS.filter((l) => !KIND_LABELS[kind].includes(l));
  return `UNWIND $rows AS row
MERGE (c:Concept {id: row[0]})
SET ${OWN_FIELDS.map((f) => `c.${f} = ${ownField(f)}`).join(', ')},
    c.evidenceSources = [$source], c.evidenceQuotes = [coalesce(${ownField('description')}, 'name: ' + ${ownField('name')})],
    c.ontologyIds = [row[0]], c.ontologySource = $source
SET c:${KIND_LABELS[kind].join(':')}
REMOVE c:${stale.join(':')}`;
}

/** Where a created node's row (newNodeRow) has its kind's labels: after the id and OWN_FIELDS. */
const LABELS_AT = OWN_FIELDS.length + 1;

/**
 * ownNodesCypher for terms whose node the graph does not hold (WriteRun.existing): CREATE with the same properties,
 * null ones left out as SET leaves them out. One statement for every kind: the labels are the row's, from the fixed
 * map KIND_LABELS (newNodeRow), so that Neo4j plans one statement, not one per kind, and a batch that mixes
 * conditions and cancers is one round trip.
 */
export const NEW_NODES_CYPHER = `UNWIND $rows AS row
CREATE (c:Concept:$(row[${LABELS_AT}]) {id: row[0], ${OWN_FIELDS.map((f) => `${f}: ${ownField(f)}`).join(', ')},
    evidenceSources: [$source], evidenceQuotes: [coalesce(${ownField('description')}, 'name: ' + ${ownField('name')})],
    ontologyIds: [row[0]], ontologySource: $source})`;

/** A row of NEW_NODES_CYPHER: ownNodeRow and the kind's labels. */
export function newNodeRow(row: TermRow, kind: ConceptKindName): unknown[] {
  return [...ownNodeRow(row), KIND_LABELS[kind]];
}

/** A term's own node as a row of ownNodesCypher: its id, then OWN_FIELDS. Synonyms without duplicates or the name. */
export function ownNodeRow(row: TermRow): unknown[] {
  const nameKey = row.name.toLowerCase();
  const seen = new Set([nameKey]);
  const synonyms: string[] = [];
  const synonymScopes: string[] = [];
  row.synonyms.forEach((text, i) => {
    const key = text.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    synonyms.push(text);
    synonymScopes.push(row.synonymScopes[i]!);
  });
  const values: Record<(typeof OWN_FIELDS)[number], unknown> = {
    name: row.name,
    nameKey,
    description: row.definition,
    synonyms,
    synonymScopes,
    xrefs: row.xrefs.filter((x) => x !== row.id),
    xrefKeys: row.xrefKeys,
    ontologyComment: row.comment,
    obsolete: row.obsolete,
    replacedBy: row.replacedBy,
    consider: row.consider,
  };
  return [row.id, ...OWN_FIELDS.map((f) => values[f])];
}

/** Terms merged into the article's concepts: only the ontology layer is written; name, kind and text stay. */
export const MERGED_NODES_CYPHER = `UNWIND $rows AS row
MATCH (c:Concept {id: row.id})
SET ${LAYER_SET}
${composeConcept('c')}
WITH row
// A node an earlier import made for the term before the article's concept existed gives way to the concept.
OPTIONAL MATCH (old:Concept {id: row.termId}) WHERE old.seed IS NULL
DETACH DELETE old`;

/** Rows are lists (from, to, quote): see OWN_FIELDS on why not maps. */
export function relationshipCypher(type: RelationshipTypeName): string {
  return `UNWIND $rows AS row
MATCH (a:Concept {id: row[0]})
MATCH (b:Concept {id: row[1]})
MERGE (a)-[r:${type}]->(b)
SET r.ontologySource = $source, r.ontologyEvidenceSources = [$source], r.ontologyEvidenceQuotes = [row[2]]
${composeRelationship('r')}`;
}

/**
 * relationshipCypher for two nodes this import created: no relationship can join them yet, so CREATE, with the
 * properties the MERGE statement and composeRelationship give a relationship with only the ontology's layer. Rows
 * are (from, to, link): `link` indexes `$types` (relationship types, from the fixed RELATIONSHIP_MAP) and `$lines`
 * (see quoteLine), so that one statement, planned once, writes every type, and a batch may mix them.
 */
export const NEW_RELATIONSHIPS_CYPHER = `UNWIND $rows AS row
MATCH (a:Concept {id: row[0]})
MATCH (b:Concept {id: row[1]})
WITH a, b, toInteger(row[2]) AS link
WITH a, b, link, 'id: ' + a.id + ' ! ' + a.name + '; ' + $lines[link] + b.id + ' ! ' + b.name AS quote
CREATE (a)-[:$($types[link]) {ontologySource: $source, ontologyEvidenceSources: [$source], ontologyEvidenceQuotes: [quote],
    evidenceSources: [$source], evidenceQuotes: [quote]}]->(b)`;

/**
 * The start of a relationship's line in the file, for its evidence quote: `is_a: ` or `relationship: part_of `.
 * Created relationships have their quote put together by Neo4j from it and the two nodes' ids and names (which are
 * the terms' own): the quotes are most of what a batch of relationships would otherwise send.
 */
export function quoteLine(obo: string): string {
  return obo === 'is_a' ? 'is_a: ' : `relationship: ${obo} `;
}
