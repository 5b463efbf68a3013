import { BACKSLASH, BANG, isSpace, LBRACE, QUOTE } from './chars';

/*
 * stripValue jumps from one special character to the next with this (a single character class: no backtracking). It
 * sets its lastIndex first and calls no other user of the same expression.
 */
const VALUE_SPECIALS = /[\\"!{}]/g;

/**
 * Resolves OBO escapes: `\n` newline, `\W` space, `\t` tab, and `\` before any other character (`\:` `\,` `\"` `\\`
 * `\(` `\)` `\[` `\]` `\{` `\}` `\!` ...) gives that character. A lone backslash at the very end is kept.
 */
export function unescapeObo(s: string): string {
  let slash = s.indexOf('\\');
  if (slash < 0) return s;
  let out = '';
  let from = 0;
  while (slash >= 0) {
    out += s.slice(from, slash);
    if (slash + 1 >= s.length) {
      out += '\\';
      from = s.length;
      break;
    }
    const c = s[slash + 1] as string;
    out += c === 'n' ? '\n' : c === 'W' ? ' ' : c === 't' ? '\t' : c;
    from = slash + 2;
    slash = s.indexOf('\\', from);
  }
  return out + s.slice(from);
}

/**
 * The value of a tag-value line without its `! comment` and its trailing `{...}` modifier, trimmed (still escaped).
 * One pass over the characters: a backslash escapes the next one; with `quoted`, double quotes delimit strings in which
 * `!` and `{` are text. Inside a modifier, double quotes always delimit strings (`{source="a!b"}`).
 */
export function stripValue(value: string, quoted: boolean): string {
  let inQuote = false;
  let depth = 0;
  let groupStart = -1;
  let groupEnd = -1;
  let end = value.length;
  const special = VALUE_SPECIALS;
  special.lastIndex = 0;
  for (let m = special.exec(value); m !== null; m = special.exec(value)) {
    const i = m.index;
    const c = value.charCodeAt(i);
    if (c === BACKSLASH) {
      special.lastIndex = i + 2;
    } else if (inQuote) {
      if (c === QUOTE) inQuote = false;
    } else if (c === QUOTE) {
      if (quoted || depth > 0) inQuote = true;
    } else if (c === BANG) {
      if (depth === 0) {
        end = i;
        break;
      }
    } else if (c === LBRACE) {
      if (depth === 0) groupStart = i;
      depth++;
    } else if (depth > 0) {
      depth--; // a closing brace
      if (depth === 0) groupEnd = i + 1;
    }
  }
  let start = 0;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  // A trailing modifier is a brace group that closes at the very end of the value (after the comment is gone).
  if (depth === 0 && groupStart >= start && groupEnd === end) {
    end = groupStart;
    while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  }
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

export function pushNonEmpty(list: string[], value: string): void {
  const v = stripValue(value, false);
  if (v !== '') list.push(unescapeObo(v));
}

/** One reference of a list: its id, without its quoted description or its modifier. */
export function addRef(refs: string[], piece: string): void {
  let end = piece.length;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === QUOTE || c === LBRACE) {
      end = i;
      break;
    }
  }
  const id = unescapeObo(piece.slice(0, end)).trim();
  if (id !== '') refs.push(id);
}
