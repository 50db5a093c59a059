import { mkdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sourceNumber, type NotesView, type SourcedNote } from '../report/index.js';
import type { Citation, CitationsFile } from '../types.js';
import { ArrayStream, jsonPieces } from '../util/fs.js';
import { IntList, RecordSpool } from '../util/line-file.js';
import type { UrlNumbers } from './result-store.js';

/** A note citing a URL, as verification reads it: with the quotations its full note is cited for. */
export interface CitingNote {
  document: string;
  citation: Citation;
  quotations: string[];
}

/** One document of a run: what its report and its citations.json need besides the notes, which are read back. */
export interface StoredDocument extends NotesView {
  /** The notes, read back in order. */
  citations(): Iterable<Citation>;
  /** Whether a note of this document cites `url`. */
  cites(url: string): boolean;
}

/**
 * A run's notes, one JSON line each in a temp file beside the check output, read back when a
 * URL's page arrives and when the reports are written. A run holds where each line is and, per
 * URL, which notes cite it: at 100,000 notes the parsed notes were some 130 MB, alive from the
 * parse to the last report.
 */
export interface CitationStore extends UrlNumbers {
  /** Keep a parsed document's notes; the file's citations need not be held after this. */
  add(file: CitationsFile): StoredDocument;
  readonly documents: readonly StoredDocument[];
  /** The distinct URLs cited, in the order of their first citation. */
  urls(): string[];
  has(url: string): boolean;
  /** The notes citing `url`, in the documents' order, once per time each cites it. */
  notesCiting(url: string): CitingNote[];
  /** Delete the file. */
  close(): Promise<void>;
}

/** A note as its line keeps it. */
interface StoredNote {
  citation: Citation;
  quotations: string[];
}

/** `beside`: the check output's path; a store left by a killed run goes with that file's next write. */
export async function createCitationStore(beside: string): Promise<CitationStore> {
  const made = await mkdir(dirname(beside), { recursive: true });
  const spool = new RecordSpool<StoredNote>(beside);
  // By note ordinal: the ordinal of the note whose URLs it stands for (its own for most).
  const sourceOf = new IntList();
  const links = new UrlLinks();
  const documents: (StoredDocument & Range)[] = [];
  let closed = false;

  const documentOf = (ordinal: number): StoredDocument => documents.find((d) => ordinal < d.end) as StoredDocument;

  return {
    add(file) {
      const first = spool.size;
      const quotations = quotationsByFullNote(file.citations);
      const lastByNumber = new Map(file.citations.map((citation, i) => [citation.number, first + i]));
      // Counted here rather than by countNotes: its list and set of every URL came on top of the parse's peak.
      const counts = { notes: file.citations.length, sources: 0, urls: 0 };
      for (const citation of file.citations) {
        if (citation.kind === 'full') counts.sources += 1;
        const cited = citation.urls.length > 0 ? (quotations.get(citation.number) ?? []) : [];
        const ordinal = spool.append({ citation, quotations: cited });
        const number = sourceNumber(citation);
        sourceOf.push(number === null ? ordinal : (lastByNumber.get(number) ?? ordinal));
        for (const url of citation.urls) if (links.add(url, ordinal) < first) counts.urls += 1;
      }
      spool.flush();
      const range = { first, end: spool.size };
      // Copies: the parsed strings may be slices of the document's text, and would keep all of it alive.
      const kept = JSON.parse(JSON.stringify({ document: file.document, warnings: file.warnings })) as Pick<CitationsFile, 'document' | 'warnings'>;
      const stored: StoredDocument & Range = {
        ...kept,
        ...range,
        counts,
        *notes(): Generator<SourcedNote> {
          // Ibid. notes follow the note they stand for: the last one read is kept for the next.
          let sourceAt = -1;
          let source: Citation | null = null;
          for (let ordinal = first; ordinal < range.end; ordinal += 1) {
            const { citation } = spool.read(ordinal);
            const at = sourceOf.get(ordinal);
            if (at === ordinal) {
              yield { citation, source: citation };
              continue;
            }
            if (at !== sourceAt) {
              source = spool.read(at).citation;
              sourceAt = at;
            }
            yield { citation, source: source as Citation };
          }
        },
        *citations() {
          for (let ordinal = first; ordinal < range.end; ordinal += 1) yield spool.read(ordinal).citation;
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
      links.forEach(url, (ordinal) => notes.push({ document: documentOf(ordinal).document.path, ...spool.read(ordinal) }));
      return notes;
    },
    async close() {
      if (closed) return;
      closed = true;
      await spool.close();
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
  return jsonPieces({ schemaVersion: 1, document: stored.document, citations: new ArrayStream(() => stored.citations()), warnings: stored.warnings });
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
  private readonly slots = new Map<string, number>();
  private readonly firstLink = new IntList();
  private readonly lastLink = new IntList();
  private readonly noteOf = new IntList();
  private readonly nextLink = new IntList();

  /** Returns the ordinal of the note that cited `url` before, -1 for none. */
  add(url: string, ordinal: number): number {
    const link = this.noteOf.push(ordinal);
    this.nextLink.push(-1);
    const slot = this.slots.get(url);
    if (slot === undefined) {
      // A copy for the same reason as the document's: a slice of the text keeps the text.
      this.slots.set(JSON.parse(JSON.stringify(url)) as string, this.firstLink.push(link));
      this.lastLink.push(link);
      return -1;
    }
    const previous = this.lastLink.get(slot);
    this.nextLink.set(previous, link);
    this.lastLink.set(slot, link);
    return this.noteOf.get(previous);
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
    for (let link = this.firstLink.get(slot); link !== -1; link = this.nextLink.get(link)) if (test(this.noteOf.get(link))) return true;
    return false;
  }
}

/**
 * Quotations supported by an Ibid./short note belong to the full note it refers to: they are
 * searched in the same page.
 */
function quotationsByFullNote(citations: readonly Citation[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const citation of citations) {
    const target = citation.urls.length > 0 ? citation.number : (citation.refersTo ?? citation.number);
    for (const claim of citation.claims) {
      if (claim.quotations.length === 0) continue;
      // Only notes with quotations get a list: one for each of 100,000 notes added to the parse's peak.
      const list = out.get(target);
      if (list === undefined) out.set(target, [...claim.quotations]);
      else list.push(...claim.quotations);
    }
  }
  return out;
}
