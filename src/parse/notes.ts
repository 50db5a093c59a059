import type { Lines } from './lines.js';
import { mayHoldPlaceholder } from './lint.js';
import { allMatches, digitsValue, filtered, isDigit, type Span } from './text.js';

/**
 * One note as written: its number and the lines it spans, its text read by {@link noteText}
 * when it is needed, so that the notes' texts are never all held at once.
 */
export interface NoteLines {
  number: number;
  /** 0-based index of the note's first line. */
  lineIndex: number;
  /** 0-based index of the line after its last: the next note's first, or the end of the document. */
  lineEnd: number;
}

export interface NotesBlock {
  notes: NoteLines[];
  /** 0-based index of the first line that is no longer body text (the heading, or the first note). */
  bodyEnd: number;
}

const NOTES_HEADINGS = new Set(['notes', 'endnotes', 'footnotes', 'references', 'sources', 'bibliography', 'works cited']);
const INLINE_MARKER = /\[\d{1,9}\]/;

/**
 * Where the `[` is of a line that opens a note: `[n]` (one to nine digits) after nothing
 * but spaces, tabs and no-break spaces, as /^[ \t\u00a0]*\[(\d{1,9})\]/ finds it; -1 for
 * any other line. Read by hand: a match object for every line of the notes was garbage to
 * collect.
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

/** What the search for the notes block asks of a line besides the note it opens (see LineScan). */
const BLANK = 1;
const HEADING = 2;
const BODY_MARKER = 4;

/**
 * Each line read once for what the parse asks of every line: the number of the note it opens
 * (-1 for none); whether it is blank, a heading such as `Notes`, or body text with a marker
 * in it; and which lines may hold a placeholder. Reading a line of ByteLines decodes it, and
 * the search for the notes block, the split and the placeholder lint asked up to four times
 * of each line.
 */
export interface LineScan {
  readonly opens: Int32Array;
  readonly flags: Uint8Array;
  readonly placeholderLines: number[];
}

/**
 * Given the text of each line that opens a note (after its `[n]`, as a note of one line
 * reads), while the line is at hand: what is read of every note before the notes themselves
 * (the order of their dates) is read then, not from a second decode.
 */
export interface NoteLineReader {
  add(text: string, index: number): void;
}

export function scanLines(lines: Lines, noteLines?: NoteLineReader): LineScan {
  const opens = new Int32Array(lines.length);
  const flags = new Uint8Array(lines.length);
  const placeholderLines: number[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines.at(i) ?? '';
    const open = noteBracket(line);
    // Nine digits at most: within an Int32.
    opens[i] = open === -1 ? -1 : digitsValue(line, open + 1, line.indexOf(']', open));
    if (open !== -1) noteLines?.add(firstLineText(line, open).trim(), i);
    if (line.trim() === '') flags[i] = BLANK;
    else if (isNotesHeading(line)) flags[i] = HEADING;
    else if (open === -1 && INLINE_MARKER.test(line)) flags[i] = BODY_MARKER;
    if (mayHoldPlaceholder(line)) placeholderLines.push(i);
  }
  return { opens, flags, placeholderLines };
}

/**
 * Find the notes block: after the last heading such as `Notes` when one is followed by
 * notes; otherwise from the first line starting with `[n]` after the body's last inline
 * marker (body paragraphs carry markers mid-line, notes start with one). Null when none.
 */
export function findNotesBlock(scan: LineScan): NotesBlock | null {
  const start = blockStart(scan);
  if (start === null) return null;
  return { notes: splitNotes(scan, start.firstNote), bodyEnd: start.bodyEnd };
}

function blockStart(scan: LineScan): { firstNote: number; bodyEnd: number } | null {
  const { opens, flags } = scan;
  for (let i = flags.length - 1; i >= 0; i -= 1) {
    if (flags[i] !== HEADING) continue;
    const next = nextNonBlank(flags, i + 1);
    if (next !== null && opens[next] !== -1) return { firstNote: next, bodyEnd: i };
  }
  const first = firstNoteLine(opens, flags.lastIndexOf(BODY_MARKER) + 1) ?? firstNoteLine(opens, 0);
  return first === null ? null : { firstNote: first, bodyEnd: first };
}

/** `Notes`, `NOTES:`, `## References`, `**Endnotes**`. */
function isNotesHeading(line: string): boolean {
  if (line.length > 40) return false;
  const words = line.replace(/[#*:]/g, ' ').trim().replace(/\s+/g, ' ').toLowerCase();
  return NOTES_HEADINGS.has(words);
}

function nextNonBlank(flags: Uint8Array, from: number): number | null {
  for (let i = from; i < flags.length; i += 1) if (flags[i] !== BLANK) return i;
  return null;
}

function firstNoteLine(opens: Int32Array, from: number): number | null {
  for (let i = from; i < opens.length; i += 1) if (opens[i] !== -1) return i;
  return null;
}

/** Every line starting with `[n]` opens a note; the lines after it, up to the next, continue it. */
function splitNotes(scan: LineScan, from: number): NoteLines[] {
  const { opens } = scan;
  const notes: NoteLines[] = [];
  let current: NoteLines | null = null;
  for (let i = from; i < opens.length; i += 1) {
    const number = opens[i] ?? -1;
    if (number === -1) continue;
    if (current) current.lineEnd = i;
    current = { number, lineIndex: i, lineEnd: opens.length };
    notes.push(current);
  }
  return notes;
}

/**
 * A note's text: its lines after the `[n]`, wrapped lines joined (with a space, or without
 * one inside a URL), trimmed. The text grows by concatenation, not a list of parts joined at
 * the end: most notes are one line, and their text is then that line's own string.
 */
export function noteText(lines: Lines, note: NoteLines): string {
  const first = lines.at(note.lineIndex) ?? '';
  let text = firstLineText(first, noteBracket(first));
  let lastPart = text;
  for (let i = note.lineIndex + 1; i < note.lineEnd; i += 1) {
    const line = (lines.at(i) ?? '').trim();
    if (line === '') continue;
    const part = joinsUrl(lastPart, line) ? line : ` ${line}`;
    text += part;
    lastPart = part;
  }
  return text.trim();
}

/** Whether a note is its first line alone: every line after it, up to the next note, is blank. */
export function isOneLine(scan: LineScan, note: NoteLines): boolean {
  for (let i = note.lineIndex + 1; i < note.lineEnd; i += 1) if (scan.flags[i] !== BLANK) return false;
  return true;
}

/** The text of a note's first line, after its `[n]` (its `[` at `open`). */
function firstLineText(line: string, open: number): string {
  let start = line.indexOf(']', open) + 1;
  while (start < line.length && isNoteSpace(line.charCodeAt(start))) start += 1;
  return line.slice(start).trimEnd();
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
