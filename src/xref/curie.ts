/**
 * CURIEs of standard vocabularies, as sources write them and as clients type them. The same code appears under
 * several prefixes (UMLS:C0027819 and UMLS_CUI:C0027819; SNOMEDCT_US_2016_03_01:6204001 and SCTID:6204001; MSH, mesh
 * and MESH) and in any case: each prefix maps to one canonical system, and a CURIE's key is the canonical system and
 * the upper-cased code. Keys are what `conceptByXref` matches and what `xrefs` groups by.
 */

export interface Curie {
  /** The canonical system: DOID, HP, MONDO, UMLS, SNOMEDCT, ICD10CM, MESH, UBERON, NCIT, OMIM, ORPHANET, ... */
  system: string;
  /** The code within the system, upper-cased: C0027819, 1324, G40.B. */
  code: string;
  /** `${system}:${code}`: equal keys name the same code. */
  key: string;
}

/** Prefix variants (lower case, dated SNOMED editions folded first) → canonical system. */
const SYSTEM_OF_PREFIX: Readonly<Record<string, string>> = {
  doid: 'DOID',
  hp: 'HP',
  hpo: 'HP',
  mondo: 'MONDO',
  uberon: 'UBERON',
  umls: 'UMLS',
  umls_cui: 'UMLS',
  snomedct: 'SNOMEDCT',
  snomedct_us: 'SNOMEDCT',
  snomed: 'SNOMEDCT',
  sctid: 'SNOMEDCT',
  icd10cm: 'ICD10CM',
  'icd10-cm': 'ICD10CM',
  icd10_cm: 'ICD10CM',
  icd9cm: 'ICD9CM',
  'icd9-cm': 'ICD9CM',
  icd9cm_2006: 'ICD9CM',
  icd10: 'ICD10',
  icdo: 'ICDO',
  mesh: 'MESH',
  msh: 'MESH',
  ncit: 'NCIT',
  nci: 'NCIT',
  omim: 'OMIM',
  mim: 'OMIM',
  orphanet: 'ORPHANET',
  ordo: 'ORPHANET',
  orpha: 'ORPHANET',
  gard: 'GARD',
  fma: 'FMA',
  efo: 'EFO',
  kegg: 'KEGG',
};

/** The systems the docs name, in the order `xrefs` lists them; others follow alphabetically. */
export const PREFERRED_SYSTEMS = [
  'DOID',
  'HP',
  'MONDO',
  'UMLS',
  'SNOMEDCT',
  'ICD10CM',
  'MESH',
  'UBERON',
  'NCIT',
  'OMIM',
  'ORPHANET',
] as const;

const CURIE = /^([A-Za-z][A-Za-z0-9_.-]*):(\S+)$/;
export const MAX_CURIE_LENGTH = 200;

/**
 * systemOf's answers by prefix as written. An ontology file uses a few dozen prefixes, each thousands of times (DO:
 * 36,891 cross-references); bounded, since clients' CURIEs can bring any prefix.
 */
const SYSTEMS = new Map<string, string>();
const SYSTEMS_MAX = 1024;

/** The canonical system of a prefix (any case; SNOMEDCT_US_2016_03_01 and the like fold to SNOMEDCT). */
export function systemOf(prefix: string): string {
  const known = SYSTEMS.get(prefix);
  if (known !== undefined) return known;
  const lower = prefix.toLowerCase();
  const folded = /^snomedct(_us)?_\d{4}_\d{2}_\d{2}$/.test(lower) ? 'snomedct' : lower;
  const system = SYSTEM_OF_PREFIX[folded] ?? prefix.toUpperCase();
  if (SYSTEMS.size >= SYSTEMS_MAX) SYSTEMS.clear();
  SYSTEMS.set(prefix, system);
  return system;
}

/** A CURIE as system, code and key; null when the text is not a CURIE (no prefix, spaces, too long). */
export function parseCurie(text: string): Curie | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_CURIE_LENGTH) return null;
  const match = CURIE.exec(trimmed);
  if (!match) return null;
  const system = systemOf(match[1]!);
  // Some files repeat the prefix in the code (ORDO:Orphanet_862, MESH:MESH:D0001): keep the code itself.
  let code = match[2]!.toUpperCase();
  const inner = code.includes(':') || code.includes('_') ? /^([A-Z_]+)[_:](.+)$/.exec(code) : null;
  if (inner && systemOf(inner[1]!) === system) code = inner[2]!;
  return { system, code, key: `${system}:${code}` };
}

/** The distinct keys of a list of CURIEs, in first-seen order; texts that are not CURIEs are left out. */
export function curieKeys(curies: Iterable<string>): string[] {
  const keys = new Set<string>();
  for (const text of curies) {
    const curie = parseCurie(text);
    if (curie) keys.add(curie.key);
  }
  return [...keys];
}

export interface XrefGroupRecord {
  system: string;
  /** The codes in this system, distinct, in the order the sources give them. */
  codes: string[];
  /** The same as canonical CURIEs (`${system}:${code}`). */
  curies: string[];
}

/** CURIEs grouped by canonical system: the docs' systems first in their order, then others alphabetically. */
export function groupBySystem(curies: Iterable<string>): XrefGroupRecord[] {
  const groups = new Map<string, XrefGroupRecord>();
  for (const key of curieKeys(curies)) {
    const at = key.indexOf(':');
    const system = key.slice(0, at);
    const group = groups.get(system) ?? { system, codes: [], curies: [] };
    group.codes.push(key.slice(at + 1));
    group.curies.push(key);
    groups.set(system, group);
  }
  const rank = (s: string) => {
    const i = (PREFERRED_SYSTEMS as readonly string[]).indexOf(s);
    return i < 0 ? PREFERRED_SYSTEMS.length : i;
  };
  return [...groups.values()].sort(
    (a, b) => rank(a.system) - rank(b.system) || a.system.localeCompare(b.system),
  );
}
