import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { OboHeader } from '../obo.types';
import type { ImportReport } from './report';

export async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.obo$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The Source node of an ontology file: one per ontology and version, so a new release is a new source. */
export function ontologySource(
  file: string,
  header: OboHeader,
  checksum: string,
): ImportReport['source'] & { ontology: string } {
  const ontology = header.ontology ?? path.basename(file).replace(/\.obo$/i, '');
  const version = header.dataVersion ?? header.date ?? null;
  // The version's date when it has one (releases/2016-09-01 → 2016-09-01), else the version, else the checksum.
  const date = version ? /\d{4}-\d{2}-\d{2}/.exec(version)?.[0] : undefined;
  const versionSlug = date ?? (version ? slug(version) : `sha256-${checksum.slice(0, 12)}`);
  const ontologySlug = slug(ontology);
  return {
    id: `${ontologySlug}@${versionSlug}`,
    title: `${ontology} (${path.basename(file)})`,
    version,
    checksum,
    ontology,
  };
}
