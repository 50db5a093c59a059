import type { QuotationCheck } from '../types.js';
import { containsWords, indexPage, type PageIndex } from './page-index.js';
import { parseQuotation, type QuoteElement, type QuoteWord } from './quote-pattern.js';
import { roundScore } from './normalize.js';

/**
 * A quotation whose words appear in order, at least four in five, within one stretch of
 * the page is `fuzzy`: the source says it with a word or two changed (quotations.test.ts
 * has 4-of-5 found and 3-of-5 not).
 */
export const QUOTE_FUZZY_THRESHOLD = 0.8;
/** How many anchor positions the fuzzy search scores at most; each costs quote × window steps. */
const MAX_FUZZY_WINDOWS = 300;
/** The rarest quote words (present in the page) whose positions seed the fuzzy search. */
const FUZZY_ANCHOR_WORDS = 3;

type Segment = QuoteWord[];

/** Words between gaps, and how many words each gap may hide (gaps[k] precedes words[k + 1]). */
function segments(elements: readonly QuoteElement[]): { words: Segment[]; gaps: number[] } {
  const words: Segment[] = [[]];
  const gaps: number[] = [];
  for (const element of elements) {
    if (element.kind === 'gap') {
      words.push([]);
      gaps.push(element.maxWords);
    } else words[words.length - 1]?.push(element);
  }
  return { words, gaps };
}

function segmentAt(page: PageIndex, segment: Segment, start: number): boolean {
  if (start < 0 || start + segment.length > page.tokens.length) return false;
  return segment.every((word, i) => word.test(page.tokens[start + i]?.word ?? ''));
}

/** Where the first segment may start: the positions of its rarest exact word, shifted. */
function firstSegmentStarts(page: PageIndex, segment: Segment): number[] {
  let offset = -1;
  let positions: number[] = [];
  for (const [i, word] of segment.entries()) {
    if (word.exact === null) continue;
    const found = page.positions.get(word.exact) ?? [];
    if (offset < 0 || found.length < positions.length) {
      offset = i;
      positions = found;
    }
  }
  if (offset < 0) return page.tokens.map((_, i) => i);
  return positions.map((position) => position - offset);
}

/** The end of a match of segments[k..] starting within [from, from + slack], or -1. */
function matchRest(page: PageIndex, words: Segment[], gaps: number[], k: number, from: number): number {
  const segment = words[k];
  if (segment === undefined) return from;
  const slack = gaps[k - 1] ?? 0;
  for (let start = from; start <= from + slack; start++) {
    if (!segmentAt(page, segment, start)) continue;
    const end = matchRest(page, words, gaps, k + 1, start + segment.length);
    if (end >= 0) return end;
  }
  return -1;
}

/** The span of an exact match (gaps honoured), or null. */
function exactMatch(page: PageIndex, elements: readonly QuoteElement[]): { start: number; end: number } | null {
  const { words, gaps } = segments(elements);
  const first = words[0];
  if (first === undefined || first.length === 0) return null;
  for (const start of firstSegmentStarts(page, first)) {
    if (!segmentAt(page, first, start)) continue;
    const end = matchRest(page, words, gaps, 1, start + first.length);
    if (end >= 0) return { start, end };
  }
  return null;
}

/**
 * What one page word that is not in the quotation costs, inside the aligned passage. Half a
 * word: "the drop in oil prices" for "the drop in gas prices" scores 4 of 5, while "the
 * pandemic and the drop in" does not get to count its first "the".
 */
const EXTRA_WORD_COST = 0.5;

/** A quote word, and whether the editor's gap before it lets page words pass for free. */
interface AlignedWord {
  word: QuoteWord;
  afterGap: boolean;
}

/**
 * Best alignment of the quotation with a passage starting anywhere in page tokens
 * [from, to): a quote word found scores 1, a quote word missing or replaced 0, a page word
 * inserted costs EXTRA_WORD_COST (nothing where the quote has a gap). Returns the score
 * and the span of page words that matched.
 */
