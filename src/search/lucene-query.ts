/**
 * Turns what a user typed into a Lucene query for the `concept_search` full-text index, without ever handing the
 * user's text to Lucene as query syntax.
 *
 * The index analyses names, synonyms and xrefs with `standard-no-stop-words` (see neo4j/schema.ts): Unicode word
 * boundaries, lower-cased, no stop words, no stemming. The query is built here from escaped pieces:
 *
 * - the text is split at white space into chunks; each chunk is required (`+(...)`) and matches as an escaped,
 *   quoted phrase, which Lucene analyses exactly as it analysed the index, so "DOID:769", "umls:c0027819" and
 *   "alzheimer's" find what they name;
 * - the chunk's words (runs of letters and digits) are the only place prefix and fuzzy clauses appear, and only when
 *   the caller's `prefix` / `fuzzy` flags ask: the last word gets a prefix clause, words of letters only of at least
 *   4 letters get a fuzzy clause (edit distance 1, or 2 from 8 letters); both on names and synonyms only, except
 *   in a code (a chunk with a colon, such as doid:76), which gets prefix clauses on every field and no fuzzy one;
 *   the search runs the query with fuzzy clauses only when the one without finds nothing (luceneQueries);
 * - a `*`, `?`, `~`, quote, bracket, AND/OR/NOT... in the text is literal: every Lucene special character is
 *   escaped, and the text is lower-cased, so the words "AND", "OR", "NOT" are ordinary words.
 *
 * At most MAX_SEARCH_WORDS words are used (the rest of the text is ignored) and at most MAX_FUZZY_WORDS get a fuzzy
 * clause, which keeps the rewritten query well under Lucene's limit of 1024 clauses (see maxLeafClauses).
 */

import { CONCEPT_SEARCH_INDEX } from '../neo4j/schema';

/** Longest text accepted, in characters (code points). */
export const MAX_SEARCH_TEXT = 200;
/** Words of the text that take part in the query; the rest is ignored. */
export const MAX_SEARCH_WORDS = 10;
/** Words that get a fuzzy clause, the first ones eligible in the text. */
export const MAX_FUZZY_WORDS = 5;
/** Shortest word that gets a fuzzy clause. */
export const MIN_FUZZY_LENGTH = 4;
/** From this length a fuzzy word tolerates two edits instead of one. */
export const TWO_EDITS_LENGTH = 8;
/** Shortest last word that gets a prefix clause (a one-letter prefix matches a good part of the index). */
export const MIN_PREFIX_LENGTH = 2;
/** Shortest word that also matches its possessive ("down" finds "Down's"). */
export const MIN_POSSESSIVE_LENGTH = 3;
/** Lucene's FuzzyQuery rewrites to at most this many terms per field (its default maxExpansions). */
export const FUZZY_EXPANSIONS = 50;
/** Lucene's limit on the clauses of a rewritten query (IndexSearcher.maxClauseCount, 1024 in Neo4j 5.26). */
export const LUCENE_MAX_CLAUSES = 1024;

/**
 * The index fields prefix and fuzzy clauses on words target: names and synonyms. Not cross-references: DOID:1 is not
 * DOID:7, and "do" would begin the DOID of every concept.
 */
export const TEXT_FIELDS = ['name', 'synonyms'] as const satisfies ReadonlyArray<
  (typeof CONCEPT_SEARCH_INDEX.properties)[number]
>;
/** How many fields the index has: an unqualified clause is expanded to one clause per field. */
export const INDEX_FIELD_COUNT = CONCEPT_SEARCH_INDEX.properties.length;

export interface SearchOptions {
  prefix: boolean;
  fuzzy: boolean;
}

export interface QueryWord {
  /** Lower-case letters and digits. */
  text: string;
  /** True for the one word that gets a prefix clause (the last word, when `prefix` is on). */
  prefix: boolean;
  /** Edits a fuzzy clause tolerates; 0 for no fuzzy clause. */
  edits: 0 | 1 | 2;
}

export interface QueryChunk {
  /** A white-space-free piece of the normalised text, as typed (punctuation kept). */
  text: string;
  /** True for a code (a chunk with a colon, such as doid:769): no fuzzy clause, prefixes on every field. */
  code: boolean;
  words: QueryWord[];
}

