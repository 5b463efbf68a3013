import { relationshipAllowed } from '../../model/kinds';
import type { ConceptKindName, RelationshipTypeName } from '../../model/kinds';
import { RELATIONSHIP_MAP } from './options';
import { quoteLine } from './rows';
import type { TermEntry } from './scan';

/** A relationship to write (`quote` made when the row is, so that the quotes are never all held), or why not. */
export type PlannedEdge =
  | { type: RelationshipTypeName; line: string; from: string; to: string; quote: () => string }
  | { skip: string };

/** What planning the relationships reads of a prepared file (PreparedFile). */
export interface EdgeSource {
  readonly scanned: { readonly entries: ReadonlyMap<string, TermEntry> };
  kindOf(entry: TermEntry): ConceptKindName | null;
  nodeOf(termId: string): string;
  /** The kind of an article concept, for a merged term's node. */
  seedKind(node: string): ConceptKindName | undefined;
}

/** The relationships of a file's terms, checked against the model's rules (with merged terms' kinds: the article's). */
export function* plannedEdges(file: EdgeSource): Generator<PlannedEdge> {
  const entries = file.scanned.entries;
  for (const entry of entries.values()) {
    const fromKind = file.kindOf(entry);
    if (!fromKind || entry.obsolete) continue;
    const links = [
      ...entry.isA.map((target) => ({
        obo: 'is_a',
        type: 'SUBTYPE_OF' as RelationshipTypeName | undefined,
        target,
      })),
      ...entry.relationships.map((r) => ({
        obo: r.type,
        type: RELATIONSHIP_MAP[r.type],
        target: r.target,
      })),
    ];
    for (const link of links) {
      if (!link.type) {
        yield { skip: `relationships not in the model (${link.obo})` };
        continue;
      }
      const target = entries.get(link.target);
      if (!target) {
        yield { skip: `${link.obo} to a term not in the file` };
        continue;
      }
      const toKind = file.kindOf(target);
      if (!toKind || target.obsolete) {
        yield { skip: `${link.obo} to an obsolete or unmapped term` };
        continue;
      }
      const from = file.nodeOf(entry.id);
      const to = file.nodeOf(target.id);
      const a = file.seedKind(from) ?? fromKind;
      const b = file.seedKind(to) ?? toKind;
      if (!relationshipAllowed(link.type, a, b) || from === to) {
        yield { skip: `${link.obo} between kinds the model does not relate (${a} → ${b})` };
        continue;
      }
      const line = quoteLine(link.obo);
      const quote = () => `id: ${entry.id} ! ${entry.name}; ${line}${target.id} ! ${target.name}`;
      yield { type: link.type, line, from, to, quote };
    }
  }
}
