import type { Claim } from '../types.js';
import { IntList } from '../util/line-file.js';
import { isWhiteSpace } from '../util/text.js';
import type { Lines } from './lines.js';
import { findQuoted, quotationText } from './quotes.js';
import { digitsValue, filtered, isDigit, singleSpaced } from './text.js';

/** A quotation after a paragraph's last marker: nothing says where it comes from. */
export interface UnattributedQuotation {
  quotation: string;
  line: number;
}

/** A paragraph longer than this is kept once read: read again for each of its claims, a huge one would make the parse quadratic. */
const KEPT_PARAGRAPH_CHARS = 16 * 1024;

/**
 * The body's markers, in order, each with where the claim it closes is: the claim's text and
 * quotations are read from the body again when a note asks for them (claimsOf), not held
 * from the start of the parse to their note. At 100,000 notes the claims held were some
 * 45 MB, with the body's text they were cut from. Paragraphs are read again a line at a
 * time, so nothing of the body is held but the last paragraph read and any long ones.
 */
export class BodyClaims {
  readonly unattributed: UnattributedQuotation[] = [];
  // Per marker, in order: its number, its 1-based line, its paragraph, and where in the
  // paragraph's text its claim starts and ends. Markers side by side share a claim's span.
  private readonly numbers = new IntList();
  private readonly lines = new IntList();
  private readonly paragraphs = new IntList();
  private readonly starts = new IntList();
  private readonly ends = new IntList();
  /**
   * The next marker with the same number, -1 for none; the first and last of each number, by
   * number in arrays, not Maps: numbers are small and nearly dense (one far out of line makes
   * an array sparse, which still works).
   */
  private readonly nextOfNumber = new IntList();
  private readonly firstOfNumber: (number | undefined)[] = [];
  private readonly lastOfNumber: number[] = [];
  // Per paragraph: its first line and the line after its last.
  private readonly firstLines = new IntList();
  private readonly endLines = new IntList();
  private readonly keptParagraphs = new Map<number, string>();
  private lastParagraph = { index: -1, text: '' };

  constructor(private readonly source: Lines) {}

  get count(): number {
    return this.numbers.size;
  }

  numberAt(marker: number): number {
    return this.numbers.get(marker);
  }

  lineAt(marker: number): number {
    return this.lines.get(marker);
  }

  isMarked(number: number): boolean {
    return this.firstOfNumber[number] !== undefined;
  }

  /** The claims the markers numbered `number` close, in the body's order. */
  claimsOf(number: number): Claim[] {
    const claims: Claim[] = [];
    for (let marker = this.firstOfNumber[number] ?? -1; marker !== -1; marker = this.nextOfNumber.get(marker)) claims.push(this.claimAt(marker));
    return claims;
  }

  claimAt(marker: number): Claim {
    const span = this.paragraphText(this.paragraphs.get(marker)).slice(this.starts.get(marker), this.ends.get(marker));
    return { text: claimText(span), quotations: quotations(span), line: this.lines.get(marker) };
  }

  /** @internal readClaims's: a paragraph of the body, lines `first` to before `end`, its text as read then. */
  addParagraph(first: number, end: number, text: string): number {
    const index = this.firstLines.push(first);
    this.endLines.push(end);
    this.lastParagraph = { index, text };
    if (text.length > KEPT_PARAGRAPH_CHARS) this.keptParagraphs.set(index, text);
    return index;
  }

  /** @internal readClaims's: a marker, and the span of the paragraph that is its claim. */
  addMarker(number: number, line: number, paragraph: number, start: number, end: number): void {
    const marker = this.numbers.push(number);
    this.lines.push(line);
    this.paragraphs.push(paragraph);
    this.starts.push(start);
    this.ends.push(end);
    this.nextOfNumber.push(-1);
    if (this.firstOfNumber[number] === undefined) this.firstOfNumber[number] = marker;
    else this.nextOfNumber.set(this.lastOfNumber[number] ?? marker, marker);
    this.lastOfNumber[number] = marker;
  }

  private paragraphText(index: number): string {
    if (index === this.lastParagraph.index) return this.lastParagraph.text;
    const text = this.keptParagraphs.get(index) ?? joinedLines(this.source, this.firstLines.get(index), this.endLines.get(index));
    this.lastParagraph = { index, text };
    return text;
  }
}

/**
 * Read the body's markers in order. The claim a marker closes runs from the previous
 * marker in the same paragraph (or the paragraph start) to the marker; markers side by
 * side (`[2][3]`) share the claim before them.
 */
export function readClaims(lines: Lines, bodyEnd: number): BodyClaims {
  const body = new BodyClaims(lines);
  forEachParagraph(lines, bodyEnd, (first, end, text, lineStarts) => {
    const paragraph = body.addParagraph(first, end, text);
    const lineOf = (offset: number): number => lineAt(lineStarts, first, offset);
    let spanStart = 0;
    let claimStart = -1;
    let claimEnd = -1;
    for (let open = text.indexOf('['); open !== -1; open = text.indexOf('[', open + 1)) {
      const end = markerEnd(text, open);
      if (end === -1) continue;
      if (claimStart === -1 || !isBlank(text, spanStart, open)) {
        claimStart = spanStart;
        claimEnd = open;
      }
      body.addMarker(digitsValue(text, open + 1, end - 1), lineOf(open), paragraph, claimStart, claimEnd);
      spanStart = end;
    }
    for (const quoted of findQuoted(text.slice(spanStart))) {
      const quotation = quotationText(quoted.inner);
      if (quotation !== '') body.unattributed.push({ quotation, line: lineOf(spanStart + quoted.start) });
    }
  });
  return body;
}

/** Whether text[from, to) is white space only, as `text.slice(from, to).trim() === ''` says, without the slice. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isWhiteSpace(text.charCodeAt(i))) return false;
  return true;
}

/** A paragraph's text, as forEachParagraph makes it: its lines joined by a space. */
function joinedLines(lines: Lines, first: number, end: number): string {
  let text = lines.at(first) ?? '';
  for (let index = first + 1; index < end; index += 1) text += ` ${lines.at(index) ?? ''}`;
  return text;
}

/**
 * Each paragraph of the body (lines up to a blank one): its first line, the line after its
 * last, its text (joinedLines) and where each of its lines starts in the text
 * (`lineStarts[k]` for line `first + k`).
 */
function forEachParagraph(lines: Lines, bodyEnd: number, visit: (first: number, end: number, text: string, lineStarts: number[]) => void): void {
  let first = -1;
  let text = '';
  let lineStarts: number[] = [];
  for (let index = 0; index <= bodyEnd; index += 1) {
    const line = index < bodyEnd ? (lines.at(index) ?? '') : '';
    if (line.trim() === '') {
      if (first !== -1) visit(first, index, text, lineStarts);
      first = -1;
      continue;
    }
    if (first === -1) {
      first = index;
      text = '';
      lineStarts = [];
    } else {
      text += ' ';
    }
    lineStarts.push(text.length);
    text += line;
  }
}

/** 1-based line of an offset in a paragraph (binary search: paragraphs can be long). */
function lineAt(lineStarts: readonly number[], first: number, offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return first + low + 1;
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
