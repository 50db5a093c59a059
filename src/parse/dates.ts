import type { DateOrder } from '../types.js';
import { urlSpans as findUrlSpans } from './notes.js';
import { allMatches, byStart, digitsValue, isDigit, type Span } from './text.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])/g;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const DAY_MONTH_YEAR = new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[ \\t]+${MONTH}\\.?,?[ \\t]+(\\d{4})(?!\\d)`, 'gi');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\.?[ \\t]+(\\d{1,2})(?:st|nd|rd|th)?,?[ \\t]+(\\d{4})(?!\\d)`, 'gi');
const MONTH_YEAR = new RegExp(`\\b${MONTH}\\.?,?[ \\t]+(\\d{4})(?!\\d)`, 'gi');
/** What each of the three patterns with a month name needs: a word starting like a month. */
const MONTH_START = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** A date found in text, as an ISO 8601 string (`2021-07-26`, or `2021-07` when no day is given). */
export interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

/**
 * A text whose numbers may be dates, except in the spans (URLs: `/2021/07/26/`) that say
 * nothing of the writer's habit. Without `urlSpans`, they are found when a date needs them.
 */
export interface DatedText {
  text: string;
  urlSpans?: readonly Span[];
}

/**
 * Day-first or month-first, from the numeric dates of a document's texts (its notes): a
 * first number above 12 can only be a day, a second above 12 only a day too. Day-first
 * when nothing settles it, as in the documents this tool was written for. The texts are
 * searched one by one, as if joined by line breaks, without the copy a join would make.
 * Dates inside URLs are skipped rather than cut out (a copy of every note): a URL starts
 * with `http` and runs to a space or quotation mark, so no date runs into one, and the
 * date pattern's look-around sees a non-digit beside it either way. So the dates found are
 * those of the text with its URLs replaced by spaces, as readNote reads it.
 */
export function inferDateOrder(texts: Iterable<DatedText>): DateOrder {
  const votes = new DateVotes();
  for (const dated of texts) votes.add(dated);
  return votes.order;
}

/** The numeric dates that settle the order, counted text by text (see inferDateOrder). */
export class DateVotes {
  dayFirst = 0;
  monthFirst = 0;

  add(dated: DatedText): void {
    const { text } = dated;
    // A URL has `://` after its `http` or `https`: a date before the first `://`, less
    // those five letters, is in no URL, and the spans are not needed. In a note that
    // cites a link at its end, that is every date.
    const colon = text.indexOf('://');
    const urlsFrom = colon === -1 ? Number.POSITIVE_INFINITY : colon - 'https'.length;
    let urlSpans: readonly Span[] | null = null;
    // Matches and spans both come in text order: one walk over the spans, not one per match.
    let span = 0;
    for (let match = firstMatch(NUMERIC, text); match !== null; match = NUMERIC.exec(text)) {
      if (match.index >= urlsFrom) {
        urlSpans ??= dated.urlSpans ?? findUrlSpans(text);
        while ((urlSpans[span]?.end ?? Number.POSITIVE_INFINITY) <= match.index) span += 1;
        if ((urlSpans[span]?.start ?? Number.POSITIVE_INFINITY) <= match.index) continue;
      }
      if (Number(match[1]) > 12) this.dayFirst += 1;
      if (Number(match[3]) > 12) this.monthFirst += 1;
    }
  }

  get order(): DateOrder {
    return this.monthFirst > this.dayFirst ? 'MDY' : 'DMY';
  }
}

/** Every valid date in a text, in reading order, numeric ones read in `order`. */
export function findDates(text: string, order: DateOrder): readonly FoundDate[] {
  const found: FoundDate[] = [];
  if (!/\d/.test(text)) return found;
  // An ISO date has hyphens: a note without one (most, with dates like 26/7/2021) is not searched for it.
  if (text.includes('-')) {
    for (let m = firstMatch(ISO, text); m !== null; m = ISO.exec(text)) add(found, m, m[1] ?? '', Number(m[2]), Number(m[3]));
  }
  for (let m = firstMatch(NUMERIC, text); m !== null; m = NUMERIC.exec(text)) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    add(found, m, m[4] ?? '', order === 'DMY' ? second : first, order === 'DMY' ? first : second);
  }
  // Many notes write dates in figures only: one search rules out the three month-name patterns.
  if (MONTH_START.test(text)) {
    for (const m of allMatches(text, DAY_MONTH_YEAR)) add(found, m, m[3] ?? '', monthNumber(m[2]), Number(m[1]));
    for (const m of allMatches(text, MONTH_DAY_YEAR)) add(found, m, m[3] ?? '', monthNumber(m[1]), Number(m[2]));
    for (const m of allMatches(text, MONTH_YEAR)) add(found, m, m[2] ?? '', monthNumber(m[1]), null);
  }
  return byStart(found);
}

