import type { SearchPlan } from './lucene-query';
import { wordsOf } from './lucene-query';

/** The texts of a concept the index holds, in the order ties are broken: name, synonyms, xrefs. */
export interface MatchTexts {
  name: string;
  synonyms: readonly string[];
  xrefs: readonly string[];
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), as Lucene's fuzzy
 * query counts them; on code points. Stops early and returns max + 1 once the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * How well one text explains the query: per query word 3 for the word itself, 2 for a word it begins (the prefix
 * word only), 1 for a word within its fuzzy edits; plus 1 when the text holds all of several query words in order.
 */
export function matchStrength(text: string, plan: SearchPlan): number {
  const words = wordsOf(text);
  const queryWords = plan.chunks.flatMap((c) => c.words);
  let strength = 0;
  for (const q of queryWords) {
    if (words.includes(q.text)) strength += 3;
    else if (q.prefix && words.some((w) => w.startsWith(q.text))) strength += 2;
    else if (q.edits > 0 && words.some((w) => editDistance(w, q.text, q.edits) <= q.edits)) strength += 1;
  }
  const wanted = ` ${queryWords.map((q) => q.text).join(' ')} `;
  if (queryWords.length > 1 && ` ${words.join(' ')} `.includes(wanted)) strength += 1;
  return strength;
}

/**
 * The name, synonym or cross-reference that best explains why a concept matched a plan (the strongest by
 * matchStrength; ties go to the name, then synonyms and xrefs in stored order). Deterministic.
 */
export function bestMatch(concept: MatchTexts, plan: SearchPlan): string {
  let best = concept.name;
  let bestStrength = matchStrength(concept.name, plan);
  for (const text of [...concept.synonyms, ...concept.xrefs]) {
    const strength = matchStrength(text, plan);
    if (strength > bestStrength) {
      best = text;
      bestStrength = strength;
    }
  }
  return best;
}
