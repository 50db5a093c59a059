import type { Claim } from '../types.js';
import { findQuoted, quotationText } from './quotes.js';
import { digitsValue, filtered, isDigit, isWhiteSpace, singleSpaced } from './text.js';

/** A marker `[n]` in the body, with the claim it closes. */
export interface MarkerClaim {
  number: number;
  claim: Claim;
}

/** A quotation after a paragraph's last marker: nothing says where it comes from. */
export interface UnattributedQuotation {
  quotation: string;
  line: number;
}

export interface BodyClaims {
  markers: MarkerClaim[];
  unattributed: UnattributedQuotation[];
}

interface Paragraph {
  text: string;
  /** Offset in `text` where each line starts, with the line's 0-based index. */
  lineStarts: { offset: number; index: number }[];
}

/**
 * Read the body's markers in order. The claim a marker closes runs from the previous
 * marker in the same paragraph (or the paragraph start) to the marker; markers side by
 * side (`[2][3]`) share the claim before them.
 */
export function readClaims(lines: readonly string[], bodyEnd: number): BodyClaims {
  const markers: MarkerClaim[] = [];
  const unattributed: UnattributedQuotation[] = [];
  for (const paragraph of paragraphs(lines, bodyEnd)) {
    let spanStart = 0;
    let previous: Claim | null = null;
    const { text } = paragraph;
    for (let open = text.indexOf('['); open !== -1; open = text.indexOf('[', open + 1)) {
      const end = markerEnd(text, open);
      if (end === -1) continue;
      const span = text.slice(spanStart, open);
      const line = lineAt(paragraph, open);
      const claim: Claim =
        previous !== null && span.trim() === ''
          ? { ...previous, quotations: [...previous.quotations], line }
          : { text: claimText(span), quotations: quotations(span), line };
      markers.push({ number: digitsValue(text, open + 1, end - 1), claim });
      previous = claim;
      spanStart = end;
    }
    for (const quoted of findQuoted(paragraph.text.slice(spanStart))) {
      const quotation = quotationText(quoted.inner);
      if (quotation !== '') unattributed.push({ quotation, line: lineAt(paragraph, spanStart + quoted.start) });
    }
  }
  return { markers, unattributed };
}

function paragraphs(lines: readonly string[], bodyEnd: number): Paragraph[] {
  const found: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (let index = 0; index < bodyEnd; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (current === null) {
      current = { text: '', lineStarts: [] };
      found.push(current);
    } else {
      current.text += ' ';
    }
    current.lineStarts.push({ offset: current.text.length, index });
    current.text += line;
  }
  return found;
}

/** 1-based line of an offset in a paragraph (binary search: paragraphs can be long). */
function lineAt(paragraph: Paragraph, offset: number): number {
  let low = 0;
  let high = paragraph.lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((paragraph.lineStarts[middle]?.offset ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return (paragraph.lineStarts[low]?.index ?? 0) + 1;
}

/**
 * Just after the marker `[n]` (one to nine digits) whose `[` is at `open`; -1 when none
 * opens there, as /\[(\d{1,9})\]/g finds it. Read by hand: a match object for each of a large
 * document's markers was garbage to collect.
 */
function markerEnd(text: string, open: number): number {
  let close = open + 1;
  while (close < text.length && isDigit(text.charCodeAt(close))) close += 1;
  const digits = close - open - 1;
  return digits >= 1 && digits <= 9 && text.charCodeAt(close) === 0x5d ? close + 1 : -1;
}

/** The span without the punctuation left over from the marker before it (`, and …`), as /^[\s,;:.]+/ finds it. */
function claimText(span: string): string {
  const spaced = singleSpaced(span);
  let start = 0;
  while (start < spaced.length && isLeftOver(spaced.charCodeAt(start))) start += 1;
  return (start === 0 ? spaced : spaced.slice(start)).trim();
}

function isLeftOver(code: number): boolean {
  return code === 0x2c || code === 0x3b || code === 0x3a || code === 0x2e || isWhiteSpace(code);
}

function quotations(span: string): string[] {
  return filtered(
    findQuoted(span).map((quoted) => quotationText(quoted.inner)),
    (quotation) => quotation !== '',
  );
}
