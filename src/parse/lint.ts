import type { Citation, LintWarning } from '../types.js';
import type { BodyClaims, UnattributedQuotation } from './claims.js';
import type { Lines } from './lines.js';

/**
 * Text left from a template: "Title here" in Arabic (`العنوان هنا`) anywhere, in English
 * only as a whole line ("the author here argues" is prose), lorem ipsum; and the to-do
 * marks, in capitals only (Spanish `todo` is a word).
 */
const PLACEHOLDER = /العنوان هنا|النص هنا|اكتب هنا|عنوان فرعي هنا|\blorem ipsum\b|^[\s[(<«“"]*(?:(?:title|heading|subtitle|text|name|author) here|insert (?:the )?(?:title|text|heading))[\s\])>»”".:]*$/i;
const TODO = /\b(?:TODO|TBD|FIXME)\b/;
/** What every placeholder or to-do mark contains (`هنا` "here" ends each Arabic one). */
const PLACEHOLDER_HINT = /here|lorem|insert|هنا|TODO|TBD|FIXME/i;

/** Whether a line may hold template text: nearly every line is passed over by one search, not two. */
export function mayHoldPlaceholder(line: string): boolean {
  return PLACEHOLDER_HINT.test(line);
}

/** The lines among `candidates` (those that may hold one) that still hold template text. */
export function placeholderWarnings(lines: Lines, candidates: readonly number[]): LintWarning[] {
  const warnings: LintWarning[] = [];
  for (const index of candidates) {
    const line = lines.at(index) ?? '';
    const found = PLACEHOLDER.exec(line) ?? TODO.exec(line);
    if (found) {
      warnings.push({
        code: 'placeholder',
        message: `placeholder text left in the document: “${found[0]}”`,
        line: index + 1,
        note: null,
      });
    }
  }
  return warnings;
}

export function isPlaceholder(line: string): boolean {
  return PLACEHOLDER.test(line) || TODO.test(line);
}

/**
 * Markers against notes: a marker with no note, or that comes back (repeated), or whose first
 * use comes after a higher number (out of order). `numbered[n]` is true when a note has the
 * number n. Numbers are marked in arrays: a Set of tens of thousands cost more.
 */
export function markerWarnings(markers: BodyClaims, numbered: readonly boolean[]): LintWarning[] {
  const warnings: LintWarning[] = [];
  const seen: boolean[] = [];
  let highest = 0;
  for (let marker = 0; marker < markers.count; marker += 1) {
    const number = markers.numberAt(marker);
    const line = markers.lineAt(marker);
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

  /** `isMarked(n)`: the body has a marker [n]. */
  constructor(private readonly isMarked: (number: number) => boolean) {}

  /** Returns whether `citation` is the first note with its number. */
  add({ number, line, kind, urls, title, authors }: Citation): boolean {
    const first = this.numbered[number] !== true;
    if (!first) this.noteWarnings.push({ code: 'note_repeated', message: `note [${number}] appears twice`, line, note: number });
    this.numbered[number] = true;
    if (kind === 'full' && urls.length === 0 && title === null && authors.length === 0) {
      this.noteWarnings.push({ code: 'note_without_source', message: `note [${number}] names no source`, line, note: number });
    }
    if (first && !this.isMarked(number)) {
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
