import { singleSpaced } from './text.js';

/** Closing marks each opening mark accepts; mixed pairs (`“…"`) occur in real documents. */
const CLOSERS: Record<string, RegExp> = {
  '“': /[”"]/g,
  '"': /["”]/g,
  '„': /[“”"]/g,
  '«': /»/g,
};

export interface QuotedSpan {
  /** The text between the marks, exactly as written. */
  inner: string;
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
}

const OPENING = /["“„«]/g;

/** Every quoted passage in a text, in order. An opening mark never closed is not a quotation. */
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
 * Jumping from mark to mark with a regex, not reading every character: the body of a
 * 10 MB document is mostly text between quotations, and a loop over its characters was
 * slower than the pattern's scan.
 */
export function quotedAt(text: string, from: number, end: number): QuotedSpan | null {
  OPENING.lastIndex = from;
  const opening = OPENING.exec(text);
  if (opening === null || opening.index >= end) return null;
  const open = opening.index;
  const closing = CLOSERS[opening[0]];
  if (closing) closing.lastIndex = open + 1;
  const close = closing?.exec(text)?.index ?? -1;
  if (close === -1 || close >= end) return null;
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
