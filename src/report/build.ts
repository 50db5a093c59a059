import type {
  ArchivedCopy,
  Change,
  CheckResult,
  Citation,
  CitationKind,
  CitationsFile,
  Hop,
  LintWarning,
  StatusWord,
  Verification,
} from '../types.js';
import { STATUS_WORDS } from '../types.js';
import { isArchiveTodayLink } from '../rescue/index.js';
import { checkResult } from '../resolve/check-result.js';
import type { Action } from './action.js';
import { deathOf, rescueAdvice, type NoteDeath, type SourceHistory } from './history.js';
import { ArrayStream } from '../util/fs.js';
import { NumberSet } from '../util/number-set.js';
import { count } from '../util/text.js';

export interface ReportInput {
  citations: CitationsFile;
  results: CheckResult[];
  /** When this run started (ISO). */
  checkedAt: string;
  changes: Change[];
  /** Nothing could be checked: the machine had no network. */
  offline: boolean;
  /** The run stopped before every URL was checked. */
  partial?: boolean;
  /** Keyed by note number. */
  verifications?: Map<number, Verification>;
  /** What the archive keeps of each URL beside its history, keyed by URL. */
  history?: Map<string, SourceHistory>;
  /** Strikes that make a URL dead, to show `failing (2/3)` (default 3). */
  deadAfterStrikes?: number;
}

/** One row of the report: a note and one URL it cites (a note citing two URLs gives two rows). */
export interface ReportNote {
  number: number;
  kind: CitationKind;
  refersTo: number | null;
  /** The note whose source (and so status) this ibid./short note shows, else null. */
  via: number | null;
  url: string | null;
  /** Null when the note has no link, or its link was not checked. */
  status: StatusWord | null;
  reason: string | null;
  expandedUrl: string | null;
  finalUrl: string | null;
  httpStatus: number | null;
  title: string | null;
  hops: Hop[];
  action: Action;
  replaceWith: string | null;
  line: number;
  citation: { authors: string[]; title: string | null; publisher: string | null; published: string | null };
  verification: Verification | null;
  /** Null when the URL is alive or was never checked over time. */
  death: NoteDeath | null;
  /** The status is a second try from scratch (`--confirm-now`). */
  rechecked: boolean;
  /** The Wayback copy offered for this note's source, when it needs one. */
  archive: ArchivedCopy | null;
  /** The link points into archive.today, which needs a Wayback replacement. */
  archiveToday: boolean;
}

/** One distinct URL that needs attention, with how it was reached. */
export interface ReportProblem {
  url: string;
  notes: number[];
  status: StatusWord;
  reason: string | null;
  finalUrl: string;
  httpStatus: number | null;
  hops: Hop[];
  error: string | null;
  attempts: number;
  retries: string[];
  /** The Wayback copy offered instead, if one was found. */
  archive: ArchivedCopy | null;
}

export type SummaryKey = StatusWord | 'no_link' | 'not_checked';

export interface Report {
  schemaVersion: 1;
  document: { path: string; title: string | null };
  checkedAt: string;
  offline: boolean;
  partial: boolean;
  counts: { notes: number; sources: number; urls: number };
  /** Rows per status; every key is present, zero included, so consumers need no defaults. */
  summary: Record<SummaryKey, number>;
  verdict: string;
  notes: ReportNote[];
  problems: ReportProblem[];
  changes: Change[];
  warnings: LintWarning[];
}

export const SUMMARY_KEYS: readonly SummaryKey[] = [...STATUS_WORDS, 'no_link', 'not_checked'];

/** A report whose rows and problems may be made as they are read (a large run's), rather than held. */
export type ReportView = Omit<Report, 'notes' | 'problems'> & { notes: Iterable<ReportNote>; problems: Iterable<ReportProblem> };

/**
 * What the rows are made from, looked up as each is made: maps (buildReport) or a run's
 * result store read back URL by URL (streamReport).
 */
export interface RowSources {
  result(url: string): CheckResult | undefined;
  /** What comparing note `number` with the page at `url` found. */
  verification(number: number, url: string): Verification | undefined;
  history(url: string): SourceHistory | undefined;
  deadAfterStrikes: number;
}

/** Verification may find that a page that answered 200 is really a "not found" page. */
function withVerification(result: CheckResult, verification: Verification | null): CheckResult {
  const soft404 = verification?.soft404[0];
  if (soft404 === undefined || (result.status !== 'ok' && result.status !== 'redirected')) return result;
  const { status: _status, ...fields } = result;
  return checkResult({ status: 'soft_404', reason: soft404 }, fields);
}

/**
 * A document's notes as a report reads them, in order: from a parsed file in memory (notesOf),
 * or read back from a run's store one note at a time, so a run of 100,000 notes never holds them.
 */
export interface NotesView {
  document: CitationsFile['document'];
  warnings: LintWarning[];
  counts: Report['counts'];
  /** Each note, with the note whose URLs it stands for (itself, for a full note or a note with its own link). */
  notes(): Iterable<SourcedNote>;
}

