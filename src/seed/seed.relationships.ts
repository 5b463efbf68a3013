/**
 * The steps of the seed plan for relationships, across all files: unknown ends, self-loops, the kinds allowed at
 * each end, duplicates, and cycles in the SUBTYPE_OF and PART_OF hierarchies.
 */
import { RELATIONSHIP_RULES, relationshipAllowed } from '../model/kinds';
import type { RelationshipTypeName } from '../model/kinds';
import type { EvidenceCheck, Kept, PlanProblems } from './seed.entries';
import { storedEvidence } from './seed.entries';
import { lineOf, type ParsedFile } from './seed.parse';
import type { ConceptRow, RelationshipRow, SeedRelationship } from './seed.types';

/** Where a kept relationship is defined, by its key `from|type|to`. */
export type RelationshipSites = Map<string, { f: ParsedFile; i: number; label: string; where: string }>;

export function collectRelationships(
  files: ParsedFile[],
  concepts: Map<string, Kept<ConceptRow>>,
  problems: PlanProblems,
  checkEvidence: EvidenceCheck,
): { relationships: RelationshipRow[]; sites: RelationshipSites } {
  const relationships: RelationshipRow[] = [];
  const relationshipKeys = new Map<string, string>();
  const sites: RelationshipSites = new Map();
  for (const f of files) {
    (f.data.relationships ?? []).forEach((r, i) => {
      const label = `relationships[${i}] (${r.from} -${r.type}-> ${r.to})`;
      const seg = ['relationships', i];
      let ok = checkRelationship(f, i, r, label, concepts, problems, checkEvidence);
      const key = `${r.from}|${r.type}|${r.to}`;
      const where = `${f.file}:${lineOf(f, seg) ?? '?'}`;
      const prior = relationshipKeys.get(key);
      if (prior) {
        problems.at(
          f,
          seg,
          label,
          `duplicate relationship, first defined at ${prior}; put all its quotes in one evidence list`,
        );
        ok = false;
      }
      relationshipKeys.set(key, prior ?? where);
      if (ok) {
        sites.set(key, { f, i, label, where });
        relationships.push({
          from: r.from,
          type: r.type,
          to: r.to,
          population: r.population ?? null,
          statedAs: r.statedAs ?? null,
          ...storedEvidence(r.evidence),
        });
      }
    });
  }
  return { relationships, sites };
}

/** Reports unknown ends, a self-loop, unknown evidence sources and ends of kinds the type does not allow. */
function checkRelationship(
  f: ParsedFile,
  i: number,
  r: SeedRelationship,
  label: string,
  concepts: Map<string, Kept<ConceptRow>>,
  problems: PlanProblems,
  checkEvidence: EvidenceCheck,
): boolean {
  const seg = ['relationships', i];
  const from = concepts.get(r.from);
  const to = concepts.get(r.to);
  let ok = true;
  if (!from) {
    problems.at(f, [...seg, 'from'], label, `unknown concept id '${r.from}'`);
    ok = false;
  }
  if (!to) {
    problems.at(f, [...seg, 'to'], label, `unknown concept id '${r.to}'`);
    ok = false;
  }
  if (r.from === r.to) {
    problems.at(f, seg, label, 'a concept cannot be related to itself');
    ok = false;
  }
  checkEvidence(f, seg, label, r.evidence);
  if (from && to && !relationshipAllowed(r.type, from.row.kind, to.row.kind)) {
    const allowed = RELATIONSHIP_RULES[r.type].map(([a, b]) => `${a.join('/')} -> ${b.join('/')}`).join('; ');
    problems.at(
      f,
      ['relationships', i, 'type'],
      label,
      `${r.type} cannot go from a ${from.row.kind} to a ${to.row.kind} (allowed: ${allowed})`,
    );
    ok = false;
  }
  return ok;
}

/** Reports each cycle in the SUBTYPE_OF and PART_OF hierarchies. */
export function reportCycles(
  files: ParsedFile[],
  relationships: RelationshipRow[],
  sites: RelationshipSites,
  problems: PlanProblems,
): void {
  for (const type of ['SUBTYPE_OF', 'PART_OF'] as RelationshipTypeName[]) {
    const cycle = findCycle(relationships.filter((r) => r.type === type));
    if (cycle) {
      // Reported at the relationship that closes the cycle, naming where every hop of it is defined.
      const hops = cycle.slice(1).map((to, k) => sites.get(`${cycle[k]}|${type}|${to}`));
      const last = hops[hops.length - 1];
      const message =
        `cycle in the ${type} hierarchy: ${cycle.join(' -> ')} ` +
        `(defined at ${hops.map((h) => h?.where ?? '?').join(', ')})`;
      if (last) problems.at(last.f, ['relationships', last.i], last.label, message);
      else
        problems.list.push({ file: files.map((f) => f.file).join(', '), line: null, entry: type, message });
    }
  }
}

/** Finds a cycle among `edges` (from -> to), returning it as a list of ids, or null. */
function findCycle(edges: Array<{ from: string; to: string }>): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'active');
    stack.push(id);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 'active') return [...stack.slice(stack.indexOf(to)), to];
      if (!state.has(to)) {
        const cycle = visit(to);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of next.keys()) {
    if (!state.has(id)) {
      const cycle = visit(id);
      if (cycle) return cycle;
    }
  }
  return null;
}
