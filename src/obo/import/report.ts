import type { QueryResult } from 'neo4j-driver';

export type MergeRule = 'id' | 'alt_id' | 'xref' | 'name';

export interface ImportMerge {
  term: string;
  concept: string;
  rule: MergeRule;
}

export interface ImportReport {
  file: string;
  source: { id: string; title: string; version: string | null; checksum: string };
  bytes: number;
  /** [Term] stanzas in the file. */
  terms: number;
  /** Terms written, by kind (Cancer counted apart from Condition). */
  written: Record<string, number>;
  obsolete: number;
  typedefs: number;
  synonyms: number;
  xrefs: number;
  altIds: number;
  relationships: Record<string, number>;
  merged: ImportMerge[];
  /** What was not imported, by reason, with counts. */
  skipped: Record<string, number>;
  /**
   * Recoverable defects the file was imported despite (a [Term] with no name, an unknown tag): how many, and the
   * first of them (file: line N: what), in file order. ImportOptions.strict refuses them instead.
   */
  warnings: { total: number; first: string[] };
  /** fulltext: building the full-text indexes again after the writes (see ImportOptions.rebuildFulltext). */
  millis: { scan: number; terms: number; relationships: number; fulltext: number; total: number };
  /**
   * When the file's scan began and its last write ended, in milliseconds on the importing process's clock
   * (performance.now()). Files overlap (a file's relationships are written beside the next file's terms), so the
   * time of a whole run is the last end less the first start, not the sum of the totals.
   */
  span: { start: number; end: number };
  /**
   * relationshipsRetired: relationships that an earlier release of the file's ontology stated and this file does not
   * (see retireRelationships): deleted, or, where the article states them too, left with the article's evidence only.
   */
  changes: {
    nodesCreated: number;
    relationshipsCreated: number;
    propertiesSet: number;
    relationshipsRetired: number;
  };
  dryRun: boolean;
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** What a file's writes changed in the graph (ImportReport.changes), summed from the summaries of its statements. */
export class ChangeTally {
  readonly changes: ImportReport['changes'] = {
    nodesCreated: 0,
    relationshipsCreated: 0,
    propertiesSet: 0,
    relationshipsRetired: 0,
  };

  /** Bound: it is handed to the writers as a callback. */
  readonly add = (result: QueryResult): void => {
    const u = result.summary.counters.updates();
    this.changes.nodesCreated += u.nodesCreated;
    this.changes.relationshipsCreated += u.relationshipsCreated;
    this.changes.propertiesSet += u.propertiesSet;
  };
}

const NOT_IN_MODEL = /^relationships not in the model \((.+)\)$/;

/** Skip reasons, one per line; the relationship types outside the model on one line, most frequent first. */
function skippedLines(skipped: Record<string, number>): string[] {
  const line = (n: number, text: string) => `    ${String(n).padStart(6)}  ${text}`;
  const other = Object.entries(skipped).filter(([reason]) => !NOT_IN_MODEL.test(reason));
  const types = Object.entries(skipped)
    .flatMap(([reason, n]) => {
      const type = NOT_IN_MODEL.exec(reason)?.[1];
      return type ? [[type, n] as const] : [];
    })
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  const lines = other.sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => line(n, reason));
  if (types.length > 0) {
    const total = types.reduce((sum, [, n]) => sum + n, 0);
    lines.push(
      line(
        total,
        `relationships of types the model does not have: ${types.map(([t, n]) => `${t} ${n}`).join(', ')}`,
      ),
    );
  }
  return lines;
}

/** The report as a few lines for a terminal. */
export function formatImportReport(r: ImportReport): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const seconds = r.millis.total / 1000;
  const lines = [
    `${r.dryRun ? 'Checked (dry run, nothing written)' : 'Imported'} ${r.file}`,
    `  source         ${r.source.id} (${r.source.title}${r.source.version ? `, version ${r.source.version}` : ''})`,
    `  terms          ${r.terms} (${list(r.written)}; ${r.obsolete} obsolete)`,
    `  relationships  ${sum(r.relationships)} (${list(r.relationships)})`,
    `  synonyms       ${r.synonyms}`,
    `  xrefs          ${r.xrefs} (and ${r.altIds} alt_ids)`,
    `  merged         ${r.merged.length}${r.merged.length > 0 ? ': ' + r.merged.map((m) => `${m.term} → ${m.concept} (${m.rule})`).join(', ') : ''}`,
    `  skipped        ${sum(r.skipped)}${sum(r.skipped) > 0 ? ':' : ''}`,
    ...skippedLines(r.skipped),
    `  warnings       ${r.warnings.total}${r.warnings.total > 0 ? ':' : ''}`,
    ...r.warnings.first.map((w) => `    ${w}`),
    ...(r.warnings.total > r.warnings.first.length
      ? [`    ... and ${r.warnings.total - r.warnings.first.length} more`]
      : []),
    `  time           ${seconds.toFixed(2)} s (scan ${(r.millis.scan / 1000).toFixed(2)} s, terms ${(r.millis.terms / 1000).toFixed(2)} s, relationships ${(r.millis.relationships / 1000).toFixed(2)} s${r.millis.fulltext > 0 ? `, full-text indexes rebuilt ${(r.millis.fulltext / 1000).toFixed(2)} s` : ''}); ${Math.round(r.terms / seconds)} terms/s`,
  ];
  if (!r.dryRun) {
    lines.push(
      `  changes        ${r.changes.nodesCreated} nodes and ${r.changes.relationshipsCreated} relationships created, ${r.changes.propertiesSet} properties set` +
        (r.changes.relationshipsRetired > 0
          ? `; ${r.changes.relationshipsRetired} relationships of an earlier release that this one no longer states retired`
          : ''),
    );
  }
  return lines.join('\n');
}
