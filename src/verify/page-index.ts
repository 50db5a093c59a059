import { fold } from './normalize.js';

/** One word of the page: its folded form and where it sits in the text, to quote it back. */
export interface PageToken {
  word: string;
  start: number;
  end: number;
}

export interface PageIndex {
  text: string;
  tokens: PageToken[];
  /** Positions of each word, to anchor a search on a quote's rarest word. */
  positions: Map<string, number[]>;
}

/**
 * A word may be joined by an apostrophe (Iraq’s) or a hyphen (well-known), also a hyphen
 * that ends a line (inte-\ngrity): those are joined into one word on both sides, so the
 * quote and the page fold the same way. A hyphen followed by a plain space ("pre- and
 * post-war") separates.
 */
const PART = String.raw`[\p{L}\p{N}\p{M}\u00AD]+`;
export const WORD_SOURCE = String.raw`${PART}(?:(?:['’]|[-\u2010\u2011](?:[ \t]*\n\s*)?)${PART})*`;

/** The comparable form of one word: folded, letters and digits only (Iraq’s → iraqs). */
export function wordKey(word: string): string {
  // Most words are plain ASCII; folding them through NFKD is most of the cost on a long page.
  if (/^[A-Za-z0-9]+$/.test(word)) return word.toLowerCase();
  return fold(word).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** One character of PART at `lastIndex` (a whole code point: the u flag reads surrogate pairs as one). */
const PART_CHAR = /[\p{L}\p{N}\p{M}\u00AD]/uy;
/** The line break a hyphen may carry inside a word: `[ \t]*\n\s*` of WORD_SOURCE. */
const HYPHEN_BREAK = /[ \t]*\n\s*/uy;

function isAsciiAlnum(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** Where the PART character at `i` ends, or -1 when there is none. */
function partCharEnd(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return isAsciiAlnum(code) ? i + 1 : -1;
  if (Number.isNaN(code)) return -1;
  PART_CHAR.lastIndex = i;
  return PART_CHAR.test(text) ? PART_CHAR.lastIndex : -1;
}

/**
 * Where the match of WORD_SOURCE starting at `start` (a PART character) ends, found by hand:
 * matchAll with this Unicode pattern cost more than the rest of indexing a page. The regex's
 * choices, in its order: a maximal run of PART, then a joiner and PART as long as one follows,
 * a hyphen's line break tried before the bare hyphen. Nothing after the loop can fail, so the
 * regex never backtracks into a run already taken. `ascii`: only [A-Za-z0-9] in the word;
 * `upper`: some of them capitals.
 */
function wordEnd(text: string, start: number): { end: number; ascii: boolean; upper: boolean } {
  let i = start;
  let ascii = true;
  let upper = false;
  for (;;) {
    for (let next = partCharEnd(text, i); next !== -1; next = partCharEnd(text, i)) {
      const code = text.charCodeAt(i);
      if (next !== i + 1 || code >= 128) ascii = false;
      else if (code >= 65 && code <= 90) upper = true;
      i = next;
    }
    const joiner = text.charCodeAt(i);
    let resume = -1;
    if (joiner === 0x27 || joiner === 0x2019) resume = partCharEnd(text, i + 1) === -1 ? -1 : i + 1;
    else if (joiner === 0x2d || joiner === 0x2010 || joiner === 0x2011) {
      HYPHEN_BREAK.lastIndex = i + 1;
      const afterBreak = HYPHEN_BREAK.test(text) ? HYPHEN_BREAK.lastIndex : -1;
      if (afterBreak !== -1 && partCharEnd(text, afterBreak) !== -1) resume = afterBreak;
      else if (partCharEnd(text, i + 1) !== -1) resume = i + 1;
    }
    if (resume === -1) return { end: i, ascii, upper };
    ascii = false;
    i = resume;
  }
}

export function indexPage(text: string): PageIndex {
  const tokens: PageToken[] = [];
  const positions = new Map<string, number[]>();
  for (let i = 0; i < text.length; ) {
    if (partCharEnd(text, i) === -1) {
      i += 1;
      continue;
    }
    const start = i;
    const { end, ascii, upper } = wordEnd(text, start);
    i = end;
    const written = text.slice(start, end);
    const word = !ascii ? wordKey(written) : upper ? written.toLowerCase() : written;
    if (word === '') continue;
    const list = positions.get(word);
    if (list) list.push(tokens.length);
    else positions.set(word, [tokens.length]);
    tokens.push({ word, start, end });
  }
  return { text, tokens, positions };
}