/** The first match of a global pattern, which the caller's exec() loop goes on from; none of these patterns matches empty text. */
function firstMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

/** A date found, unless it is no calendar date or overlaps one found before it. */
function add(found: FoundDate[], match: RegExpExecArray, year: string, month: number, day: number | null): void {
  const start = match.index;
  const end = start + match[0].length;
  const iso = isoDate(year, month, day);
  if (iso !== null && !found.some((date) => start < date.end && end > date.start)) found.push({ iso, start, end });
}

/** Whether a text has a word starting like a month's name: without one, no date in words can be found in it. */
export function mayNameMonth(text: string): boolean {
  return MONTH_START.test(text);
}

/**
 * The date `d/m/yyyy` (`m/d/yyyy` when `order` is MDY) that ends at `end` and has a space
 * before it, as findDates reads it when it is followed by a comma or a space: where it
 * starts and its ISO string. Null when no such date ends there, or it is no calendar date.
 */
export function slashDateEndingAt(text: string, end: number, order: DateOrder): { start: number; iso: string } | null {
  const yearStart = end - 4;
  if (yearStart < 1 || !isDigits(text, yearStart, end) || text.charCodeAt(yearStart - 1) !== SLASH) return null;
  const secondStart = digitsStartBefore(text, yearStart - 1);
  if (secondStart === null || text.charCodeAt(secondStart - 1) !== SLASH) return null;
  const firstStart = digitsStartBefore(text, secondStart - 1);
  if (firstStart === null || text.charCodeAt(firstStart - 1) !== SPACE) return null;
  const first = digitsValue(text, firstStart, secondStart - 1);
  const second = digitsValue(text, secondStart, yearStart - 1);
  const year = digitsValue(text, yearStart, end);
  const iso = calendarIso(year, order === 'DMY' ? second : first, order === 'DMY' ? first : second);
  return iso === null ? null : { start: firstStart, iso };
}


const SLASH = 0x2f;
const SPACE = 0x20;

function isDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Start of the one or two digits that end at `end` with no third before them; null otherwise. */
function digitsStartBefore(text: string, end: number): number | null {
  let start = end;
  while (start > 0 && end - start < 3 && isDigit(text.charCodeAt(start - 1))) start -= 1;
  const length = end - start;
  return length === 0 || length === 3 ? null : start;
}

function monthNumber(name: string | undefined): number {
  return MONTHS[(name ?? '').toLowerCase()] ?? 0;
}

/**
 * The ISO strings made so far, by year, month and day: a document repeats the same few
 * hundred dates, and one string each, rather than one per note, is less for the garbage
 * collector to copy while the citations are being built. Bounded, for a document of
 * nothing but distinct dates.
 */
const isoStrings = new Map<number, string>();
const MOST_ISO_STRINGS = 20_000;

/** Two-digit years are read as 20yy below 50 and 19yy from 50 (a note citing 1998 as `98`). */
function isoDate(yearText: string, month: number, day: number | null): string | null {
  const short = Number(yearText);
  return calendarIso(yearText.length === 2 ? (short < 50 ? 2000 + short : 1900 + short) : short, month, day);
}

/** The ISO string of a calendar date (or month, when `day` is null); null when there is no such date. */
function calendarIso(year: number, month: number, day: number | null): string | null {
  if (month < 1 || month > 12 || year < 1000) return null;
  if (day !== null && (day < 1 || day > daysInMonth(year, month))) return null;
  // Day 0 stands for "no day": a valid day is at least 1.
  const key = (year * 100 + month) * 100 + (day ?? 0);
  let iso = isoStrings.get(key);
  if (iso === undefined) {
    const mm = String(month).padStart(2, '0');
    iso = day === null ? `${year}-${mm}` : `${year}-${mm}-${String(day).padStart(2, '0')}`;
    if (isoStrings.size >= MOST_ISO_STRINGS) isoStrings.clear();
    isoStrings.set(key, iso);
  }
  return iso;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian calendar, computed: a Date object per date read was a cost on large documents. */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}
