import type { DateOrder } from '../types.js';
import { mayNameMonth, slashDateEndingAt } from './dates.js';
import { quotedAt, type QuotedSpan } from './quotes.js';
import type { Span } from './text.js';

/**
 * A note in the house style of the documents this tool was written for, every part found
 * by its place: `Authors, “Title,” Publisher, 26/7/2021, accessed on 4/8/2021, at: URL`.
 */
export interface HouseStyleNote {
  quoted: QuotedSpan;
  /** What stands between the title's closing mark and the first date, as written. */
  publisher: string;
  published: string;
  accessed: string;
}

const ACCESSED_ON = ', accessed on ';
const AT = ', at: ';
const COMMA = ', ';
/** What would make the general reading find more than a publisher between the title and the first date. */
const NOT_A_PLAIN_PUBLISHER = /[\d,،()]/;

/**
 * The note's parts when it is written exactly in the house style, with nothing the general
 * reading (readNote) would read otherwise: one URL, ending the note, after `, at: `; the
 * accessed date in figures after `, accessed on `; the published date in figures after
 * `, `; before it, a quotation, then a publisher with no digit, comma, parenthesis or word
 * starting like a month. Null for any other note, which readNote then reads in full. Most
 * notes of a large document take this path: a few comparisons instead of a dozen searches
 * and copies of the note each.
 */
export function readHouseStyle(text: string, urlSpans: readonly Span[], order: DateOrder): HouseStyleNote | null {
  const url = urlSpans[0];
  if (urlSpans.length !== 1 || url === undefined || url.end !== text.length) return null;
  const atStart = url.start - AT.length;
  if (atStart < 0 || !text.startsWith(AT, atStart)) return null;
  const accessed = slashDateEndingAt(text, atStart, order);
  if (accessed === null) return null;
  const accessedOn = accessed.start - ACCESSED_ON.length;
  if (accessedOn < 0 || !text.startsWith(ACCESSED_ON, accessedOn)) return null;
  const published = slashDateEndingAt(text, accessedOn, order);
  if (published === null) return null;
  const infoEnd = published.start - COMMA.length;
  if (infoEnd < 0 || !text.startsWith(COMMA, infoEnd)) return null;
  const quoted = quotedAt(text, 0, infoEnd);
  if (quoted === null) return null;
  const publisher = text.slice(quoted.end, infoEnd);
  if (NOT_A_PLAIN_PUBLISHER.test(publisher) || mayNameMonth(publisher)) return null;
  return { quoted, publisher, published: published.iso, accessed: accessed.iso };
}
