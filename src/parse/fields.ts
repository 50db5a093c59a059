import type { Citation, DateOrder } from '../types.js';
import { splitAuthors } from './authors.js';
import { findDates } from './dates.js';
import { extractUrls, urlSpans } from './notes.js';
import { readHouseStyle, type HouseStyleNote } from './house-style.js';
import { findQuoted, quotationText } from './quotes.js';
import { SharedStrings, singleSpaced, trimEndPunctuation, withoutSpans, type Span } from './text.js';

/** What one note says, read field by field. */
export type NoteFields = Pick<Citation, 'authors' | 'title' | 'publisher' | 'published' | 'accessed' | 'urls' | 'pages'>;

/** How the note refers to its source, before short forms are matched. */
export type NoteForm = 'ibid' | 'short' | 'full';

export interface ReadNote {
  form: NoteForm;
  fields: NoteFields;
  /** True when the title came from quotation marks; an unquoted lone name may be an author or a title. */
  quotedTitle: boolean;
}

const IBID = /^(?:ibid(?:em)?\b\.?|المرجع نفسه|المصدر نفسه)/i;
const PAGES = /\bpp?\.[ \t]*\d+(?:[ \t]*[-–—][ \t]*\d+)?/;
const OP_CIT = /\bop\.?[ \t]*cit\b\.?/i;
/** English, and the Arabic `شوهد في` ("seen on") of the same house style. */
const ACCESS_WORDS = /(?:accessed|retrieved|viewed|consulted|visited|شوهد|تاريخ الدخول)(?:[ \t]+(?:on|في))?[ \t]*:?[ \t]*$/i;
const FILLER = /^(?:at|available at|available from|retrieved from|from|online|url|link|in|في)[ \t]*:?$/i;
const PUBLICATION_INFO = /\(([^()]*)\)/;

/** A note single-spaced, with its URLs and where they are in it. */
export interface NoteParts {
  text: string;
  urls: string[];
  urlSpans: Span[];
}

export function noteParts(note: string): NoteParts {
  // No-break spaces and tabs read as plain spaces, so fields compare equal to page metadata.
  const text = singleSpaced(note);
  const spans = urlSpans(text);
  return { text, urls: extractUrls(text, spans), urlSpans: spans };
}

/**
 * Read a note's fields: `Authors, “Title,” Publisher, 26/7/2021, accessed on 4/8/2021, at: URL`.
 * `parts` saves splitting the note again when the caller already has noteParts(note);
 * `shared` keeps one copy of each author and publisher across the notes of a document.
 */
export function readNote(note: string, order: DateOrder, parts = noteParts(note), shared = new SharedStrings()): ReadNote {
  const { text, urls } = parts;
  const house = readHouseStyle(text, parts.urlSpans, order);
  // Its URL and dates at the end, the note cannot be an Ibid. for IBID to see past them.
  if (house !== null && !IBID.test(text.trimStart()) && !OP_CIT.test(house.publisher)) return houseStyleNote(text, urls, house, shared);
  return readNoteInFull(parts, order, shared);
}

/** The general reading of a note, whatever its style; readNote takes a shorter way for the house style, to the same result. */
export function readNoteInFull(parts: NoteParts, order: DateOrder, shared = new SharedStrings()): ReadNote {
  const { text, urls } = parts;
  const withoutUrls = withoutSpans(text, parts.urlSpans);
  if (IBID.test(withoutUrls.trim())) {
    return { form: 'ibid', fields: fieldsWith(urls, PAGES.exec(withoutUrls)?.[0] ?? null), quotedTitle: false };
  }
  const quoted = findQuoted(withoutUrls)[0];
  // Up to the first URL, withoutUrls reads as the note's text. Cut from the text, the author
  // and title share the document's string; cut from withoutUrls, each would keep that whole
  // copy of the note alive as long as the citation.
  const source = quoted && quoted.end <= (parts.urlSpans[0]?.start ?? text.length) ? text : withoutUrls;
  const lead = quoted ? source.slice(0, quoted.start) : '';
  let rest = quoted ? withoutUrls.slice(quoted.end) : withoutUrls;

  const { accessed, published, remaining } = readDates(rest, order);
  rest = remaining;
  const pagesMatch = PAGES.exec(rest);
  const pages = pagesMatch?.[0] ?? null;
  rest = withoutMatch(rest, pagesMatch);
  const opCitMatch = OP_CIT.exec(rest);
  const opCit = opCitMatch !== null;
  rest = withoutMatch(rest, opCitMatch);
  const info = PUBLICATION_INFO.exec(rest);
  rest = withoutMatch(rest, info);
  const infoPublisher = info ? publisherFromInfo(info[1] ?? '') : null;
  const year = info ? /(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)/.exec(info[1] ?? '')?.[1] ?? null : null;
  const segments = splitSegments(rest);

  const fields = fieldsWith(urls, pages, accessed, published ?? year);
  // An interview is described, not titled: `Interview with an Iraqi official, Baghdad, 2/8/2021`.
  const describesInterview = !quoted && /\binterview|مقابلة/i.test(segments[0] ?? '');
  let publisher: string | null;
  if (quoted) {
    fields.authors = shared.each(splitAuthors(lead));
    fields.title = titleText(source.slice(quoted.start + 1, quoted.end - 1));
    publisher = segments[0] ?? infoPublisher;
  } else if (describesInterview || (segments.length === 1 && (urls.length > 0 || fields.published !== null))) {
    fields.title = segments[0] ?? null;
    publisher = infoPublisher;
  } else {
    fields.authors = shared.each(splitAuthors(segments[0] ?? ''));
    fields.title = segments[1] ?? null;
    publisher = segments[2] ?? infoPublisher;
  }
  fields.publisher = publisher === null ? null : shared.of(publisher);
  return { form: isShort(fields, opCit, describesInterview) ? 'short' : 'full', fields, quotedTitle: quoted !== undefined };
}

