import { detached } from '../util/text.js';

/** Text as every parse step expects it: no byte-order mark, `\n` line ends only. */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Looking costs far less than a replace() that finds nothing in 10 MB.
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

/** Words for comparing names and titles: case, curly apostrophes and punctuation ignored. */
export function comparableWords(value: string): string[] {
  // NFKC folds ligatures and full-width forms; ASCII has none, and skipping it is much faster.
  return (/^[\x00-\x7f]*$/.test(value) ? value : value.normalize('NFKC'))
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => trimChars(word, "'"))
    .filter((word) => word.length > 0);
}

/**
 * A field without the punctuation that closes it in the note (`Kullab.` → `Kullab`), but
 * keeping the period of an abbreviation or initial (`U.S.`, `John F.`, `Jr.`, `Inc.`).
 */
export function trimEndPunctuation(value: string): string {
  const trimmed = trimEndChars(value, ' \t\n\u00a0,;:،');
  // Most fields end in a letter: nothing more to take off, and no need to run the pattern below over them.
  if (!trimmed.endsWith('.')) return trimmed;
  if (/(?:^|[\s.,])(?:\p{Lu}|Jr|Sr|Inc|Ltd|Co|St)\.$/u.test(trimmed)) return trimmed;
  return trimEndChars(trimEndChars(trimmed, '.'), ' \t\n\u00a0');
}

// Trimming by hand: a regex such as /[,;:]+$/ retries from every position of a long run
// and takes quadratic time on text built to do that.
function trimEndChars(value: string, chars: string): string {
  let end = value.length;
  while (end > 0 && chars.includes(value[end - 1] ?? '')) end -= 1;
  return value.slice(0, end);
}

function trimChars(value: string, chars: string): string {
  let start = 0;
  while (start < value.length && chars.includes(value[start] ?? '')) start += 1;
  return trimEndChars(value.slice(start), chars);
}

/** Each run of white space (tabs, no-break spaces, line ends too) as one plain space. */
export function singleSpaced(text: string): string {
  // Most notes and claims are already single-spaced; a global replace would copy them anyway,
  // and for a 10 MB document those copies were a good part of the garbage collector's work.
  // The pattern's scan, not a loop over charCodeAt(): on slices of a large document's text,
  // the loop was the slower by half.
  return /[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Where a piece of a text is: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** The text with each span replaced by a space, so the pieces around it do not run together. */
export function withoutSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  let result = '';
  let at = 0;
  for (const span of byStart(spans)) {
    if (span.start < at) continue;
    result += `${text.slice(at, span.start)} `;
    at = span.end;
  }
  return result + text.slice(at);
}

/**
 * Spans (or dates) by start offset. They nearly always come in order already, and sort()
 * on a copy cost an allocation per note that showed up in the garbage collector's work.
 */
export function byStart<T extends { start: number }>(spans: readonly T[]): readonly T[] {
  const inOrder = spans.every((span, i) => i === 0 || (spans[i - 1]?.start ?? 0) <= span.start);
  return inOrder ? spans : [...spans].sort((a, b) => a.start - b.start);
}

/**
 * Every match of a global regex, as [...text.matchAll(pattern)] gives them, without the
 * copy of the regex that matchAll makes on each call: run on each of tens of thousands of
 * notes, that copy was most of its cost.
 */
export function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match);
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return found;
}

/**
 * list.filter(keep), or the list itself when every element stays. filter() grows its result
 * as push() does, with room for 17 elements: kept in every citation of a 10 MB document, such
 * arrays were a quarter of the heap the garbage collector had to copy.
 */
export function filtered<T>(list: T[], keep: (item: T) => boolean): T[] {
  return list.every(keep) ? list : list.filter(keep);
}

/**
 * One string for each distinct value: names and publishers come back note after note, and
 * one kept string each, not one per note, is less for the garbage collector to copy while a
 * large document's citations are built. Made per document, so that nothing of one document
 * (a slice keeps its whole text alive) outlives its parse.
 */
export class SharedStrings {
  private readonly strings = new Map<string, string>();
  /** Lists by their one string, and longer lists by their JSON: two maps, so no name passes for a list. */
  private readonly soleLists = new Map<string, readonly string[]>();
  private readonly lists = new Map<string, readonly string[]>();

  of(value: string): string {
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept;
    const copy = detached(value);
    this.strings.set(copy, copy);
    return copy;
  }

  /** The list with each string replaced by its shared copy, in place: the list is new and the caller's. */
  each(values: string[]): string[] {
    for (let i = 0; i < values.length; i += 1) values[i] = this.of(values[i] ?? '');
    return values;
  }

  /**
   * One list for each distinct list of shared strings, for a list kept long after its note:
   * the reference index keeps every full note's authors until a short form asks, and 100,000
   * lists for a handful of distinct ones were 12 MB of the parse's peak. Not to be changed.
   */
  list(values: readonly string[]): readonly string[] {
    const sole = values.length === 1 ? values[0] : undefined;
    const lists = sole === undefined ? this.lists : this.soleLists;
    // Most lists are of one name: the name is the key, with no key to make.
    const key = sole ?? JSON.stringify(values);
    const kept = lists.get(key);
    if (kept !== undefined) return kept;
    const list = [...values];
    lists.set(key, list);
    return list;
  }
}

/** An ASCII digit, as \d reads one. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The number the ASCII digits from `start` to `end` write, read without a slice of the text for Number(). */
export function digitsValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}
