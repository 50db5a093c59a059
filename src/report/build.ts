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
import type { Action } from './action.js';
import { deathOf, rescueAdvice, type NoteDeath, type SourceHistory } from './history.js';
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

/** Verification may find that a page that answered 200 is really a "not found" page. */
function withVerification(result: CheckResult, verification: Verification | null): CheckResult {
  const soft404 = verification?.soft404[0];
  if (soft404 === undefined || (result.status !== 'ok' && result.status !== 'redirected')) return result;
  return { ...result, status: 'soft_404', reason: soft404 };
}

/** The note whose URLs an ibid./short note stands for (itself, for a full note or a note with its own link). */
function sourceNote(citation: Citation, byNumber: Map<number, Citation>): Citation {
  if (citation.kind === 'full' || citation.urls.length > 0 || citation.refersTo === null) return citation;
  return byNumber.get(citation.refersTo) ?? citation;
}

interface Lookups {
  byNumber: Map<number, Citation>;
  resultsByUrl: Map<string, CheckResult>;
  verifications: Map<number, Verification>;
  history: Map<string, SourceHistory>;
  deadAfterStrikes: number;
}

function rowsOf(citation: Citation, { byNumber, resultsByUrl, verifications, history, deadAfterStrikes }: Lookups): ReportNote[] {
  const source = sourceNote(citation, byNumber);
  const verification = verifications.get(citation.number) ?? verifications.get(source.number) ?? null;
  const base = {
    number: citation.number,
    kind: citation.kind,
    refersTo: citation.refersTo,
    via: source === citation ? null : source.number,
    line: citation.line,
    citation: { authors: source.authors, title: source.title, publisher: source.publisher, published: source.published },
    verification,
    death: null,
    rechecked: false,
    archive: null,
  };
  const unchecked = (url: string | null, action: Action): ReportNote => ({
    ...base,
    url,
    status: null,
    reason: null,
    expandedUrl: null,
    finalUrl: null,
    httpStatus: null,
    title: null,
    hops: [],
    action,
    replaceWith: null,
    archiveToday: url !== null && isArchiveTodayLink(url),
  });
  if (source.urls.length === 0) return [unchecked(null, 'check by hand: no link')];
  return source.urls.map((url) => {
    const found = resultsByUrl.get(url);
    if (found === undefined) return unchecked(url, 'check by hand: not checked');
    const result = withVerification(found, verification);
    return {
      ...base,
      url,
      status: result.status,
      reason: 'reason' in result ? result.reason : null,
      expandedUrl: result.expandedUrl,
      finalUrl: result.finalUrl,
      httpStatus: result.httpStatus,
      title: result.title,
      hops: result.hops,
      death: deathOf(history.get(url), deadAfterStrikes),
      rechecked: result.rechecked === true,
      archiveToday: isArchiveTodayLink(url),
      ...rescueAdvice(url, result, verification, history.get(url)),
    };
  });
}

function problemsOf(notes: ReportNote[], resultsByUrl: Map<string, CheckResult>): ReportProblem[] {
  const problems = new Map<string, ReportProblem>();
  for (const note of notes) {
    if (note.url === null || note.status === null || note.status === 'ok') continue;
    const known = problems.get(note.url);
    if (known !== undefined) {
      known.notes.push(note.number);
      continue;
    }
    const result = resultsByUrl.get(note.url) as CheckResult;
    problems.set(note.url, {
      url: note.url,
      notes: [note.number],
      status: note.status,
      reason: note.reason,
      finalUrl: result.finalUrl,
      httpStatus: result.httpStatus,
      hops: result.hops,
      error: result.error,
      attempts: result.attempts,
      retries: result.retries,
      archive: note.archive,
    });
  }
  return [...problems.values()];
}

function summaryOf(notes: ReportNote[]): Record<SummaryKey, number> {
  const summary = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, 0])) as Record<SummaryKey, number>;
  for (const note of notes) {
    summary[note.status ?? (note.url === null ? 'no_link' : 'not_checked')] += 1;
  }
  return summary;
}

function verdictOf(notes: ReportNote[], offline: boolean, partial: boolean): string {
  if (offline) return 'Offline: nothing was checked, so nothing is known about the sources.';
  const needing = new Set(notes.filter((note) => note.action !== 'none').map((note) => note.number));
  const total = new Set(notes.map((note) => note.number)).size;
  const tail = partial ? ' (partial run: some links were not checked)' : '';
  if (needing.size === 0) return total === 1 ? `The note checks out${tail}.` : `All ${total} notes check out${tail}.`;
  return `${needing.size} of ${count(total, 'note')} ${needing.size === 1 ? 'needs' : 'need'} an editor's attention${tail}.`;
}

/** The report's facts, from the earlier stages' records; renderers only format them. */
export function buildReport(input: ReportInput): Report {
  const { citations: file } = input;
  const byNumber = new Map(file.citations.map((citation) => [citation.number, citation]));
  const resultsByUrl = new Map(input.results.map((result) => [result.url, result]));
  const lookups: Lookups = {
    byNumber,
    resultsByUrl,
    verifications: input.verifications ?? new Map<number, Verification>(),
    history: input.history ?? new Map<string, SourceHistory>(),
    deadAfterStrikes: input.deadAfterStrikes ?? 3,
  };
  const notes = file.citations.flatMap((citation) => rowsOf(citation, lookups));
  const partial = input.partial ?? false;
  return {
    schemaVersion: 1,
    document: { path: file.document.path, title: file.document.title },
    checkedAt: input.checkedAt,
    offline: input.offline,
    partial,
    counts: {
      notes: file.citations.length,
      sources: file.citations.filter((citation) => citation.kind === 'full').length,
      urls: new Set(file.citations.flatMap((citation) => citation.urls)).size,
    },
    summary: summaryOf(notes),
    verdict: verdictOf(notes, input.offline, partial),
    notes,
    problems: problemsOf(notes, resultsByUrl),
    changes: input.changes,
    warnings: file.warnings,
  };
}

/**
 * The rows that fail the run: those whose status is in `failOn`, and with `failOnNewlyDead`
 * those whose URL became dead in this run (the CLI decides both).
 */
export function failingNotes(report: Report, failOn: readonly StatusWord[], failOnNewlyDead = false): ReportNote[] {
  return report.notes.filter((note) => isFailingNote(note, failOn, failOnNewlyDead));
}

export function isFailingNote(note: ReportNote, failOn: readonly StatusWord[], failOnNewlyDead = false): boolean {
  if (note.status !== null && failOn.includes(note.status)) return true;
  return failOnNewlyDead && note.death?.newlyDead === true;
}