function alignment(page: PageIndex, quote: readonly AlignedWord[], from: number, to: number) {
  const width = to - from;
  const columns = width + 1;
  // best[i][j]: value of aligning quote[i..] with the page from position from + j onwards.
  const best = new Float32Array((quote.length + 1) * columns);
  const at = (i: number, j: number): number => best[i * columns + j] ?? 0;
  const agrees = (i: number, j: number): boolean => quote[i]?.word.test(page.tokens[from + j]?.word ?? '') ?? false;
  const extraCost = (i: number): number => (quote[i]?.afterGap ? 0 : EXTRA_WORD_COST);
  for (let i = quote.length - 1; i >= 0; i--) {
    for (let j = width - 1; j >= 0; j--) {
      best[i * columns + j] = Math.max(
        agrees(i, j) ? at(i + 1, j + 1) + 1 : at(i + 1, j + 1),
        at(i + 1, j),
        at(i, j + 1) - extraCost(i),
      );
    }
  }
  let start = 0;
  for (let j = 1; j < width; j++) if (at(0, j) > at(0, start)) start = j;
  let first = -1;
  let last = -1;
  for (let i = 0, j = start; i < quote.length && j < width; ) {
    const value = at(i, j);
    if (agrees(i, j) && value === at(i + 1, j + 1) + 1) {
      if (first < 0) first = from + j;
      last = from + j;
      i++;
      j++;
    } else if (value === at(i + 1, j + 1)) {
      i++;
      j++;
    } else if (value === at(i + 1, j)) i++;
    else j++;
  }
  return { value: at(0, start), first, last };
}

/**
 * The stretch of page most like the quotation. Windows are seeded only at the positions of
 * the quote's rarest words, so the cost is a few hundred small alignments, not the quote
 * against every page position.
 */
function closestPassage(page: PageIndex, elements: readonly QuoteElement[]) {
  const quote: AlignedWord[] = [];
  elements.forEach((element, index) => {
    if (element.kind === 'word') quote.push({ word: element, afterGap: elements[index - 1]?.kind === 'gap' });
  });
  const gapWords = elements.reduce((sum, element) => sum + (element.kind === 'gap' ? element.maxWords : 0), 0);
  const slack = Math.max(3, Math.ceil(quote.length / 4));
  const anchors = quote
    .map(({ word }, index) => ({ index, positions: word.exact === null ? [] : (page.positions.get(word.exact) ?? []) }))
    .filter((anchor) => anchor.positions.length > 0)
    .sort((a, b) => a.positions.length - b.positions.length)
    .slice(0, FUZZY_ANCHOR_WORDS);
  const starts = new Set<number>();
  for (const anchor of anchors) {
    for (const position of anchor.positions) {
      if (starts.size >= MAX_FUZZY_WINDOWS) break;
      starts.add(Math.max(0, position - anchor.index - slack));
    }
  }
  let best = { score: 0, passage: null as string | null };
  for (const start of starts) {
    const end = Math.min(page.tokens.length, start + quote.length + 2 * slack + gapWords);
    const { value, first, last } = alignment(page, quote, start, end);
    const score = Math.max(0, value) / quote.length;
    if (score > best.score && first >= 0) {
      const from = page.tokens[first]?.start ?? 0;
      const to = page.tokens[last]?.end ?? from;
      best = { score, passage: page.text.slice(from, to).replace(/\s+/g, ' ') };
    }
  }
  return best;
}

/** The page a quotation is looked for in: its main text, and its words indexed on first use. */
export interface QuotedPage {
  text: string;
  index(): PageIndex;
}

/** `text` as a QuotedPage: indexed once, on the first index() call. */
export function quotedPage(text: string): QuotedPage {
  let index: PageIndex | null = null;
  return { text, index: () => (index ??= indexPage(text)) };
}

/** The quotation's words, when it is plain words only (no bracket, no gap): then it is found word for word or not at all without an index. */
function plainWords(elements: readonly QuoteElement[]): string[] | null {
  const words: string[] = [];
  for (const element of elements) {
    if (element.kind !== 'word' || element.exact === null) return null;
    words.push(element.exact);
  }
  return words;
}

/** Look for one quotation (editorial marks as written) in the page's main text. */
export function findQuotation(page: QuotedPage, quotation: string): QuotationCheck {
  const elements = parseQuotation(quotation);
  if (!elements.some((element) => element.kind === 'word')) {
    return { quotation, finding: 'unknown', score: 0, closest: null };
  }
  const plain = plainWords(elements);
  const exact = plain !== null ? containsWords(page.text, plain) : exactMatch(page.index(), elements) !== null;
  if (exact) return { quotation, finding: 'exact', score: 1, closest: null };
  const { score, passage } = closestPassage(page.index(), elements);
  const finding = score >= QUOTE_FUZZY_THRESHOLD ? 'fuzzy' : 'not_found';
  return { quotation, finding, score: roundScore(score), closest: passage };
}
