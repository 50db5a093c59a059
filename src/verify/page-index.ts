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

export function indexPage(text: string): PageIndex {
  const tokens: PageToken[] = [];
  const positions = new Map<string, number[]>();
  for (const match of text.matchAll(new RegExp(WORD_SOURCE, 'gu'))) {
    const word = wordKey(match[0]);
    if (word === '') continue;
    const start = match.index;
    const list = positions.get(word);
    if (list) list.push(tokens.length);
    else positions.set(word, [tokens.length]);
    tokens.push({ word, start, end: start + match[0].length });
  }
  return { text, tokens, positions };
}
