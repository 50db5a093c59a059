import { singleSpaced } from './text.js';

export interface QuotedSpan {
  /** The text between the marks, exactly as written. */
  inner: string;
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
}

const STRAIGHT = 0x22; // "
const LEFT = 0x201c; // “
const RIGHT = 0x201d; // ”
const LOW = 0x201e; // „
const LEFT_GUILLEMET = 0xab; // «
const RIGHT_GUILLEMET = 0xbb; // »

/** Whether `close` ends a quotation opened by `open`; mixed pairs (`“…"`) occur in real documents. */
function closes(open: number, close: number): boolean {
  if (open === LEFT || open === STRAIGHT) return close === RIGHT || close === STRAIGHT;
  if (open === LOW) return close === LEFT || close === RIGHT || close === STRAIGHT;
  return close === RIGHT_GUILLEMET;
}

function isOpening(code: number): boolean {
  return code === STRAIGHT || code === LEFT || code === LOW || code === LEFT_GUILLEMET;
}

/**
 * Every quoted passage in a text, in order. An opening mark never closed is not a quotation.
 * Read character by character, not with a search per mark: each search made a match
 * object, and on every note and claim of a large document those were garbage to collect.
 */
export function findQuoted(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  for (let quoted = quotedAt(text, 0, text.length); quoted !== null; quoted = quotedAt(text, quoted.end, text.length)) {
    spans.push(quoted);
  }
  return spans;
}

/**
 * The first quoted passage of `text` that opens at or after `from`, read as if the text
 * ended at `end`; null when no mark opens there, or the first one is not closed before `end`.
 */
export function quotedAt(text: string, from: number, end: number): QuotedSpan | null {
  let open = from;
  while (open < end && !isOpening(text.charCodeAt(open))) open += 1;
  if (open >= end) return null;
  const mark = text.charCodeAt(open);
  let close = open + 1;
  while (close < end && !closes(mark, text.charCodeAt(close))) close += 1;
  if (close >= end) return null;
  return { inner: text.slice(open + 1, close), start: open, end: close + 1 };
}

/**
 * A quotation as the source would have it, runs of spaces (no-break ones too) read as one
 * space. Editorial marks (`[which]`, `…`) stay. The one comma (`,` or Arabic `،`) or period
 * before the closing mark goes: the American convention puts it inside the quotation marks
 * whatever the source says (“…regional integration,” quotes a sentence that continues).
 * An ellipsis is kept: it is the writer's own mark.
 */
export function quotationText(inner: string): string {
  const trimmed = singleSpaced(inner).trim();
  if (trimmed.endsWith('...') || trimmed.endsWith('…')) return trimmed;
  // The last character looked at directly: a pattern ending in $ is tried from every position.
  const last = trimmed[trimmed.length - 1];
  return last === '.' || last === ',' || last === '،' ? trimmed.slice(0, -1).trimEnd() : trimmed;
}