export interface SearchPlan {
  /** The normalised text: what exact and prefix ranking compare names and synonyms with. */
  text: string;
  /** The chunks that take part in the query; empty when the text has no letter or digit. */
  chunks: QueryChunk[];
  /** True when words past MAX_SEARCH_WORDS were ignored. */
  truncated: boolean;
}

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;
// A possessive 's ends the word it belongs to: "alzheimer's" has the word "alzheimer", not "alzheimer" and "s".
const POSSESSIVE = /(?<=[\p{L}\p{M}])['’]s(?![\p{L}\p{N}\p{M}])/gu;
// Characters the standard tokenizer can keep inside one token (umls:c0027819, g30.9, o'brien, foo_bar).
const SINGLE_TOKEN_CHUNK = /^[\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}:.'’_]*$/u;

/**
 * Lower-cases, applies Unicode compatibility normalisation (NFKC), turns control and unassigned characters into
 * spaces, drops invisible format characters, collapses white space and trims: "  Palatal\tTREMOR " becomes
 * "palatal tremor".
 */
export function normaliseSearchText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The length of `text` in characters (code points), as MAX_SEARCH_TEXT counts them. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Backslash-escapes every character Lucene's classic query parser gives a meaning to. */
export function escapeLucene(text: string): string {
  return text.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
}

/** The words of a piece of text as the search sees them: lower-case runs of letters and digits. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(POSSESSIVE, '').match(WORD) ?? [];
}

function editsFor(word: string): 1 | 2 | 0 {
  const length = characterCount(word);
  if (length < MIN_FUZZY_LENGTH || !LETTERS_ONLY.test(word)) return 0;
  return length >= TWO_EDITS_LENGTH ? 2 : 1;
}

/**
 * Splits the text into the chunks and words the query is built from and decides which words get prefix and fuzzy
 * clauses. Pure: the same text and options always give the same plan.
 */
export function planSearch(rawText: string, options: SearchOptions): SearchPlan {
  const text = normaliseSearchText(rawText);
  const chunks: QueryChunk[] = [];
  let wordCount = 0;
  let truncated = false;
  for (const piece of text === '' ? [] : text.split(' ')) {
    const words = wordsOf(piece);
    if (words.length === 0) continue; // only punctuation or symbols: nothing the index holds
    if (wordCount + words.length > MAX_SEARCH_WORDS) {
      truncated = true;
      const room = MAX_SEARCH_WORDS - wordCount;
      if (room > 0) chunks.push(toChunk(truncateToWords(piece, room), words.slice(0, room)));
      break;
    }
    chunks.push(toChunk(piece, words));
    wordCount += words.length;
  }

  let fuzzyLeft = options.fuzzy ? MAX_FUZZY_WORDS : 0;
  for (const word of chunks.flatMap((c) => c.words)) {
    if (word.edits > 0 && fuzzyLeft > 0) fuzzyLeft -= 1;
    else word.edits = 0;
  }
  const last = chunks.at(-1)?.words.at(-1);
  if (options.prefix && last && characterCount(last.text) >= MIN_PREFIX_LENGTH) last.prefix = true;
  return { text, chunks, truncated };
}

/** A chunk with a colon is a code (a CURIE such as doid:769): a typo in a code names another concept. */
function toChunk(text: string, words: string[]): QueryChunk {
  const code = text.includes(':');
  return { text, code, words: words.map((w) => ({ text: w, prefix: false, edits: code ? 0 : editsFor(w) })) };
}

/** `piece` cut just after its n-th word. */
function truncateToWords(piece: string, n: number): string {
  let end = 0;
  let seen = 0;
  for (const match of piece.replace(POSSESSIVE, (s) => ' '.repeat(s.length)).matchAll(WORD)) {
    seen += 1;
    end = match.index + match[0].length;
    if (seen === n) break;
  }
  return piece.slice(0, end);
}

const phrase = (text: string): string => `"${escapeLucene(text)}"`;

/** `term` with `operator` on the text fields, or on every field for a code. */
function onFields(term: string, operator: string, code: boolean): string[] {
  return code ? [`${term}${operator}`] : TEXT_FIELDS.map((field) => `${field}:${term}${operator}`);
}

/** The alternatives one word matches by: itself, and its fuzzy and prefix forms where the plan gives them. */
function wordAlternatives(word: QueryWord, code: boolean): string[] {
  const alternatives = [phrase(word.text)];
  if (word.edits > 0) alternatives.push(...onFields(escapeLucene(word.text), `~${word.edits}`, code));
  if (word.prefix) alternatives.push(...onFields(escapeLucene(word.text), '*', code));
  return alternatives;
}

function chunkClause(chunk: QueryChunk, isLast: boolean): string {
  const alternatives = [phrase(chunk.text)];
  const [only] = chunk.words;
  if (chunk.words.length === 1 && only) {
    if (only.text !== chunk.text) alternatives.push(phrase(only.text));
    // The tokenizer keeps a possessive on its word: "down" must also find "Down's syndrome" (a prefix clause
    // already does).
    if (!only.prefix && characterCount(only.text) >= MIN_POSSESSIVE_LENGTH && LETTERS_ONLY.test(only.text)) {
      alternatives.push(phrase(`${only.text}'s`));
    }
    alternatives.push(...wordAlternatives(only, chunk.code).slice(1));
  } else {
    if (chunk.words.some((w) => w.edits > 0 || w.prefix)) {
      const all = chunk.words.map((w) => {
        const alts = wordAlternatives(w, chunk.code);
        return alts.length === 1 ? `+${alts[0]}` : `+(${alts.join(' ')})`;
      });
      alternatives.push(`(${all.join(' ')})`);
    }
    // A code being typed ("umls:c00278") is one token in the index: its prefix is the whole chunk.
    if (isLast && chunk.words.at(-1)?.prefix && SINGLE_TOKEN_CHUNK.test(chunk.text)) {
      alternatives.push(...onFields(escapeLucene(chunk.text), '*', chunk.code));
    }
  }
  return `+(${[...new Set(alternatives)].join(' ')})`;
}

/**
 * The Lucene query for a plan, or null when there is nothing to search for (blank text, or only punctuation).
 * Every chunk is required; a phrase of the whole text, when it has several chunks, ranks adjacent words higher.
 * With `fuzzy: false`, the same query without its fuzzy clauses.
 */
export function toLuceneQuery(plan: SearchPlan, { fuzzy = true }: { fuzzy?: boolean } = {}): string | null {
  if (plan.chunks.length === 0) return null;
  const { chunks } = fuzzy ? plan : withoutFuzzy(plan);
  const clauses = chunks.map((chunk, i) => chunkClause(chunk, i === chunks.length - 1));
  if (chunks.length > 1) clauses.push(`${phrase(chunks.map((c) => c.text).join(' '))}^2`);
  return clauses.join(' ');
}

/** The plan with no fuzzy clause. */
export function withoutFuzzy(plan: SearchPlan): SearchPlan {
  return {
    ...plan,
    chunks: plan.chunks.map((c) => ({ ...c, words: c.words.map((w) => ({ ...w, edits: 0 })) })),
  };
}

/**
 * The two queries a search runs: `exact` matches the words as typed (and the prefix); `fuzzy`, the same with fuzzy
 * clauses, null when the plan has none. The search runs `fuzzy` only when `exact` finds nothing (see
 * search.repository.ts): a text that matches as typed is not diluted by look-alikes, and fuzzy clauses, the costly
 * part of a query, run only for texts that need them.
 */
export function luceneQueries(plan: SearchPlan): { exact: string | null; fuzzy: string | null } {
  const hasFuzzy = plan.chunks.some((c) => c.words.some((w) => w.edits > 0));
  return { exact: toLuceneQuery(plan, { fuzzy: false }), fuzzy: hasFuzzy ? toLuceneQuery(plan) : null };
}

/**
 * An upper bound on the clauses Lucene counts for a plan's query once rewritten (every unqualified clause becomes
 * one per field; every fuzzy clause up to FUZZY_EXPANSIONS terms): the plan limits keep it under
 * LUCENE_MAX_CLAUSES, which the unit tests check for the worst case.
 */
export function maxLeafClauses(plan: SearchPlan): number {
  let clauses = plan.chunks.length > 1 ? INDEX_FIELD_COUNT : 0;
  for (const chunk of plan.chunks) {
    clauses += 3 * INDEX_FIELD_COUNT; // chunk phrase, word phrase, possessive or code prefix
    for (const word of chunk.words) {
      clauses += INDEX_FIELD_COUNT; // the word itself
      if (word.prefix) clauses += INDEX_FIELD_COUNT;
      if (word.edits > 0) clauses += TEXT_FIELDS.length * FUZZY_EXPANSIONS;
    }
  }
  return clauses;
}
