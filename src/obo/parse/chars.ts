/** Character codes and scanners shared by the parser's parts. */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const QUOTE = 34;
export const COLON = 58;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const LBRACE = 123;
export const RBRACE = 125;
export const BOM = 0xfeff;

export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || (c >= LF && c <= CR);
}

/** A line (or value) shortened for an error message. */
export function preview(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 80 ? `${t.slice(0, 77)}...` : t);
}

/** The index of the first unescaped `code` in text, or -1. */
export function findUnescaped(text: string, code: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === code) return i;
  }
  return -1;
}

/** The index of the first unescaped whitespace (or of `stop`, if given) at or after `from`; text.length if none. */
export function tokenEnd(text: string, from: number, stop = -1): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (isSpace(c) || c === stop) return i;
  }
  return text.length;
}

export function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}
