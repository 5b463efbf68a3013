import { curieKeys, groupBySystem, parseCurie, systemOf } from '../../src/xref/curie';

describe('parseCurie', () => {
  it.each([
    ['DOID:1324', 'DOID:1324'],
    ['doid:1324', 'DOID:1324'],
    ['  DOID:1324 ', 'DOID:1324'],
    ['UMLS:C0027819', 'UMLS:C0027819'],
    ['UMLS_CUI:C0027819', 'UMLS:C0027819'],
    ['umls_cui:c0027819', 'UMLS:C0027819'],
    ['SNOMEDCT_US_2016_03_01:6204001', 'SNOMEDCT:6204001'],
    ['SNOMEDCT_US:17450006', 'SNOMEDCT:17450006'],
    ['SCTID:6204001', 'SNOMEDCT:6204001'],
    ['MSH:D009207', 'MESH:D009207'],
    ['mesh:D020190', 'MESH:D020190'],
    ['NCI:C84796', 'NCIT:C84796'],
    ['ORDO:862', 'ORPHANET:862'],
    ['Orphanet:307', 'ORPHANET:307'],
    ['ORDO:Orphanet_862', 'ORPHANET:862'],
    ['ICD10CM:G40.B', 'ICD10CM:G40.B'],
    ['icd10cm:g40.b', 'ICD10CM:G40.B'],
    ['HP:0001336', 'HP:0001336'],
    ['MONDO:0015247', 'MONDO:0015247'],
    ['UBERON:0001600', 'UBERON:0001600'],
    ['FOO:bar', 'FOO:BAR'],
  ])('%s → %s', (text, key) => {
    expect(parseCurie(text)?.key).toBe(key);
  });

  it.each(['', '1324', 'DOID', ':1324', 'DOID:', 'DOID:13 24', '1DOID:1', `DOID:${'1'.repeat(300)}`])(
    'is null for %j',
    (text) => {
      expect(parseCurie(text)).toBeNull();
    },
  );

  it('splits system and code', () => {
    expect(parseCurie('UMLS_CUI:C0027819')).toEqual({
      system: 'UMLS',
      code: 'C0027819',
      key: 'UMLS:C0027819',
    });
  });

  it('keeps unknown prefixes, upper-cased', () => {
    expect(systemOf('gard')).toBe('GARD');
    expect(systemOf('Wikipedia')).toBe('WIKIPEDIA');
  });
});

describe('systemOf', () => {
  it('answers the same for a prefix however many others it has seen (its cache is bounded)', () => {
    const first = ['umls_cui', 'UMLS_CUI', 'SNOMEDCT_US_2016_03_01', 'msh', 'Foo'].map(systemOf);
    expect(first).toEqual(['UMLS', 'UMLS', 'SNOMEDCT', 'MESH', 'FOO']);
    for (let i = 0; i < 3000; i++) expect(systemOf(`prefix${i}`)).toBe(`PREFIX${i}`);
    expect(['umls_cui', 'UMLS_CUI', 'SNOMEDCT_US_2016_03_01', 'msh', 'Foo'].map(systemOf)).toEqual(first);
  });
});

describe('curieKeys and groupBySystem', () => {
  const xrefs = [
    'mesh:D020190',
    'MESH:D020190',
    'UMLS_CUI:C0270853',
    'DOID:4890',
    'OMIM:254770',
    'OMIM:607631',
    'Wiki:x',
    'not a curie',
  ];

  it('dedupes by key, keeps first-seen order, drops non-CURIEs', () => {
    expect(curieKeys(xrefs)).toEqual([
      'MESH:D020190',
      'UMLS:C0270853',
      'DOID:4890',
      'OMIM:254770',
      'OMIM:607631',
      'WIKI:X',
    ]);
  });

  it('groups in the README order of systems, then alphabetically', () => {
    expect(groupBySystem(xrefs)).toEqual([
      { system: 'DOID', codes: ['4890'], curies: ['DOID:4890'] },
      { system: 'UMLS', codes: ['C0270853'], curies: ['UMLS:C0270853'] },
      { system: 'MESH', codes: ['D020190'], curies: ['MESH:D020190'] },
      { system: 'OMIM', codes: ['254770', '607631'], curies: ['OMIM:254770', 'OMIM:607631'] },
      { system: 'WIKI', codes: ['X'], curies: ['WIKI:X'] },
    ]);
  });
});
