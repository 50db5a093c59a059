import type { CitationKind, LintWarning } from '../types.js';
import { surnameOf } from './authors.js';
import type { ReadNote } from './fields.js';
import { detached } from '../util/text.js';
import { comparableWords, type SharedStrings } from './text.js';

export interface NoteToResolve {
  number: number;
  line: number;
  read: ReadNote;
}

export interface Resolution {
  kind: CitationKind;
  refersTo: number | null;
}

/** Short titles rarely run longer; longer ones are found by this prefix, then checked word by word. */
const INDEXED_TITLE_WORDS = 6;
const ARTICLES = new Set(['the', 'a', 'an']);

const FULL: Resolution = { kind: 'full', refersTo: null };

/**
 * Point every `ibid` and `short` note at the full note it stands for, note by note in
 * document order: an ibid takes the resolution of the note before it (so chains end at a
 * full note), a short form is looked up among earlier full notes by author surnames and/or
 * title. Only earlier full notes are candidates, so there are no cycles to follow. Each
 * note is resolved as it is read, so no list of every note's reading has to be kept.
 */
export class ReferenceResolver {
  readonly warnings: LintWarning[] = [];
  private readonly index: FullNoteIndex;

  /** `shared`: the parse's shared strings, which its notes' authors already are. */
  constructor(shared: SharedStrings) {
    this.index = new FullNoteIndex(shared);
  }
  private previous: { number: number; resolution: Resolution } | null = null;

  resolve(note: NoteToResolve): Resolution {
    const resolution = this.resolution(note);
    this.previous = { number: note.number, resolution };
    return resolution;
  }

  private resolution(note: NoteToResolve): Resolution {
    const { form } = note.read;
    if (form === 'full') {
      this.index.add(note);
      return FULL;
    }
    if (form === 'ibid') {
      const previous = this.previous;
      if (!previous) this.warn('ibid_without_previous', note, `note [${note.number}] says “Ibid.” but no note comes before it`);
      const target = previous ? (previous.resolution.kind === 'full' ? previous.number : previous.resolution.refersTo) : null;
      return { kind: 'ibid', refersTo: target };
    }
    const matches = this.index.match(note.read);
    if (matches.length === 0) {
      this.warn('short_form_unmatched', note, `note [${note.number}] is a short form that matches no earlier full note`);
    } else if (matches.length > 1) {
      const listed = matches.map((n) => `[${n}]`).join(', ');
      this.warn('short_form_ambiguous', note, `note [${note.number}] is a short form that matches several earlier notes: ${listed}`);
    }
    return { kind: 'short', refersTo: matches.length === 1 ? (matches[0] ?? null) : null };
  }

  private warn(code: LintWarning['code'], note: NoteToResolve, message: string): void {
    this.warnings.push({ code, message, line: note.line, note: note.number });
  }
}

interface FullNote {
  number: number;
  authorKeys: Set<string>;
  titleWords: string[];
}

/**
 * Earlier full notes, indexed so a short form is found without scanning every note. The
 * index (several map entries per note) is built only when a short form asks for it: a
 * document of full notes alone never pays for it, and one with short forms indexes each
 * full note once, in order, exactly as if it had been indexed on arrival.
 */
class FullNoteIndex {
  private readonly byAuthor = new Map<string, FullNote[]>();
  private readonly byTitlePrefix = new Map<string, FullNote[]>();
  // The full notes waiting to be indexed, as three lists rather than an object per note:
  // until a short form asks, every full note of the document is waiting, and objects kept
  // that long are copied by the garbage collector as the citations are built.
  private pendingNumbers: number[] = [];
  private pendingAuthors: (readonly string[])[] = [];
  private pendingTitles: (string | null)[] = [];

  constructor(private readonly shared: SharedStrings) {}

  add(note: NoteToResolve): void {
    // Only what index() reads: the whole reading of every full note would stay alive otherwise,
    // a copy of the title, which would keep the note's whole text, and the authors as a shared list.
    const { authors, title } = note.read.fields;
    this.pendingNumbers.push(note.number);
    this.pendingAuthors.push(this.shared.list(authors));
    this.pendingTitles.push(title === null ? null : detached(title));
  }

  private indexPending(): void {
    for (let i = 0; i < this.pendingNumbers.length; i += 1) {
      this.index(this.pendingNumbers[i] ?? 0, this.pendingAuthors[i] ?? [], this.pendingTitles[i] ?? null);
    }
    this.pendingNumbers = [];
    this.pendingAuthors = [];
    this.pendingTitles = [];
  }

  private index(number: number, authors: readonly string[], title: string | null): void {
    const authorKeys = new Set(authors.flatMap((name) => [key(name), key(surnameOf(name))]).filter((k) => k !== ''));
    const full: FullNote = { number, authorKeys, titleWords: titleWords(title ?? '') };
    for (const k of authorKeys) push(this.byAuthor, k, full);
    let prefix = '';
    for (const word of full.titleWords.slice(0, INDEXED_TITLE_WORDS)) {
      prefix = prefix === '' ? word : `${prefix} ${word}`;
      push(this.byTitlePrefix, prefix, full);
    }
  }

  /** Numbers of the full notes a short form matches: none, one, or (stopping early) two. */
  match(read: ReadNote): number[] {
    this.indexPending();
    const { authors, title } = read.fields;
    const shortAuthors = authors.map(key).filter((k) => k !== '');
    const shortTitle = titleWords(title ?? '');
    if (shortAuthors.length > 0) {
      const byAuthor = this.find(shortAuthors, shortTitle);
      // A lone unquoted word (`Gearan.`) may be a surname or a book's short title.
      if (byAuthor.length > 0 || read.quotedTitle || shortTitle.length > 0 || authors.length > 1) return byAuthor;
      return this.find([], titleWords(authors[0] ?? ''));
    }
    return this.find([], shortTitle);
  }

  private find(authorKeys: readonly string[], title: readonly string[]): number[] {
    const first = authorKeys[0];
    if (first === undefined && title.length === 0) return [];
    const candidates =
      first !== undefined
        ? (this.byAuthor.get(first) ?? [])
        : (this.byTitlePrefix.get(title.slice(0, INDEXED_TITLE_WORDS).join(' ')) ?? []);
    const found: number[] = [];
    for (const candidate of candidates) {
      const authorsMatch = authorKeys.every((k) => candidate.authorKeys.has(k));
      if (authorsMatch && startsWith(candidate.titleWords, title) && !found.includes(candidate.number)) {
        found.push(candidate.number);
        if (found.length > 1) break;
      }
    }
    return found;
  }
}

function push(map: Map<string, FullNote[]>, k: string, note: FullNote): void {
  const list = map.get(k);
  if (list) list.push(note);
  else map.set(k, [note]);
}

function key(name: string): string {
  return comparableWords(name).join(' ');
}

function titleWords(title: string): string[] {
  const words = comparableWords(title);
  return ARTICLES.has(words[0] ?? '') ? words.slice(1) : words;
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= words.length && prefix.every((word, i) => words[i] === word);
}
