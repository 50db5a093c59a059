import { singleSpaced } from './text.js';

/** Closing marks each opening mark accepts; mixed pairs (`“…"`) occur in real documents. */
const CLOSERS: Record<string, string> = {
  '“': '”"',
  '"': '"”',
  '„': '“”"',
  '«': '»',
};

export interface QuotedSpan {
  /** The text between the marks, exactly as written. */
  inner: string;
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
}

/** Every quoted passage in a text, in order. An opening mark never closed is not a quotation. */
export function findQuoted(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  let open = -1;
  let closers = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (open === -1) {
      const accepted = CLOSERS[char];
      if (accepted !== undefined) {
        open = i;
        closers = accepted;
      }
    } else if (closers.includes(char)) {
      spans.push({ inner: text.slice(open + 1, i), start: open, end: i + 1 });
      open = -1;
    }
  }
  return spans;
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
  if (/\.\.\.$|…$/.test(trimmed)) return trimmed;
  return trimmed.replace(/[.,،]$/, '').trimEnd();
}
