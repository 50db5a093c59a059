import { mkdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sourceNumber, type NotesView, type SourcedNote } from '../report/index.js';
import type { Citation, CitationsFile, NoteStream } from '../types.js';
import { JsonTexts, jsonPieces, jsonText } from '../util/fs.js';
import { Chains, IntList, RecordSpool, TextSpool } from '../util/line-file.js';
import { detached } from '../util/text.js';
import type { ComparedCitation } from '../verify/index.js';
import type { UrlNumbers } from './result-store.js';

/** What verification and the archived-copy rescue read of a note: what a page is compared with, its number, and when it was accessed. */
export type ComparedNote = ComparedCitation & Pick<Citation, 'number' | 'accessed'>;

/** A note citing a URL, as verification reads it: with the quotations its full note is cited for. */
export interface CitingNote {
  document: string;
  citation: ComparedNote;
  quotations: string[];
}

/** One document of a run: what its report and its citations.json need besides the notes, which are read back. */
export interface StoredDocument extends NotesView {
  /** The notes, read back in order, as citations.json lays each out (see JsonTexts). */
  citationTexts(): Iterable<string>;
  /** Whether a note of this document cites `url`. */
  cites(url: string): boolean;
}

/**
 * A run's notes, in temp files beside the check output, read back when a URL's page arrives
 * and when the reports are written. A run holds where each note is and, per URL, which notes
 * cite it: at 100,000 notes the parsed notes were some 130 MB, alive from the parse to the
 * last report. Each note is kept twice: whole, laid out as citations.json lays it out (that
 * file copies it in place; the reports parse it), and as the few fields a page is compared
 * with, with its quotations: a run of 100,000 URLs read each note whole for that, and those
 * reads were the largest JSON.parse of the check.
 */
export interface CitationStore extends UrlNumbers {
  /** Keep a document's notes as they are read: none of them is held after this. */
  add(notes: NoteStream): StoredDocument;
  readonly documents: readonly StoredDocument[];
  /** The distinct URLs cited, in the order of their first citation. */
  urls(): string[];
  has(url: string): boolean;
  /** The notes citing `url`, in the documents' order, once per time each cites it. */
  notesCiting(url: string): CitingNote[];
  /** Delete the file. */
  close(): Promise<void>;
}

/** A note as the comparing spool keeps it. */
interface ComparedLine {
  citation: ComparedNote;
  quotations: string[];
}

/** `beside`: the check output's path; a store left by a killed run goes with that file's next write. */
export async function createCitationStore(beside: string): Promise<CitationStore> {
  const made = await mkdir(dirname(beside), { recursive: true });
  const texts = new TextSpool(beside);
  const comparing = new RecordSpool<ComparedLine>(beside);
  // By note ordinal: the ordinal of the note whose URLs it stands for (its own for most).
  const sourceOf = new IntList();
  const links = new UrlLinks();
  const documents: (StoredDocument & Range)[] = [];
  let closed = false;

  const documentOf = (ordinal: number): StoredDocument => documents.find((d) => ordinal < d.end) as StoredDocument;

  return {
    add(notes) {
      const first = texts.size;
      // The ordinal of the last note with each number: what a note referring to that number means.
      const lastByNumber = new Map<number, number>();
      // Notes that refer to a number, as (ordinal, number) pairs, and the quotations lent to each
      // number: resolved once every note is in, since a citations.json may refer forward.
      const referring = new IntList();
      const lent = new Map<number, string[]>();
      // Notes without a URL: nothing of theirs is checked, so nothing is lent to them.
      const withoutUrls = new Set<number>();
      // Counted here rather than by countNotes: its list and set of every URL came on top of the parse's peak.
      const counts = { notes: 0, sources: 0, urls: 0 };
      for (const citation of notes.citations) {
        counts.notes += 1;
        if (citation.kind === 'full') counts.sources += 1;
        const ordinal = texts.append(jsonText(citation));
        comparing.append({ citation: comparedNote(citation), quotations: citation.urls.length > 0 ? quotationsOf(citation) : [] });
        lastByNumber.set(citation.number, ordinal);
        const number = sourceNumber(citation);
        sourceOf.push(ordinal);
        if (number !== null) {
          referring.push(ordinal);
          referring.push(number);
        }
        for (const url of citation.urls) if (links.add(url, ordinal) < first) counts.urls += 1;
        if (citation.urls.length === 0) {
          withoutUrls.add(ordinal);
          lend(lent, citation.refersTo ?? citation.number, quotationsOf(citation));
        }
      }
      for (let i = 0; i < referring.size; i += 2) {
        const ordinal = referring.get(i);
        sourceOf.set(ordinal, lastByNumber.get(referring.get(i + 1)) ?? ordinal);
      }
      for (const [number, quotations] of lent) {
        const target = lastByNumber.get(number);
        if (target === undefined || withoutUrls.has(target)) continue;
        const stored = comparing.read(target);
        // concat, not push(...): a hostile document can lend one note hundreds of thousands.
        comparing.replace(target, { citation: stored.citation, quotations: stored.quotations.concat(quotations) });
      }
      texts.flush();
      comparing.flush();
      const range = { first, end: texts.size };
      // Copies: the parsed strings may be slices of the document's text, and would keep all of it alive.
      const kept = JSON.parse(JSON.stringify({ document: notes.document, warnings: notes.warnings() })) as Pick<CitationsFile, 'document' | 'warnings'>;
      const stored: StoredDocument & Range = {
        ...kept,
        ...range,
        counts,
        *notes(): Generator<SourcedNote> {
          // Ibid. notes follow the note they stand for: the last one read is kept for the next.
          let sourceAt = -1;
          let source: Citation | null = null;
          for (let ordinal = first; ordinal < range.end; ordinal += 1) {
            const citation = JSON.parse(texts.read(ordinal)) as Citation;
            const at = sourceOf.get(ordinal);
            if (at === ordinal) {
              yield { citation, source: citation };
              continue;
            }
            if (at !== sourceAt) {
              source = JSON.parse(texts.read(at)) as Citation;
              sourceAt = at;
            }
            yield { citation, source: source as Citation };
          }
        },
        *citationTexts() {
          for (let ordinal = first; ordinal < range.end; ordinal += 1) yield texts.read(ordinal);
        },
        cites: (url) => links.some(url, (ordinal) => ordinal >= first && ordinal < range.end),
      };
      documents.push(stored);
      return stored;
    },
    documents,
    urls: () => links.urls(),
    has: (url) => links.numberOf(url) !== -1,
    get urlCount() {
      return links.count;
    },
    urlNumber: (url) => links.numberOf(url),
    notesCiting(url) {
      const notes: CitingNote[] = [];
      links.forEach(url, (ordinal) => {
        const { citation, quotations } = comparing.read(ordinal);
        notes.push({ document: documentOf(ordinal).document.path, citation, quotations });
      });
      return notes;
    },
    async close() {
      if (closed) return;
      closed = true;
      await texts.close();
      await comparing.close();
      if (made !== undefined) await removeEmptyFolders(dirname(beside), made);
    },
  };
}