/**
 * A note in the house style, read as the general reading would read it: authors before
 * the quotation, the title inside it, the publisher as its one segment (splitSegments).
 */
function houseStyleNote(text: string, urls: string[], house: HouseStyleNote, shared: SharedStrings): ReadNote {
  const { quoted } = house;
  const fields = fieldsWith(urls, null, house.accessed, house.published);
  fields.authors = shared.each(splitAuthors(text.slice(0, quoted.start)));
  fields.title = titleText(text.slice(quoted.start + 1, quoted.end - 1));
  const publisher = segmentText(house.publisher);
  fields.publisher = isNamed(publisher) ? shared.of(publisher) : null;
  return { form: isShort(fields, false, false) ? 'short' : 'full', fields, quotedTitle: true };
}

/**
 * A short form names a work already cited and nothing else: no link, no date, no publisher.
 * An interview note without a date is still a full note (there is nothing earlier to match).
 */
function isShort(fields: NoteFields, opCit: boolean, describesInterview: boolean): boolean {
  if (opCit) return true;
  const bare = fields.urls.length === 0 && !fields.published && !fields.accessed && !fields.publisher;
  return bare && (fields.authors.length > 0 || fields.title !== null) && !describesInterview;
}

function readDates(text: string, order: DateOrder): { accessed: string | null; published: string | null; remaining: string } {
  let accessed: string | null = null;
  let published: string | null = null;
  const spans: Span[] = [];
  for (const date of findDates(text, order)) {
    const before = text.slice(Math.max(0, date.start - 40), date.start);
    const access = ACCESS_WORDS.exec(before);
    if (access && accessed === null) {
      accessed = date.iso;
      spans.push({ start: date.start - (before.length - access.index), end: date.end });
    } else {
      published ??= date.iso;
      spans.push(date);
    }
  }
  return { accessed, published, remaining: withoutSpans(text, spans) };
}

/** The text with the match (of a regex run on it) replaced by a space; one search, not two. */
function withoutMatch(text: string, match: RegExpExecArray | null): string {
  return match ? `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}` : text;
}

/** `New York: Penguin, 2020` → `Penguin`. */
function publisherFromInfo(info: string): string | null {
  const afterPlace = info.includes(':') ? info.slice(info.indexOf(':') + 1) : info;
  const name = trimEndPunctuation(afterPlace.replace(/(?<!\d)\d{4}(?!\d)/, '').trim());
  return /\p{L}/u.test(name) ? name : null;
}

function splitSegments(text: string): string[] {
  return text.split(/[,،]/).map(segmentText).filter(isNamed);
}

/** A segment between commas, without the words that introduce a link and its closing punctuation. */
function segmentText(segment: string): string {
  return trimEndPunctuation(segment.trim().replace(/^(?:at|available at)[ \t]*:[ \t]*/i, ''));
}

/** A segment that names something: it has a letter and is not a filler such as `online`. */
function isNamed(segment: string): boolean {
  return /\p{L}/u.test(segment) && !FILLER.test(segment);
}

/** The title without its closing comma or period (`“Joint Statement.”` → `Joint Statement`). */
function titleText(inner: string): string | null {
  const title = quotationText(inner);
  return title === '' ? null : title;
}

/** The fields found before author, title and publisher are read; one object, not a spread of an empty one. */
function fieldsWith(urls: string[], pages: string | null, accessed: string | null = null, published: string | null = null): NoteFields {
  return { authors: [], title: null, publisher: null, published, accessed, urls, pages };
}
