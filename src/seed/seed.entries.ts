/**
 * The steps of the seed plan for sources, concepts and their statements, across all files: duplicate ids, unknown
 * evidence sources, descriptions that are not the source's words. Each step reports problems and keeps the rest.
 */
import { createHash } from 'node:crypto';
import { lineOf, type ParsedFile } from './seed.parse';
import type { SeedProblem } from './seed.problems';
import type {
  ConceptRow,
  SeedConcept,
  SeedEvidence,
  SourceRow,
  StatementRow,
  StoredEvidence,
} from './seed.types';

/** Collects the problems of a plan, each located at an entry of a file. */
export interface PlanProblems {
  readonly list: SeedProblem[];
  at(f: ParsedFile, segments: Array<string | number>, label: string, message: string): void;
}

export function planProblems(): PlanProblems {
  const list: SeedProblem[] = [];
  return {
    list,
    at(f, segments, label, message) {
      list.push({ file: f.file, line: lineOf(f, segments), entry: label, message });
    },
  };
}

/** An entry kept for the plan, with where it was first defined (for duplicate messages). */
export interface Kept<Row> {
  row: Row;
  where: string;
}

/** Checks that every evidence item of an entry names a known source. */
export type EvidenceCheck = (
  f: ParsedFile,
  segments: Array<string | number>,
  label: string,
  ev: SeedEvidence[],
) => void;

export function storedEvidence(evidence: SeedEvidence[]): StoredEvidence {
  return { evidenceSources: evidence.map((e) => e.source), evidenceQuotes: evidence.map((e) => e.quote) };
}

/** A statement's id is derived from what it says, so re-seeding the same statement updates it in place. */
export function statementId(conceptId: string, kind: string, claim: string): string {
  const digest = createHash('sha256').update(`${kind}\n${claim}`).digest('hex').slice(0, 12);
  return `${conceptId}/${kind.toLowerCase()}/${digest}`;
}

export function collectSources(files: ParsedFile[], problems: PlanProblems): Map<string, Kept<SourceRow>> {
  const sources = new Map<string, Kept<SourceRow>>();
  for (const f of files) {
    (f.data.sources ?? []).forEach((s, i) => {
      const where = `${f.file}:${lineOf(f, ['sources', i]) ?? '?'}`;
      const prior = sources.get(s.id);
      if (prior) {
        problems.at(
          f,
          ['sources', i],
          `sources[${i}] (id '${s.id}')`,
          `duplicate source id, first defined at ${prior.where}`,
        );
        return;
      }
      sources.set(s.id, {
        where,
        row: {
          id: s.id,
          kind: s.kind,
          title: s.title,
          publisher: s.publisher,
          lastReviewed: s.lastReviewed ?? null,
          version: s.version ?? null,
          url: s.url ?? null,
          license: s.license ?? null,
        },
      });
    });
  }
  return sources;
}

export function evidenceChecker(sources: Map<string, unknown>, problems: PlanProblems): EvidenceCheck {
  return (f, segments, label, ev) => {
    ev.forEach((e, j) => {
      if (!sources.has(e.source)) {
        problems.at(
          f,
          [...segments, 'evidence', j],
          `${label}.evidence[${j}]`,
          `unknown source '${e.source}'`,
        );
      }
    });
  };
}

export function collectConcepts(
  files: ParsedFile[],
  problems: PlanProblems,
  checkEvidence: EvidenceCheck,
): { concepts: Map<string, Kept<ConceptRow>>; statements: StatementRow[] } {
  const concepts = new Map<string, Kept<ConceptRow>>();
  const statements: StatementRow[] = [];
  for (const f of files) {
    (f.data.concepts ?? []).forEach((c, i) => {
      const label = `concepts[${i}] (id '${c.id}')`;
      const where = `${f.file}:${lineOf(f, ['concepts', i]) ?? '?'}`;
      const prior = concepts.get(c.id);
      if (prior) {
        problems.at(f, ['concepts', i], label, `duplicate concept id, first defined at ${prior.where}`);
        return;
      }
      checkEvidence(f, ['concepts', i], label, c.evidence);
      if (c.description !== undefined && !c.evidence.some((e) => e.quote === c.description)) {
        problems.at(
          f,
          ['concepts', i, 'description'],
          label,
          'description must be one of the concept’s evidence quotes, verbatim',
        );
      }
      concepts.set(c.id, {
        where,
        row: {
          id: c.id,
          kind: c.kind,
          name: c.name,
          synonyms: c.synonyms ?? [],
          description: c.description ?? null,
          xrefs: c.xrefs ?? [],
          ...storedEvidence(c.evidence),
        },
      });
      statements.push(...collectStatements(f, c, i, label, problems, checkEvidence));
    });
  }
  return { concepts, statements };
}

/** The statements of concept c (at concepts[i] of file f), without duplicates. */
function collectStatements(
  f: ParsedFile,
  c: SeedConcept,
  i: number,
  label: string,
  problems: PlanProblems,
  checkEvidence: EvidenceCheck,
): StatementRow[] {
  const statements: StatementRow[] = [];
  const seenStatements = new Set<string>();
  (c.statements ?? []).forEach((s, j) => {
    const sLabel = `${label}.statements[${j}]`;
    const id = statementId(c.id, s.kind, s.claim);
    if (seenStatements.has(id)) {
      problems.at(
        f,
        ['concepts', i, 'statements', j],
        sLabel,
        `duplicate statement (${s.kind} "${s.claim}")`,
      );
      return;
    }
    seenStatements.add(id);
    checkEvidence(f, ['concepts', i, 'statements', j], sLabel, s.evidence);
    statements.push({
      id,
      conceptId: c.id,
      kind: s.kind,
      claim: s.claim,
      population: s.population ?? null,
      ...storedEvidence(s.evidence),
    });
  });
  return statements;
}
