import type { Database } from '../../neo4j/database';
import { isConditionKind, kindFromLabels } from '../../model/kinds';
import type { ConceptKindName } from '../../model/kinds';
import { curieKeys } from '../../xref/curie';
import type { OboTerm } from '../obo.types';
import type { ImportOptions } from './options';
import { bump } from './report';
import type { ImportMerge, MergeRule } from './report';

export interface SeedConcept {
  id: string;
  kind: ConceptKindName;
  nameKey: string;
}

function sameFamily(a: ConceptKindName, b: ConceptKindName): boolean {
  return a === b || (isConditionKind(a) && isConditionKind(b));
}

/** The article's concepts, by every cross-reference key and by name, for merging. */
export interface SeedIndex {
  byKey: Map<string, SeedConcept[]>;
  byName: Map<string, SeedConcept[]>;
}

async function loadSeedConcepts(db: Database): Promise<SeedIndex> {
  const rows = await db.read<{ id: string; labels: string[]; name: string; keys: string[] }>(
    `MATCH (c:Concept) WHERE c.seed = true
     RETURN c.id AS id, labels(c) AS labels, c.name AS name, coalesce(c.seedXrefKeys, c.xrefKeys, []) AS keys`,
  );
  const byKey = new Map<string, SeedConcept[]>();
  const byName = new Map<string, SeedConcept[]>();
  for (const row of rows) {
    const kind = kindFromLabels(row.labels);
    if (!kind) continue;
    const concept = { id: row.id, kind, nameKey: row.name.toLowerCase() };
    for (const key of row.keys) byKey.set(key, [...(byKey.get(key) ?? []), concept]);
    byName.set(concept.nameKey, [...(byName.get(concept.nameKey) ?? []), concept]);
  }
  return { byKey, byName };
}

/** The article's concepts, for merging (null: a dry run, no merges), read while the first file is scanned. */
export function articleConcepts(
  db: Database | Promise<Database> | null,
  options: ImportOptions,
): Promise<SeedIndex | null> {
  const seed =
    options.dryRun === true || !db ? Promise.resolve(null) : Promise.resolve(db).then(loadSeedConcepts);
  void seed.catch(() => undefined); // awaited by each file's scan
  return seed;
}

const MERGE_RANK: Readonly<Record<MergeRule, number>> = { id: 0, alt_id: 1, xref: 2, name: 3 };

/** What matching needs of a term. */
interface MatchKeys {
  id: string;
  kind: ConceptKindName;
  name: string | null;
  altIds: string[];
  xrefs: string[];
}

/**
 * Finds which terms of a file merge into which of the article's concepts (see "Merging" in run.ts). The article's
 * concepts may arrive after the first terms (prepareImports reads them while the first file is scanned): terms seen
 * before then wait, with only what matching needs, and are matched when they arrive. A null seed matches nothing.
 */
export class MergeMatcher {
  private seed: SeedIndex | null | undefined;
  private waiting: MatchKeys[] = [];
  /** Candidates per article concept: the terms that could merge into it, with the rule that matched. */
  private readonly candidates = new Map<string, Array<{ term: string; rule: MergeRule }>>();

  constructor(private readonly matchNames: boolean) {}

  setSeed(seed: SeedIndex | null): void {
    this.seed = seed;
    const waiting = this.waiting;
    this.waiting = [];
    for (const keys of waiting) this.match(keys);
  }

  add(term: OboTerm, kind: ConceptKindName): void {
    if (this.seed === null || term.isObsolete) return;
    // Concepts known to be none (an empty graph): nothing to match, so no keys to copy.
    if (this.seed && this.seed.byKey.size + this.seed.byName.size === 0) return;
    const keys = {
      id: term.id,
      kind,
      name: term.name,
      altIds: term.altIds,
      xrefs: term.xrefs.map((x) => x.id),
    };
    if (this.seed === undefined) this.waiting.push(keys);
    else this.match(keys);
  }

  private match(term: MatchKeys): void {
    const seed = this.seed;
    // No article concepts (an empty graph): nothing to match, and no keys to compute.
    if (!seed || seed.byKey.size + seed.byName.size === 0) return;
    const fits = (c: SeedConcept) => sameFamily(c.kind, term.kind);
    const claim = (concept: string, rule: MergeRule) =>
      this.candidates.set(concept, [...(this.candidates.get(concept) ?? []), { term: term.id, rule }]);
    const [ownKey] = curieKeys([term.id]);
    let matched = false;
    for (const key of curieKeys([term.id, ...term.altIds])) {
      for (const concept of (seed.byKey.get(key) ?? []).filter(fits)) {
        claim(concept.id, key === ownKey ? 'id' : 'alt_id');
        matched = true;
      }
    }
    if (!matched) {
      const viaXref = new Map<string, SeedConcept>();
      for (const key of curieKeys(term.xrefs)) {
        for (const concept of (seed.byKey.get(key) ?? []).filter(fits)) viaXref.set(concept.id, concept);
      }
      if (viaXref.size === 1) {
        claim([...viaXref.keys()][0]!, 'xref');
        matched = true;
      }
    }
    if (!matched && this.matchNames && term.name) {
      const named = (seed.byName.get(term.name.toLowerCase()) ?? []).filter(fits);
      if (named.length === 1) claim(named[0]!.id, 'name');
    }
  }

  /** Each article concept takes its best candidate, if that one is unique; each term merges at most once. */
  merges(skipped: Record<string, number>): Map<string, ImportMerge> {
    if (this.seed === undefined) throw new Error('MergeMatcher: the article concepts have not arrived');
    const merges = new Map<string, ImportMerge>();
    const byTerm = new Map<string, Array<{ concept: string; rule: MergeRule }>>();
    for (const [concept, list] of this.candidates) {
      const best = Math.min(...list.map((c) => MERGE_RANK[c.rule]));
      const top = list.filter((c) => MERGE_RANK[c.rule] === best);
      if (top.length > 1) {
        bump(skipped, 'merges left out: several terms match one concept equally');
        continue;
      }
      byTerm.set(top[0]!.term, [...(byTerm.get(top[0]!.term) ?? []), { concept, rule: top[0]!.rule }]);
    }
    for (const [term, list] of byTerm) {
      const best = Math.min(...list.map((c) => MERGE_RANK[c.rule]));
      const top = list.filter((c) => MERGE_RANK[c.rule] === best);
      if (top.length > 1) {
        bump(skipped, 'merges left out: one term matches several concepts equally');
        continue;
      }
      merges.set(term, { term, concept: top[0]!.concept, rule: top[0]!.rule });
    }
    return merges;
  }
}
