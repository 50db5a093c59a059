import { CitecheckError } from '../errors.js';
import type { Citation, CitationsFile, Claim, LintWarning, NoteStream } from '../types.js';
import { readClaims, type MarkerClaim } from './claims.js';
import { inferDateOrder } from './dates.js';
import { noteParts, readNote, type ReadNote } from './fields.js';
import { markerWarnings, NoteLint, placeholderWarnings, quotationWarnings, sortWarnings } from './lint.js';
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
  const notes = parseNotes(text, path);
  const citations = [...notes.citations];
  return { schemaVersion: 1, document: notes.document, citations, warnings: notes.warnings() };
}

/**
 * parseDocument, one note at a time: each citation is made when it is asked for, so a caller
 * that writes it out and lets it go never holds them all (at 100,000 notes they were some
 * 50 MB on top of the document's text). The body's claims are read first, so each note comes
 * with its claims. Throws NO_NOTES at once, as parseDocument does.
 */
export function parseNotes(text: string, path: string): NoteStream {
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
  const body = readClaims(lines, block.bodyEnd);
  const claimsByNumber = claimsByNote(body.markers);
  // What needs the lines or the markers is done before the first note, so neither is held while
  // the notes are read (at 100,000 notes, some 15 MB).
  const hasNote: boolean[] = [];
  for (const note of block.notes) hasNote[note.number] = true;
  const placeholders = placeholderWarnings(lines, normalised);
  const markers = markerWarnings(body.markers, hasNote);
  const { unattributed } = body;
  // Emptied as the notes are read: each note's text and claims go with its citation.
  const noteTexts: (NoteText | undefined)[] = block.notes;
  const references = new ReferenceResolver();
  const lint = new NoteLint(claimsByNumber);
  const document = { path, title: documentTitle(lines, block.bodyEnd), dateOrder };
  let started = false;
  let finished = false;
  let warnings: LintWarning[] | null = null;

  function* citations(): Generator<Citation> {
    const shared = new SharedStrings();
    for (let i = 0; i < noteTexts.length; i += 1) {
      const note = noteTexts[i] as NoteText;
      noteTexts[i] = undefined;
      const line = note.lineIndex + 1;
      const read = readNote(note.text, dateOrder, noteParts(note.text), shared);
      const citation = citationOf(note, line, read, references.resolve({ number: note.number, line, read }));
      // The claims go to the first note of a number only.
      if (lint.add(citation)) {
        citation.claims = claimsByNumber[citation.number] ?? [];
        claimsByNumber[citation.number] = undefined;
      }
      yield citation;
    }
    finished = true;
  }

  return {
    document,
    citations: {
      [Symbol.iterator]() {
        // The resolver's state is the first pass's: a second would resolve every note twice.
        if (started) throw new Error('parseNotes: the notes can be read once');
        started = true;
        return citations();
      },
    },
    warnings() {
      if (!finished) throw new Error('parseNotes: warnings() asked for before every note was read');
      // Made once: `parse` asks for them to write and again to print, and a hostile document has hundreds of thousands.
      // flat(), not push(...list): a spread of a few hundred thousand warnings overflows the stack.
      warnings ??= sortWarnings([placeholders, lint.noteWarnings, markers, lint.neverCited, quotationWarnings(unattributed), references.warnings].flat());
      return warnings;
    },
  };
}

/**
 * The claims of each marker number, by number in an array, not a Map: note numbers are small
 * and nearly dense, and a Map's table for tens of thousands of notes, regrown as it filled,
 * was fresh memory to touch. A number far out of line (up to nine digits) makes the array
 * sparse, which still works.
 */
function claimsByNote(markers: readonly MarkerClaim[]): (Claim[] | undefined)[] {
  const byNumber: (Claim[] | undefined)[] = [];
  for (const { number, claim } of markers) {
    const claims = byNumber[number];
    // A literal, not push() onto []: push() makes room for 17 claims, and nearly every note has one.
    if (claims === undefined) byNumber[number] = [claim];
    else claims.push(claim);
  }
  return byNumber;
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
