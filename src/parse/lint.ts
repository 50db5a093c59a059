import type { Citation, LintWarning } from '../types.js';
import type { MarkerClaim, UnattributedQuotation } from './claims.js';

/**
 * Text left from a template: "Title here" in Arabic (`العنوان هنا`) anywhere, in English
 * only as a whole line ("the author here argues" is prose), lorem ipsum; and the to-do
 * marks, in capitals only (Spanish `todo` is a word).
 */
const PLACEHOLDER = /العنوان هنا|النص هنا|اكتب هنا|عنوان فرعي هنا|\blorem ipsum\b|^[\s[(<«“"]*(?:(?:title|heading|subtitle|text|name|author) here|insert (?:the )?(?:title|text|heading))[\s\])>»”".:]*$/i;
const TODO = /\b(?:TODO|TBD|FIXME)\b/;
/**
 * What every placeholder or to-do mark contains (`هنا` "here" ends each Arabic one). Lines
 * without it, nearly all, are passed over by one search of the whole text for it, rather
 * than a search of each line (on a 10 MB document, the calls cost as much as the search).
 * None of its words spans a line break, so it finds the same lines.
 */
const PLACEHOLDER_HINT = /here|lorem|insert|هنا|TODO|TBD|FIXME/gi;

/** Lines that still hold template text; `text` is the lines joined by line breaks. */
export function placeholderWarnings(lines: readonly string[], text: string): LintWarning[] {
  const warnings: LintWarning[] = [];
  let index = 0;
  let lineStart = 0;
  PLACEHOLDER_HINT.lastIndex = 0;
  for (let hint = PLACEHOLDER_HINT.exec(text); hint !== null; hint = PLACEHOLDER_HINT.exec(text)) {
    while (lineStart + (lines[index]?.length ?? 0) < hint.index) {
      lineStart += (lines[index]?.length ?? 0) + 1;
      index += 1;
    }
    const line = lines[index] ?? '';
    const found = PLACEHOLDER.exec(line) ?? TODO.exec(line);
    if (found) {
      warnings.push({
        code: 'placeholder',
        message: `placeholder text left in the document: “${found[0]}”`,
        line: index + 1,
        note: null,
      });
    }
    // One warning a line at most: the search goes on from the next line.
    PLACEHOLDER_HINT.lastIndex = lineStart + line.length + 1;
  }
  return warnings;
}

export function isPlaceholder(line: string): boolean {
  return PLACEHOLDER.test(line) || TODO.test(line);
}

/**
 * Markers against notes: a marker with no note, or that comes back (repeated), or whose first
 * use comes after a higher number (out of order). `numbered[n]` is true when a note has the
 * number n. Numbers are marked in arrays (see claimsByNote): a Set of tens of thousands cost more.
 */
export function markerWarnings(markers: readonly MarkerClaim[], numbered: readonly boolean[]): LintWarning[] {
  const warnings: LintWarning[] = [];
  const seen: boolean[] = [];
  let highest = 0;
  for (const { number, claim } of markers) {
    const { line } = claim;
    if (numbered[number] !== true) {
      warnings.push({ code: 'marker_without_note', message: `marker [${number}] has no note`, line, note: number });
    }
    if (seen[number] === true) {
      warnings.push({ code: 'marker_repeated', message: `marker [${number}] is used again`, line, note: number });
    } else if (number < highest) {
      warnings.push({ code: 'marker_out_of_order', message: `marker [${number}] comes after marker [${highest}]`, line, note: number });
    }
    seen[number] = true;
    highest = Math.max(highest, number);
  }
  return warnings;
}

/**
 * The lint of the notes themselves, taken a note at a time as the parse makes them: a number
 * given to two notes, a full note that names nothing to look for, a note no marker cites.
 */
export class NoteLint {
  readonly noteWarnings: LintWarning[] = [];
  readonly neverCited: LintWarning[] = [];
  /** `numbered[n]`: a note with the number n has been added. */
  private readonly numbered: boolean[] = [];

  /** `marked[n]` is set when the body has a marker [n], until the first note [n] is added. */
  constructor(private readonly marked: readonly unknown[]) {}

  /** Returns whether `citation` is the first note with its number. */
  add({ number, line, kind, urls, title, authors }: Citation): boolean {
    const first = this.numbered[number] !== true;
    if (!first) this.noteWarnings.push({ code: 'note_repeated', message: `note [${number}] appears twice`, line, note: number });
    this.numbered[number] = true;
    if (kind === 'full' && urls.length === 0 && title === null && authors.length === 0) {
      this.noteWarnings.push({ code: 'note_without_source', message: `note [${number}] names no source`, line, note: number });
    }
    if (first && this.marked[number] === undefined) {
      this.neverCited.push({ code: 'note_never_cited', message: `note [${number}] is never cited in the body`, line, note: number });
    }
    return first;
  }
}

export function quotationWarnings(unattributed: readonly UnattributedQuotation[]): LintWarning[] {
  return unattributed.map(({ quotation, line }) => ({
    code: 'quotation_without_marker' as const,
    message: `quotation with no marker after it: “${shorten(quotation)}”`,
    line,
    note: null,
  }));
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Warnings in document order (then by note), so the output is stable and reads top to bottom. */
export function sortWarnings(warnings: readonly LintWarning[]): LintWarning[] {
  const rank = (value: number | null): number => value ?? Number.MAX_SAFE_INTEGER;
  return [...warnings].sort((a, b) => rank(a.line) - rank(b.line) || rank(a.note) - rank(b.note));
}