/**
 * A run that stops before it writes anything (a document that does not parse, a locked
 * archive) leaves no folder the store made either; a folder with anything in it stays.
 */
async function removeEmptyFolders(from: string, upTo: string): Promise<void> {
  for (let folder = from; ; folder = dirname(folder)) {
    const removed = await rmdir(folder).then(
      () => true,
      () => false,
    );
    if (!removed || folder === upTo || dirname(folder) === folder) return;
  }
}

/** A document's citations.json, made in pieces from its notes as they are read back: the same text as jsonPieces of the file. */
export function citationsFilePieces(stored: StoredDocument): Iterable<string> {
  return jsonPieces({ schemaVersion: 1, document: stored.document, citations: new JsonTexts(() => stored.citationTexts()), warnings: stored.warnings });
}

interface Range {
  first: number;
  end: number;
}

/**
 * Which notes cite each URL, as linked lists in typed arrays: most URLs have one note, and an
 * array each cost more than the note's ordinal.
 */
class UrlLinks {
  /** A chain per URL, numbered in the order of first citation; a link per citing, its note's ordinal in noteOf. */
  private readonly slots = new Map<string, number>();
  private readonly chains = new Chains();
  private readonly noteOf = new IntList();

  /** Returns the ordinal of the note that cited `url` before, -1 for none. */
  add(url: string, ordinal: number): number {
    let slot = this.slots.get(url);
    if (slot === undefined) {
      slot = this.chains.newChain();
      this.slots.set(detached(url), slot);
    }
    const previous = this.chains.last(slot);
    this.noteOf.push(ordinal);
    this.chains.append(slot);
    return previous === -1 ? -1 : this.noteOf.get(previous);
  }

  get count(): number {
    return this.slots.size;
  }

  /** URLs are numbered in the order of their first citation. */
  numberOf(url: string): number {
    return this.slots.get(url) ?? -1;
  }

  urls(): string[] {
    return [...this.slots.keys()];
  }

  forEach(url: string, each: (ordinal: number) => void): void {
    this.some(url, (ordinal) => {
      each(ordinal);
      return false;
    });
  }

  some(url: string, test: (ordinal: number) => boolean): boolean {
    const slot = this.slots.get(url);
    if (slot === undefined) return false;
    for (let link = this.chains.first(slot); link !== -1; link = this.chains.next(link)) if (test(this.noteOf.get(link))) return true;
    return false;
  }
}

/**
 * Quotations a note without a URL (an Ibid. or short form) is cited for are searched in the
 * page of the note it refers to (the last with that number): they are gathered while the
 * document's notes are read, and join that note's stored line, written anew, at the end.
 */
function lend(lent: Map<number, string[]>, number: number, quotations: string[]): void {
  if (quotations.length === 0) return;
  const list = lent.get(number);
  if (list === undefined) lent.set(number, quotations);
  else list.push(...quotations);
}

function comparedNote({ number, title, authors, published, accessed }: Citation): ComparedNote {
  return { number, title, authors, published, accessed };
}

function quotationsOf(citation: Citation): string[] {
  return citation.claims.flatMap((claim) => claim.quotations);
}
