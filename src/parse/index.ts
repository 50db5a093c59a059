import { CitecheckError } from '../errors.js';
import type { Citation, CitationsFile } from '../types.js';
import { readClaims } from './claims.js';
import { inferDateOrder } from './dates.js';
import { noteParts, readNote, type ReadNote } from './fields.js';
import { markerWarnings, noteWarnings, placeholderWarnings, quotationWarnings, sortWarnings } from './lint.js';
import { findNotesBlock, type NoteText } from './notes.js';
import { ReferenceResolver, type Resolution } from './refs.js';
import { normaliseText, SharedStrings } from './text.js';
import { documentTitle } from './title.js';

export { readDocument } from './read.js';

/**
 * Parse a document's footnotes into citation records, with the claims the body makes for
 * each and the lint an editor should see. Pure. Throws only NO_NOTES, when the text has
 * no line like `[1] Author, “Title,” …`.
 */
export function parseDocument(text: string, path: string): CitationsFile {
  const normalised = normaliseText(text);
  const lines = normalised.split('\n');
  const block = findNotesBlock(lines);
  if (block === null || block.notes.length === 0) {
    throw new CitecheckError('NO_NOTES', `${path}: no footnotes found (expected lines like "[1] Author, “Title,” …")`);
  }
  // The notes as written, not single-spaced as readNote reads them: white space is no part
  // of a numeric date, of what may stand beside one, or of a URL, so the same dates vote.
  // Their URLs' spans are found only for a date that may be in one.
  const dateOrder = inferDateOrder(block.notes);
  const references = new ReferenceResolver();
  const shared = new SharedStrings();
  // Each note read, resolved and made a citation at once: the readings die young, and the
  // garbage collector does not copy them from generation to generation.
  const citations = block.notes.map((note): Citation => {
    const line = note.lineIndex + 1;
    const read = readNote(note.text, dateOrder, noteParts(note.text), shared);
    return citationOf(note, line, read, references.resolve({ number: note.number, line, read }));
  });
  const body = readClaims(lines, block.bodyEnd);
  // By number in an array, not a Map: note numbers are small and nearly dense, and a Map's
  // table for tens of thousands of notes, regrown as it filled, was fresh memory to touch.
  // A number far out of line (up to nine digits) makes the array sparse, which still works.
  const firstByNumber: (Citation | undefined)[] = [];
  for (const citation of citations) firstByNumber[citation.number] ??= citation;
  for (const { number, claim } of body.markers) {
    const citation = firstByNumber[number];
    if (citation === undefined) continue;
    // A literal, not push() onto []: push() makes room for 17 claims, and nearly every note has one.
    if (citation.claims.length === 0) citation.claims = [claim];
    else citation.claims.push(claim);
  }
  // flat(), not push(...list): a spread of a few hundred thousand warnings overflows the stack.
  const warnings = [
    placeholderWarnings(lines, normalised),
    noteWarnings(citations),
    markerWarnings(body.markers, citations, firstByNumber),
    quotationWarnings(body.unattributed),
    references.warnings,
  ].flat();
  return {
    schemaVersion: 1,
    document: { path, title: documentTitle(lines, block.bodyEnd), dateOrder },
    citations,
    warnings: sortWarnings(warnings),
  };
}

/**
 * The record of one note. Fields are listed, not spread: an object built by a spread keeps
 * the properties it gains afterwards in a separate store, one more allocation per note.
 */
function citationOf(note: NoteText, line: number, read: ReadNote, resolution: Resolution): Citation {
  const { authors, title, publisher, published, accessed, urls, pages } = read.fields;
  return {
    number: note.number,
    kind: resolution.kind,
    refersTo: resolution.refersTo,
    raw: note.text,
    authors,
    title,
    publisher,
    published,
    accessed,
    urls,
    pages,
    claims: [],
    line,
  };
}
