import type { FieldCheck } from '../types.js';
import { roundScore, squash } from './normalize.js';

/** The surname in "First Last" or "Last, First", folded. */
function surname(author: string): string {
  const name = author.includes(',') ? (author.split(',')[0] ?? '') : author;
  const words = squash(name).split(' ');
  return words[words.length - 1] ?? '';
}

/**
 * The note's authors against the page's author metadata and byline. A page with no author
 * information says nothing either way (`unknown`), nor does a note without authors (an
 * institution publishing in its own name).
 */
export function checkAuthors(cited: readonly string[], pageAuthors: readonly string[], byline: string): FieldCheck {
  const surnames = cited.map(surname).filter((name) => name !== '');
  const pageText = ` ${squash([...pageAuthors, byline].join(' '))} `;
  const expected = cited.length > 0 ? cited.join('; ') : null;
  const found = pageAuthors.length > 0 ? pageAuthors.join('; ') : byline !== '' ? byline : null;
  if (surnames.length === 0 || pageText.trim() === '') return { verdict: 'unknown', score: null, expected, found };
  const present = surnames.filter((name) => pageText.includes(` ${name} `)).length;
  const score = present / surnames.length;
  const verdict = score === 1 ? 'match' : score > 0 ? 'partial' : 'mismatch';
  return { verdict, score: roundScore(score), expected, found };
}

const DAY_MS = 86_400_000;
/** A page stamped in another time zone may show the next or previous calendar day. */
const DATE_TOLERANCE_DAYS = 1;

/** The calendar day a page date names, in the page's own zone (its written date part). */
function calendarDay(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (match) return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return null;
  const date = new Date(parsed);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/**
 * The note's date against the page's: within a day either way matches, since a note
 * written in Baghdad and a page stamped in New York can honestly differ by one.
 * A note dated only to the month or year matches a page date inside it.
 */
export function checkDate(cited: string | null, pagePublished: string | null): FieldCheck {
  const unknown: FieldCheck = { verdict: 'unknown', score: null, expected: cited, found: pagePublished };
  if (cited === null || pagePublished === null) return unknown;
  const pageDay = calendarDay(pagePublished);
  if (pageDay === null) return unknown;
  if (/^\d{4}(-\d{2})?$/.test(cited)) {
    const same = new Date(pageDay).toISOString().startsWith(cited);
    return { ...unknown, verdict: same ? 'match' : 'mismatch', score: same ? 1 : 0 };
  }
  const citedDay = calendarDay(cited);
  if (citedDay === null) return unknown;
  const days = Math.abs(pageDay - citedDay) / DAY_MS;
  const close = days <= DATE_TOLERANCE_DAYS;
  return { ...unknown, verdict: close ? 'match' : 'mismatch', score: close ? 1 : 0 };
}
