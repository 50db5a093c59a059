import { allMatches, digitsValue, filtered, isDigit, type Span } from './text.js';

/** One note as written: its number, its text (wrapped lines joined) and where it starts. */
export interface NoteText {
  number: number;
  text: string;
  /** 0-based index of the note's first line. */
  lineIndex: number;
}

export interface NotesBlock {
  notes: NoteText[];
  /** 0-based index of the first line that is no longer body text (the heading, or the first note). */
  bodyEnd: number;
}

const NOTES_HEADINGS = new Set(['notes', 'endnotes', 'footnotes', 'references', 'sources', 'bibliography', 'works cited']);
const INLINE_MARKER = /\[\d{1,9}\]/;

/** Whether a line opens a note. */
function startsNote(line: string): boolean {
  return noteBracket(line) !== -1;
}

/**
 * Where the `[` is of a line that opens a note: `[n]` (one to nine digits) after nothing
 * but spaces, tabs and no-break spaces, as /^[ \t\u00a0]*\[(\d{1,9})\]/ finds it; -1 for
 * any other line. Read by hand: every line of the notes is looked at twice, and a match
 * object for each was garbage to collect.
 */
function noteBracket(line: string): number {
  let open = 0;
  while (open < line.length && isNoteSpace(line.charCodeAt(open))) open += 1;
  if (line.charCodeAt(open) !== 0x5b) return -1;
  let close = open + 1;
  while (close < line.length && isDigit(line.charCodeAt(close))) close += 1;
  const digits = close - open - 1;
  return digits >= 1 && digits <= 9 && line.charCodeAt(close) === 0x5d ? open : -1;
}

function isNoteSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0;
}

/**
 * Find the notes block: after the last heading such as `Notes` when one is followed by
 * notes; otherwise from the first line starting with `[n]` after the body's last inline
 * marker (body paragraphs carry markers mid-line, notes start with one). Null when none.
 */
export function findNotesBlock(lines: readonly string[]): NotesBlock | null {
  const start = blockStart(lines);
  if (start === null) return null;
  return { notes: splitNotes(lines, start.firstNote), bodyEnd: start.bodyEnd };
}

function blockStart(lines: readonly string[]): { firstNote: number; bodyEnd: number } | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (!isNotesHeading(lines[i] ?? '')) continue;
    const next = nextNonBlank(lines, i + 1);
    if (next !== null && startsNote(lines[next] ?? '')) return { firstNote: next, bodyEnd: i };
  }
  const first = firstNoteLine(lines, lastBodyMarkerLine(lines) + 1) ?? firstNoteLine(lines, 0);
  return first === null ? null : { firstNote: first, bodyEnd: first };
}

/**
 * Index of the last line with a marker mid-line (body text, not a note), or -1. Searched
 * from the end: only the notes and the body's last lines are read, not the whole body.
 */
function lastBodyMarkerLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i] ?? '';
    if (!startsNote(line) && INLINE_MARKER.test(line)) return i;
  }
  return -1;
}

/** `Notes`, `NOTES:`, `## References`, `**Endnotes**`. */
function isNotesHeading(line: string): boolean {
  if (line.length > 40 || line.trim() === '') return false;
  const words = line.replace(/[#*:]/g, ' ').trim().replace(/\s+/g, ' ').toLowerCase();
  return NOTES_HEADINGS.has(words);
}

function nextNonBlank(lines: readonly string[], from: number): number | null {
  for (let i = from; i < lines.length; i += 1) if ((lines[i] ?? '').trim() !== '') return i;
  return null;
}

function firstNoteLine(lines: readonly string[], from: number): number | null {
  for (let i = from; i < lines.length; i += 1) if (startsNote(lines[i] ?? '')) return i;
  return null;
}

/**
 * Every line starting with `[n]` opens a note; the lines after it, up to the next, continue it.
 * The text grows by concatenation, not a list of parts joined at the end: most notes are one
 * line, and their text is then that line's own string, with no list or copy made for it.
 */
function splitNotes(lines: readonly string[], from: number): NoteText[] {
  const notes: NoteText[] = [];
  let current: { number: number; text: string; lastPart: string; lineIndex: number } | null = null;
  const flush = (): void => {
    if (current) notes.push({ number: current.number, text: current.text.trim(), lineIndex: current.lineIndex });
  };
  for (let i = from; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const open = noteBracket(line);
    if (open !== -1) {
      flush();
      const close = line.indexOf(']', open);
      let start = close + 1;
      while (start < line.length && isNoteSpace(line.charCodeAt(start))) start += 1;
      const first = line.slice(start).trimEnd();
      current = { number: digitsValue(line, open + 1, close), text: first, lastPart: first, lineIndex: i };
    } else if (current && line.trim() !== '') {
      const part = joinsUrl(current.lastPart, line.trim()) ? line.trim() : ` ${line.trim()}`;
      current.text += part;
      current.lastPart = part;
    }
  }
  flush();
  return notes;
}

const URL_CHARS = /^[A-Za-z0-9\-._~%/?#&=+:;@!$'()*,[\]]+$/;

/**
 * Whether a continuation line carries on a URL that wrapped: the previous text ends in a
 * URL and the next line starts with URL characters that read as a path (a `/`, a digit…)
 * or the URL broke right after a separator. A plain word such as `accessed` does not join.
 */
export function joinsUrl(previous: string, next: string): boolean {
  const lastToken = previous.slice(Math.max(previous.lastIndexOf(' '), previous.lastIndexOf('\t')) + 1);
  if (!/^https?:\/\//i.test(lastToken)) return false;
  const firstToken = next.split(/\s/, 1)[0] ?? '';
  if (!URL_CHARS.test(firstToken)) return false;
  return /[/\-_=&?%#~]$/.test(lastToken) || /[/.?=&%#_\-~\d]/.test(firstToken);
}

const URL = /https?:\/\/[^\s<>"“”«»]+/gi;

/**
 * Every http(s) URL in a text, trailing punctuation that closes the sentence removed.
 * `spans` saves a second search when the caller already has urlSpans(text).
 */
export function extractUrls(text: string, spans = urlSpans(text)): string[] {
  return filtered(
    spans.map(({ start, end }) => trimUrl(text.slice(start, end))),
    (url) => /^https?:\/\/[^/]+/i.test(url),
  );
}

/** Spans of the URLs in a text, so other fields can be read with them taken out. */
export function urlSpans(text: string): Span[] {
  return allMatches(text, URL).map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

function trimUrl(url: string): string {
  let end = url.length;
  let opening = count(url, '(') - count(url, ')');
  let openingSquare = count(url, '[') - count(url, ']');
  for (;;) {
    const last = url[end - 1] ?? '';
    if ('.,;:!?\'’'.includes(last)) end -= 1;
    else if (last === ')' && opening < 0) [end, opening] = [end - 1, opening + 1];
    else if (last === ']' && openingSquare < 0) [end, openingSquare] = [end - 1, openingSquare + 1];
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  let found = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) found += 1;
  return found;
}