export interface SourcedNote {
  citation: Citation;
  source: Citation;
}

/**
 * The number of the note whose URLs an ibid./short note without a link stands for; null when a
 * note stands for itself. Of two notes with that number, the later one is meant.
 */
export function sourceNumber(citation: Citation): number | null {
  return citation.kind === 'full' || citation.urls.length > 0 ? null : citation.refersTo;
}

/** What the report counts of a document's notes. */
export function countNotes(citations: readonly Citation[]): Report['counts'] {
  return {
    notes: citations.length,
    sources: citations.filter((citation) => citation.kind === 'full').length,
    urls: new Set(citations.flatMap((citation) => citation.urls)).size,
  };
}

export function notesOf(file: CitationsFile): NotesView {
  return {
    document: file.document,
    warnings: file.warnings,
    counts: countNotes(file.citations),
    *notes() {
      const byNumber = new Map(file.citations.map((citation) => [citation.number, citation]));
      for (const citation of file.citations) {
        const number = sourceNumber(citation);
        yield { citation, source: (number === null ? undefined : byNumber.get(number)) ?? citation };
      }
    },
  };
}

/** What a row of a checked URL is made from, beside its note. */
interface CheckedUrl {
  result: CheckResult;
  verification: Verification | null;
  history: SourceHistory | undefined;
}

type RowAdvice = ReturnType<typeof rescueAdvice>;

function byHand(action: Action): RowAdvice {
  return { action, replaceWith: null, archive: null };
}

/**
 * A note's rows, each written out whole in one literal: made by spreading a base shared by
 * the note's rows and adding keys, a row cost 20-25 us in V8 (a microbenchmark of that shape)
 * instead of 25 ns.
 */
function rowsOf({ citation, source }: SourcedNote, sources: RowSources): ReportNote[] {
  const cited = { authors: source.authors, title: source.title, publisher: source.publisher, published: source.published };
  /** `checked` null: the URL was not checked, or there is none. */
  const row = (url: string | null, checked: CheckedUrl | null, advice: RowAdvice): ReportNote => {
    const result = checked?.result ?? null;
    return {
      number: citation.number,
      kind: citation.kind,
      refersTo: citation.refersTo,
      via: source === citation ? null : source.number,
      line: citation.line,
      citation: cited,
      verification: checked?.verification ?? null,
      death: checked === null ? null : deathOf(checked.history, sources.deadAfterStrikes),
      rechecked: result?.rechecked === true,
      archive: advice.archive,
      url,
      status: result?.status ?? null,
      reason: result !== null && 'reason' in result ? result.reason : null,
      expandedUrl: result?.expandedUrl ?? null,
      finalUrl: result?.finalUrl ?? null,
      httpStatus: result?.httpStatus ?? null,
      title: result?.title ?? null,
      hops: result?.hops ?? [],
      archiveToday: url !== null && isArchiveTodayLink(url),
      action: advice.action,
      replaceWith: advice.replaceWith,
    };
  };
  if (source.urls.length === 0) return [row(null, null, byHand('check by hand: no link'))];
  return source.urls.map((url) => {
    const found = sources.result(url);
    if (found === undefined) return row(url, null, byHand('check by hand: not checked'));
    const verification = sources.verification(citation.number, url) ?? sources.verification(source.number, url) ?? null;
    const checked = { result: withVerification(found, verification), verification, history: sources.history(url) };
    return row(url, checked, rescueAdvice(url, checked.result, verification, checked.history));
  });
}

function* noteRows(view: NotesView, sources: RowSources): Generator<ReportNote> {
  for (const note of view.notes()) yield* rowsOf(note, sources);
}

/** What a problem takes from its rows; the rest is read from its URL's result when the problem is written. */
type ProblemRows = Pick<ReportProblem, 'url' | 'notes' | 'status' | 'reason' | 'archive'>;

function problemOf({ url, notes, status, reason, archive }: ProblemRows, result: CheckResult): ReportProblem {
  return {
    url,
    notes,
    status,
    reason,
    finalUrl: result.finalUrl,
    httpStatus: result.httpStatus,
    hops: result.hops,
    error: result.error,
    attempts: result.attempts,
    retries: result.retries,
    archive,
  };
}

/** What the report says above and around its rows, counted as the rows go by. */
class Tally {
  private readonly summary = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, 0])) as Record<SummaryKey, number>;
  private readonly needing = new NumberSet();
  private readonly numbers = new NumberSet();
  // Without their results' hops and errors, read again as each problem is written: at 100,000
  // URLs with a quarter failing, the problems held whole were some 25 MB.
  private readonly problems = new Map<string, ProblemRows>();

  add(note: ReportNote): void {
    this.summary[note.status ?? (note.url === null ? 'no_link' : 'not_checked')] += 1;
    this.numbers.add(note.number);
    if (note.action !== 'none') this.needing.add(note.number);
    if (note.url === null || note.status === null || note.status === 'ok') return;
    const known = this.problems.get(note.url);
    if (known !== undefined) known.notes.push(note.number);
    else this.problems.set(note.url, { url: note.url, notes: [note.number], status: note.status, reason: note.reason, archive: note.archive });
  }

  around(sources: RowSources, offline: boolean, partial: boolean): Pick<ReportView, 'summary' | 'verdict' | 'problems'> {
    const problems = this.problems;
    const written = function* (): Generator<ReportProblem> {
      for (const problem of problems.values()) yield problemOf(problem, sources.result(problem.url) as CheckResult);
    };
    return { summary: this.summary, verdict: verdictOf(this.needing.size, this.numbers.size, offline, partial), problems: new ArrayStream(written) };
  }
}

