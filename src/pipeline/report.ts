import { appendFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { changesSince, type ArchiveView } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { buildReport, failingNotes, markdownPieces, renderers, type Report, type SourceHistory } from '../report/index.js';
import type { CheckFile, CheckResult, CitationsFile, NoteVerification, Verification } from '../types.js';
import { jsonPieces, writeFileAtomic } from '../util/fs.js';
import { diedIn } from './death.js';

export interface WrittenReport {
  report: Report;
  markdownPath: string;
  jsonPath: string;
  failing: number;
}

/** `reports/<name>.md`: the document's file name without its extension. */
export function reportName(documentPath: string): string {
  return basename(documentPath, extname(documentPath));
}

/**
 * Build one document's report from its citations and the check results (no network), write
 * the Markdown and JSON files atomically, and count the notes that fail the run.
 */
export async function writeDocumentReport(citations: CitationsFile, check: CheckFile, archive: ArchiveView, config: Config): Promise<WrittenReport> {
  const urls = new Set(citations.citations.flatMap((c) => c.urls));
  const results = check.results.filter((r) => urls.has(r.url));
  const report = buildReport({
    citations,
    results,
    checkedAt: check.checkedAt,
    changes: changesSince(results, (url) => archive.previous(url, check.checkedAt)),
    offline: check.offline,
    partial: check.partial,
    verifications: verificationsFor(citations.document.path, check.verifications),
    history: historyOf(results, archive),
    deadAfterStrikes: config.deadAfterStrikes,
  });
  const name = reportName(citations.document.path);
  const markdownPath = join(config.reportsDir, `${name}.md`);
  const jsonPath = join(config.reportsDir, `${name}.json`);
  // The same texts as renderers.markdown and renderers.json, made in pieces: for 100,000 notes one string is tens to hundreds of MB.
  await writeFileAtomic(markdownPath, markdownPieces(report));
  await writeFileAtomic(jsonPath, jsonPieces(report));
  return { report, markdownPath, jsonPath, failing: failingNotes(report, config.failOn, config.failOnNewlyDead).length };
}

function historyOf(results: readonly CheckResult[], archive: ArchiveView): Map<string, SourceHistory> {
  return new Map(
    results.map((result) => {
      const entry = archive.annotation(result.url);
      const death = entry?.death ?? null;
      const copy = { archivedCopy: entry?.archivedCopy ?? null, copyLookedUp: entry?.archivedCopyCheckedAt !== undefined };
      return [result.url, { death, newlyDead: diedIn(death, result), ...copy }];
    }),
  );
}

function verificationsFor(document: string, all: readonly NoteVerification[]): Map<number, Verification> {
  return new Map(all.filter((v) => v.document === document).map((v) => [v.number, v.verification]));
}

/**
 * GitHub's job summary is a file named by $GITHUB_STEP_SUMMARY; appending keeps other
 * steps' summaries.
 */
export async function appendStepSummary(report: Report): Promise<void> {
  const path = process.env['GITHUB_STEP_SUMMARY'];
  if (path) await appendFile(path, `${renderers.markdown(report)}\n`);
}
