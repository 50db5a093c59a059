import { appendFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ArchiveView } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { headOf, isFailingNote, markdownAfterHead, renderers, streamReport, type NotesView, type ReportNote, type ReportProblem, type ReportView, type RowSources, type SourceHistory } from '../report/index.js';
import type { Change, CheckResult } from '../types.js';
import type { CheckOutcome } from './outcome.js';
import type { StoredCheck } from './result-store.js';
import { ArrayStream, jsonPiecesAfterHead, writeFilesAtomic } from '../util/fs.js';
import { SharedPass } from '../util/shared-pass.js';
import { diedIn } from './death.js';

export interface WrittenReport {
  report: ReportView;
  markdownPath: string;
  jsonPath: string;
  failing: number;
  /** Rows linking into archive.today (deprecated by Wikipedia): the CLI warns about each. */
  archiveToday: ReportNote[];
}

/** A document's notes as its report reads them: from the citation store of a run, or of `report` (its citations.json read into one). */
export interface ReportedDocument extends NotesView {
  /** Whether a note of the document cites `url`. */
  cites(url: string): boolean;
}

/** `reports/<name>.md`: the document's file name without its extension. */
export function reportName(documentPath: string): string {
  return basename(documentPath, extname(documentPath));
}

/**
 * Build one document's report from its citations and the check results (no network), write
 * the Markdown and JSON files atomically, and count the notes that fail the run. The rows
 * are made once, as the files are written, reading each URL's result back from the check: a
 * run of 100,000 URLs never holds them all. What the rows make known (the summary and the
 * verdict at the top of each file) is written last, in front of them (FileToWrite.head).
 */
export async function writeDocumentReport(citations: ReportedDocument, check: CheckOutcome, archive: ArchiveView, config: Config): Promise<WrittenReport> {
  let failing = 0;
  const archiveToday: ReportNote[] = [];
  const input = { citations, checkedAt: check.checkedAt, changes: changesOf(citations, check), offline: check.offline, partial: check.partial };
  const made = streamReport(input, rowSources(citations.document.path, check, archive, config.deadAfterStrikes), (row) => {
    if (isFailingNote(row, config.failOn, config.failOnNewlyDead)) failing += 1;
    if (row.archiveToday) archiveToday.push(row);
  });
  const name = reportName(citations.document.path);
  const markdownPath = join(config.reportsDir, `${name}.md`);
  const jsonPath = join(config.reportsDir, `${name}.json`);
  // The same texts as renderers.markdown and renderers.json, made in pieces (for 100,000 notes
  // one string is tens to hundreds of MB), from one pass over the rows and one over the
  // problems (known once the rows are read: the files reach them after their rows).
  const rows = new SharedPass(made.rows, 2);
  let problems: SharedPass<ReportProblem> | null = null;
  const problemsPass = (): SharedPass<ReportProblem> => (problems ??= new SharedPass(made.report().problems, 2));
  const below = (file: number): Pick<ReportView, 'notes' | 'problems' | 'changes' | 'warnings'> => ({
    notes: new ArrayStream(() => rows.reader(file)),
    problems: new ArrayStream(() => problemsPass().reader(file)),
    changes: input.changes,
    warnings: citations.warnings,
  });
  const markdown = markdownAfterHead(made.report, below(0));
  const json = jsonPiecesAfterHead(() => headOf(made.report()), below(1));
  await writeFilesAtomic(
    [
      { path: markdownPath, head: markdown.head, data: markdown.rest },
      { path: jsonPath, head: json.head, data: json.rest },
    ],
    (file) => rows.position(file) + (problems?.position(file) ?? 0),
  );
  return { report: made.report(), markdownPath, jsonPath, failing, archiveToday };
}

/** What changed for the document's URLs since the last run, in the check's order. */
function changesOf(citations: ReportedDocument, check: CheckOutcome): Change[] {
  const changes: Change[] = [];
  for (const url of check.urls) if (citations.cites(url)) changes.push(...check.changes(url));
  return changes;
}

/**
 * Rows are made from the check read back by URL. A row asks for its URL's result, its
 * verification and its history in turn, so the last URL read is kept for the next question.
 */
function rowSources(document: string, check: CheckOutcome, archive: ArchiveView, deadAfterStrikes: number): RowSources {
  let lastUrl: string | null = null;
  let last: StoredCheck | null = null;
  const found = (url: string): StoredCheck | null => {
    if (url !== lastUrl) {
      lastUrl = url;
      last = check.found(url);
    }
    return last;
  };
  return {
    result: (url) => found(url)?.result,
    verification: (number, url) => found(url)?.verifications.find((v) => v.document === document && v.number === number)?.verification,
    history(url) {
      const result = found(url)?.result;
      return result === undefined ? undefined : historyOf(result, archive);
    },
    deadAfterStrikes,
  };
}

function historyOf(result: CheckResult, archive: ArchiveView): SourceHistory {
  const entry = archive.annotation(result.url);
  const death = entry?.death ?? null;
  return { death, newlyDead: diedIn(death, result), archivedCopy: entry?.archivedCopy ?? null, copyLookedUp: entry?.archivedCopyCheckedAt !== undefined };
}

/**
 * GitHub's job summary is a file named by $GITHUB_STEP_SUMMARY; appending keeps other
 * steps' summaries.
 */
export async function appendStepSummary(report: ReportView): Promise<void> {
  const path = process.env['GITHUB_STEP_SUMMARY'];
  if (path) await appendFile(path, `${renderers.markdown(report)}\n`);
}
