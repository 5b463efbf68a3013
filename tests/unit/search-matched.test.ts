import { planSearch } from '../../src/search/lucene-query';
import { bestMatch, editDistance, matchStrength } from '../../src/search/matched';

const plan = (text: string, prefix = true, fuzzy = true) => planSearch(text, { prefix, fuzzy });

describe('editDistance', () => {
  it.each([
    ['myoclonus', 'myoclonus', 0],
    ['myoclonis', 'myoclonus', 1],
    ['myoclonis', 'myoclonic', 1],
    ['neuroblastma', 'neuroblastoma', 1],
    ['palatal', 'palate', 2],
    ['tremor', 'termor', 1], // a transposition is one edit, as in Lucene's fuzzy query
    ['', 'abc', 3],
    ['🧠a', '🧠b', 1], // code points, not UTF-16 units
  ])('%j to %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops early past the bound', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    expect(editDistance('a', 'abcd', 1)).toBe(2);
  });
});

describe('matchStrength', () => {
  it('ranks the word itself over a word it begins over a word within its edits', () => {
    const p = plan('tremor');
    expect(matchStrength('palatal tremor', p)).toBe(3);
    expect(matchStrength('tremors', p)).toBe(2);
    expect(matchStrength('termor', p)).toBe(1);
    expect(matchStrength('palatal myoclonus', p)).toBe(0);
  });

  it('adds one when the text holds the query words in order', () => {
    expect(matchStrength('essential palatal myoclonus', plan('palatal myoclonus'))).toBe(7);
    expect(matchStrength('myoclonus, palatal', plan('palatal myoclonus'))).toBe(6);
  });

  it('gives prefix and fuzzy credit only where the plan asks for them', () => {
    expect(matchStrength('tremors', plan('tremor', false, true))).toBe(1);
    expect(matchStrength('tremors', plan('tremor', false, false))).toBe(0);
  });
});

describe('bestMatch', () => {
  const palatal = { name: 'palatal myoclonus', synonyms: ['palatal tremor'], xrefs: ['DOID:0000'] };

  it('picks the synonym that holds the words the name lacks', () => {
    expect(bestMatch(palatal, plan('tremor'))).toBe('palatal tremor');
    expect(bestMatch(palatal, plan('termor'))).toBe('palatal tremor');
  });

  it('prefers the name when name and synonym match equally', () => {
    expect(bestMatch(palatal, plan('palatal'))).toBe('palatal myoclonus');
  });

  it('reports a cross-reference when that is what matched', () => {
    expect(bestMatch(palatal, plan('0000 doid'))).toBe('DOID:0000');
  });

  it('falls back to the name when nothing explains the hit', () => {
    expect(bestMatch(palatal, plan('zzz'))).toBe('palatal myoclonus');
  });
});
