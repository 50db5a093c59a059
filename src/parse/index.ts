import { CitecheckError } from '../errors.js';
import type { Citation, CitationsFile, DateOrder, LintWarning, NoteStream } from '../types.js';
import { readClaims } from './claims.js';
import { DateVotes } from './dates.js';
import { noteParts, readNote, type ReadNote } from './fields.js';
import { markerWarnings, NoteLint, placeholderWarnings, quotationWarnings, sortWarnings } from './lint.js';
import { ByteLines, linesOfText, type Lines } from './lines.js';
import { findNotesBlock, isOneLine, noteText, scanLines, type LineScan, type NoteLineReader, type NoteLines } from './notes.js';
import { ReferenceResolver, type Resolution } from './refs.js';
import { SharedStrings } from './text.js';
import { documentTitle } from './title.js';

export { ByteLines, type Lines } from './lines.js';
export { readDocument } from './read.js';

/**
 * Parse a document's footnotes (its text, or its lines as readDocument reads them) into
 * citation records, with the claims the body makes for each and the lint an editor should see. Pure. Throws only NO_NOTES, when the text has
 * no line like `[1] Author, “Title,” …`.
 */
export function parseDocument(text: string | Lines, path: string): CitationsFile {
  const notes = parseNotes(text, path);
  const citations = [...notes.citations];
  return { schemaVersion: 1, document: notes.document, citations, warnings: notes.warnings() };
}

/**
 * parseDocument, one note at a time: each citation is made when it is asked for, so a caller
 * that writes it out and lets it go never holds them all (at 100,000 notes they were some
 * 50 MB on top of the document's text). The body's claims are read first, so each note comes
 * with its claims. Each note's text is read from `lines` when its turn comes: with
 * {@link ByteLines}, no note is decoded before it is needed nor held after. Throws NO_NOTES
 * at once, as parseDocument does.
 */
export function parseNotes(text: string | Lines, path: string): NoteStream {
  const lines = typeof text === 'string' ? linesOfText(text) : text;
  // Passed, not closed over: a closure here would keep the votes as long as the notes' generator.
  const firstLines = new FirstLineVotes(lines.length);
  const scan = scanLines(lines, firstLines);
  const block = findNotesBlock(scan);
  if (block === null || block.notes.length === 0) {
    close(lines);
    throw new CitecheckError('NO_NOTES', `${path}: no footnotes found (expected lines like "[1] Author, “Title,” …")`);
  }
  // The notes as written, not single-spaced as readNote reads them: white space is no part
  // of a numeric date, of what may stand beside one, or of a URL, so the same dates vote.
  // Their URLs' spans are found only for a date that may be in one.
  const dateOrder = dateOrderOf(lines, scan, block.notes, firstLines);
  // Where each marker's claim is; the claims themselves are read when their notes are.
  const body = readClaims(lines, block.bodyEnd);
  const hasNote: boolean[] = [];
  for (const note of block.notes) hasNote[note.number] = true;
  const placeholders = placeholderWarnings(lines, scan.placeholderLines);
  const markers = markerWarnings(body, hasNote);
  const { unattributed } = body;
  // Emptied as the notes are read.
  const notes: (NoteLines | undefined)[] = block.notes;
  const shared = new SharedStrings();
  const references = new ReferenceResolver(shared);
  const lint = new NoteLint((number) => body.isMarked(number));
  const document = { path, title: documentTitle(lines, block.bodyEnd), dateOrder };
  let started = false;
  let finished = false;
  let warnings: LintWarning[] | null = null;

  function* citations(): Generator<Citation> {
    try {
      for (let i = 0; i < notes.length; i += 1) {
        const note = notes[i] as NoteLines;
        notes[i] = undefined;
        const line = note.lineIndex + 1;
        const text = noteText(lines, note);
        const read = readNote(text, dateOrder, noteParts(text), shared);
        const citation = citationOf(note.number, text, line, read, references.resolve({ number: note.number, line, read }));
        // The claims go to the first note of a number only.
        if (lint.add(citation)) {
          citation.claims = body.claimsOf(citation.number);
        }
        yield citation;
      }
      finished = true;
    } finally {
      close(lines);
    }
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

/** Lines read from a document's file are read no more once the notes are: the file is closed. */
function close(lines: Lines): void {
  if (lines instanceof ByteLines) lines.close();
}

/** What each line that opens a note votes for the date order, by line, read as the scan reads the line. */
class FirstLineVotes implements NoteLineReader {
  private readonly votes = new DateVotes();
  /** Day-first and month-first votes of line i at 2i and 2i + 1. */
  private readonly byLine: Int32Array;

  constructor(lineCount: number) {
    this.byLine = new Int32Array(2 * lineCount);
  }

  add(text: string, index: number): void {
    const { dayFirst, monthFirst } = this.votes;
    this.votes.add({ text });
    this.byLine[2 * index] = this.votes.dayFirst - dayFirst;
    this.byLine[2 * index + 1] = this.votes.monthFirst - monthFirst;
  }

  addTo(votes: DateVotes, index: number): void {
    votes.dayFirst += this.byLine[2 * index] ?? 0;
    votes.monthFirst += this.byLine[2 * index + 1] ?? 0;
  }
}

/**
 * The date order of the notes (see inferDateOrder): a note of one line votes as its line
 * did in the scan; one that runs over more lines is read whole, its wrapped lines joined.
 */
function dateOrderOf(lines: Lines, scan: LineScan, notes: readonly NoteLines[], firstLines: FirstLineVotes): DateOrder {
  const votes = new DateVotes();
  for (const note of notes) {
    if (isOneLine(scan, note)) firstLines.addTo(votes, note.lineIndex);
    else votes.add({ text: noteText(lines, note) });
  }
  return votes.order;
}

/**
 * The record of one note. Fields are listed, not spread: an object built by a spread keeps
 * the properties it gains afterwards in a separate store, one more allocation per note.
 */
function citationOf(number: number, raw: string, line: number, read: ReadNote, resolution: Resolution): Citation {
  const { authors, title, publisher, published, accessed, urls, pages } = read.fields;
  return {
    number,
    kind: resolution.kind,
    refersTo: resolution.refersTo,
    raw,
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
