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
 * The words of a text in turn: next() moves to the following match of WORD_SOURCE, found by
 * hand (matchAll with this Unicode pattern cost more than the rest of indexing a page), and
 * sets where it is written. The regex's choices, in its order: a maximal run of PART, then a
 * joiner and PART as long as one follows, a hyphen's line break tried before the bare hyphen.
 * Nothing after the loop can fail, so the regex never backtracks into a run already taken.
 */
class WordScanner {
  start = 0;
  end = 0;
  /** Only [A-Za-z0-9] in the word. */
  ascii = true;
  /** Some of those are capitals. */
  upper = false;
  /** The comparable form of a word that is not plain ASCII, once made. */
  private folded: string | null = null;

  constructor(private readonly text: string) {}

  next(): boolean {
    const { text } = this;
    let i = this.end;
    while (i < text.length && partCharEnd(text, i) === -1) i += 1;
    if (i >= text.length) return false;
    this.start = i;
    this.ascii = true;
    this.upper = false;
    this.folded = null;
    for (;;) {
      for (let next = partCharEnd(text, i); next !== -1; next = partCharEnd(text, i)) {
        const code = text.charCodeAt(i);
        if (next !== i + 1 || code >= 128) this.ascii = false;
        else if (code >= 65 && code <= 90) this.upper = true;
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
      if (resume === -1) break;
      this.ascii = false;
      i = resume;
    }
    this.end = i;
    return true;
  }

  /** The word's comparable form (wordKey); '' for one with no letter or digit left, which is no word. */
  key(): string {
    const written = this.text.slice(this.start, this.end);
    if (this.ascii) return this.upper ? written.toLowerCase() : written;
    return (this.folded ??= wordKey(written));
  }

  /** Whether key() is `key`, without making the word's string when it is plain ASCII. */
  is(key: string): boolean {
    if (!this.ascii) return this.key() === key;
    const length = this.end - this.start;
    if (length !== key.length) return false;
    for (let k = 0; k < length; k++) {
      const code = this.text.charCodeAt(this.start + k);
      if ((code >= 65 && code <= 90 ? code + 32 : code) !== key.charCodeAt(k)) return false;
    }
    return true;
  }
}

export function indexPage(text: string): PageIndex {
  const tokens: PageToken[] = [];
  const positions = new Map<string, number[]>();
  const words = new WordScanner(text);
  while (words.next()) {
    const word = words.key();
    if (word === '') continue;
    const list = positions.get(word);
    if (list) list.push(tokens.length);
    else positions.set(word, [tokens.length]);
    tokens.push({ word, start: words.start, end: words.end });
  }
  return { text, tokens, positions };
}

/**
 * Whether the words of `text` (as indexPage finds them) hold `quote`, comparable forms in a
 * row, without indexing the page: a quotation found word for word needs no index, and
 * indexing a page cost more than reading it from its HTML. Knuth-Morris-Pratt over words.
 */
export function containsWords(text: string, quote: readonly string[]): boolean {
  if (quote.length === 0) return false;
  const fallback = fallbacks(quote);
  const words = new WordScanner(text);
  let matched = 0;
  while (words.next()) {
    if (!words.ascii && words.key() === '') continue;
    // Each comparison once: on a mismatch fall back along the table until a prefix goes on, or none.
    for (;;) {
      if (words.is(quote[matched] as string)) {
        matched += 1;
        break;
      }
      if (matched === 0) break;
      matched = fallback[matched - 1] as number;
    }
    if (matched === quote.length) return true;
  }
  return false;
}

/** For each prefix of `quote`, the length of its longest proper prefix that is also its suffix. */
function fallbacks(quote: readonly string[]): number[] {
  const table = [0];
  for (let i = 1, k = 0; i < quote.length; i++) {
    while (k > 0 && quote[i] !== quote[k]) k = table[k - 1] as number;
    if (quote[i] === quote[k]) k += 1;
    table.push(k);
  }
  return table;
}