function verdictOf(needing: number, total: number, offline: boolean, partial: boolean): string {
  if (offline) return 'Offline: nothing was checked, so nothing is known about the sources.';
  const tail = partial ? ' (partial run: some links were not checked)' : '';
  if (needing === 0) return total === 1 ? `The note checks out${tail}.` : `All ${total} notes check out${tail}.`;
  return `${needing} of ${count(total, 'note')} ${needing === 1 ? 'needs' : 'need'} an editor's attention${tail}.`;
}

/** The report, its members in the order its JSON has always had. */
function assemble<Notes extends Iterable<ReportNote>, Problems extends Iterable<ReportProblem>>(
  input: StreamInput,
  notes: Notes,
  { summary, verdict, problems }: Pick<Report, 'summary' | 'verdict'> & { problems: Problems },
): Omit<Report, 'notes' | 'problems'> & { notes: Notes; problems: Problems } {
  const view = input.citations;
  return {
    schemaVersion: 1,
    document: { path: view.document.path, title: view.document.title },
    checkedAt: input.checkedAt,
    offline: input.offline,
    partial: input.partial ?? false,
    counts: view.counts,
    summary,
    verdict,
    notes,
    problems,
    changes: input.changes,
    warnings: view.warnings,
  };
}

/** What a report is made of besides its rows' sources; the notes may be read back rather than held. */
export type StreamInput = Omit<ReportInput, 'citations' | 'results' | 'verifications' | 'history' | 'deadAfterStrikes'> & { citations: NotesView };

/** The report's facts, from the earlier stages' records; renderers only format them. */
export function buildReport(input: ReportInput): Report {
  const resultsByUrl = new Map(input.results.map((result) => [result.url, result]));
  const verifications = input.verifications ?? new Map<number, Verification>();
  const history = input.history ?? new Map<string, SourceHistory>();
  const sources: RowSources = {
    result: (url) => resultsByUrl.get(url),
    verification: (number) => verifications.get(number),
    history: (url) => history.get(url),
    deadAfterStrikes: input.deadAfterStrikes ?? 3,
  };
  const view = { ...input, citations: notesOf(input.citations) };
  const notes = [...noteRows(view.citations, sources)];
  const tally = new Tally();
  for (const note of notes) tally.add(note);
  const around = tally.around(sources, input.offline, input.partial ?? false);
  return assemble(view, notes, { ...around, problems: [...around.problems] });
}

/** A report's members apart from its rows and what follows them: the part its rows make known (summary, verdict) is in it. */
export type ReportHead = Omit<ReportView, 'notes' | 'problems' | 'changes' | 'warnings'>;

/** The report's members up to its rows, in the order of its JSON. */
export function headOf(report: ReportView): ReportHead {
  const { notes: _notes, problems: _problems, changes: _changes, warnings: _warnings, ...head } = report;
  return head;
}

/**
 * The same report with its rows made from `sources` as they are read, for writing it in one
 * pass over them: `rows` gives each row once, and `report()`, once they are all read, the
 * report they make (summary, verdict, problems), whose rows are made again if it is read
 * again. Nothing per note is held but what the summary needs (and the problems, which are
 * few). `onRow` sees each row of that one pass.
 */
export function streamReport(
  input: StreamInput,
  sources: RowSources,
  onRow?: (row: ReportNote) => void,
): { rows: Iterable<ReportNote>; report: () => ReportView } {
  const tally = new Tally();
  let read = false;
  let report: ReportView | null = null;
  const rows = function* (): Generator<ReportNote> {
    for (const note of noteRows(input.citations, sources)) {
      onRow?.(note);
      tally.add(note);
      yield note;
    }
    read = true;
  };
  return {
    rows: rows(),
    report() {
      if (!read) throw new Error('streamReport: the report is known only once every row is read');
      report ??= assemble(input, new ArrayStream(() => noteRows(input.citations, sources)), tally.around(sources, input.offline, input.partial ?? false));
      return report;
    },
  };
}

/**
 * Whether a row fails the run: its status is in `failOn`, or with `failOnNewlyDead` its URL
 * became dead in this run (the CLI decides both).
 */
export function isFailingNote(note: ReportNote, failOn: readonly StatusWord[], failOnNewlyDead = false): boolean {
  if (note.status !== null && failOn.includes(note.status)) return true;
  return failOnNewlyDead && note.death?.newlyDead === true;
}
