import type { Claim } from '../types.js';
import { findQuoted, quotationText } from './quotes.js';
import { allMatches, filtered, singleSpaced } from './text.js';

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

const MARKER = /\[(\d{1,9})\]/g;

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
    for (const match of allMatches(paragraph.text, MARKER)) {
      const span = paragraph.text.slice(spanStart, match.index);
      const line = lineAt(paragraph, match.index);
      const claim: Claim =
        previous !== null && span.trim() === ''
          ? { ...previous, quotations: [...previous.quotations], line }
          : { text: claimText(span), quotations: quotations(span), line };
      markers.push({ number: Number(match[1]), claim });
      previous = claim;
      spanStart = match.index + match[0].length;
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

/** The span without the punctuation left over from the marker before it (`, and …`). */
function claimText(span: string): string {
  return singleSpaced(span).replace(/^[\s,;:.]+/, '').trim();
}

function quotations(span: string): string[] {
  return filtered(
    findQuoted(span).map((quoted) => quotationText(quoted.inner)),
    (quotation) => quotation !== '',
  );
}
