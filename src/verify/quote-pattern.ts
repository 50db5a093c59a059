import { WORD_SOURCE, wordKey } from './page-index.js';

/** A word of the quotation; `test` also accepts the forms an editor's brackets allow. */
export interface QuoteWord {
  kind: 'word';
  /** The folded word when only one form matches: usable to look it up in the page index. */
  exact: string | null;
  test: (pageWord: string) => boolean;
}

/** Words the editor left out: `[which]` or `…`. */
export interface QuoteGap {
  kind: 'gap';
  maxWords: number;
}

export type QuoteElement = QuoteWord | QuoteGap;

/** `[which]` stands for a few words the editor paraphrased away. */
const BRACKET_GAP_WORDS = 5;
/**
 * `…` may drop a clause or a few sentences; beyond about a paragraph the two halves are not
 * one quotation any more.
 */
const ELLIPSIS_GAP_WORDS = 60;
/** A bracketed ending must leave this much stem, so `a[n]` does not match every a-word. */
const MIN_STEM = 3;

const ELLIPSIS = String.raw`\[?\s*(?:…|\.\s?\.\s?\.)\s*\]?`;
const BRACKET = String.raw`\[[^\]]*\]`;
const BRACKETED_WORD = String.raw`(?:${BRACKET})?${WORD_SOURCE}(?:${BRACKET}(?:${WORD_SOURCE})?)*`;
const QUOTE_PIECE = new RegExp(`(${ELLIPSIS})|(${BRACKETED_WORD})|(${BRACKET})`, 'gu');

function bracketedWord(written: string): QuoteWord {
  const full = wordKey(written.replace(/[[\]]/g, ''));
  const bare = wordKey(written.replace(/\[[^\]]*\]/g, ''));
  if (!written.includes('[')) return { kind: 'word', exact: full, test: (word) => word === full };
  // "enhance[ing]" stands for "enhancing": an English suffix eats a final e.
  const stem = bare.endsWith('e') ? bare.slice(0, -1) : bare;
  const opensWithBracket = written.startsWith('[');
  const endsWithBracket = written.endsWith(']');
  return {
    kind: 'word',
    exact: null,
    test: (word) =>
      word === full ||
      word === bare ||
      (endsWithBracket && stem.length >= MIN_STEM && word.startsWith(stem)) ||
      (opensWithBracket && bare.length >= MIN_STEM - 1 && word.endsWith(bare)),
  };
}

/**
 * The quotation as words and gaps. An insertion attached to a word (`enhance[ing]`,
 * `[T]he`) makes that word's ending or beginning free; a bracket standing alone
 * (`[which]`) or an ellipsis is a gap. Punctuation, quote marks and case are not compared.
 */
export function parseQuotation(quotation: string): QuoteElement[] {
  const elements: QuoteElement[] = [];
  const addGap = (maxWords: number): void => {
    const last = elements[elements.length - 1];
    if (last === undefined) return;
    if (last.kind === 'gap') last.maxWords += maxWords;
    else elements.push({ kind: 'gap', maxWords });
  };
  for (const match of quotation.matchAll(QUOTE_PIECE)) {
    if (match[1] !== undefined) addGap(ELLIPSIS_GAP_WORDS);
    else if (match[2] !== undefined) {
      const word = bracketedWord(match[2]);
      if (word.exact !== '') elements.push(word);
    } else addGap(BRACKET_GAP_WORDS);
  }
  while (elements[elements.length - 1]?.kind === 'gap') elements.pop();
  return elements;
}
