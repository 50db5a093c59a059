import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, type ArchiveView } from '../../src/archive/index.js';
import { DEFAULT_CONFIG, type Config } from '../../src/config/index.js';
import { parseDocument } from '../../src/parse/index.js';
import { checkDocuments, type CheckDeps } from '../../src/pipeline/check.js';
import type { CheckRun } from '../../src/pipeline/outcome.js';
import { createCitationStore } from '../../src/pipeline/citation-store.js';
import { writeDocumentReport, type WrittenReport } from '../../src/pipeline/report.js';
import type { Report } from '../../src/report/index.js';
import type { CitationsFile, NoteStream } from '../../src/types.js';


/** A citations.json held in memory, as the store takes a document's notes. */
export function notesOfFile(file: CitationsFile): NoteStream {
  return { document: file.document, citations: file.citations, warnings: () => file.warnings };
}

/**
 * The settings every test here that talks to servers on 127.0.0.1 runs with: the one place
 * to add whatever a private-address guard needs to let such requests through.
 */
export const LOCAL_TEST_CONFIG: Partial<Config> = { hostIntervalMs: 0, retries: 1, requestTimeoutMs: 5000, allowPrivate: true };

/** The same, as command-line flags, for tests that go through `main()`. */
export const LOCAL_TEST_FLAGS: readonly string[] = ['--allow-private', '--host-interval', '0', '--retries', '1', '--log-level', 'silent', '--quiet'];

export const DAY = 86_400_000;
export const START = Date.parse('2026-03-01T02:00:00Z');

/** A clock `days` after START that still moves with real time, so the resolver's gate keeps working. */
export function clockAt(days: number): () => number {
  const offset = START + days * DAY - Date.now();
  return () => Date.now() + offset;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'citecheck-pipeline-'));
}

export function configFor(dir: string, wayback: string | null, extra: Partial<Config> = {}): Config {
  const bases = wayback === null ? { rescue: false } : { waybackCdxBase: wayback, waybackAvailabilityBase: wayback, waybackWebBase: wayback };
  return {
    ...DEFAULT_CONFIG,
    ...LOCAL_TEST_CONFIG,
    archive: join(dir, 'archive.json'),
    reportsDir: join(dir, 'reports'),
    checkOutput: join(dir, 'check.json'),
    citations: join(dir, 'citations.json'),
    ...bases,
    ...extra,
  };
}

/** One note per line: `[n] Author, “Title,” Site, 1/7/2021, accessed on 4/8/2021, at: <url>`. */
export function documentOf(notes: { title: string; url: string; quote?: string }[]): CitationsFile {
  const body = notes.map((n, i) => (n.quote === undefined ? `A claim.[${i + 1}]` : `It said “${n.quote}” then.[${i + 1}]`)).join(' ');
  const lines = ['A Test Paper', '', body, ''];
  notes.forEach((n, i) => lines.push(`[${i + 1}] Jane Roe, “${n.title},” Example News, 1/7/2021, accessed on 4/8/2021, at: ${n.url}`, ''));
  return parseDocument(lines.join('\n'), 'paper.txt');
}

/** One run as `citecheck run` makes it: check with the archive open, then the report from the archive. */
export async function runOnce(
  file: CitationsFile,
  config: Config,
  deps: Partial<Omit<CheckDeps, 'archive'>> = {},
): Promise<{ check: CheckRun; written: WrittenReport & { report: Report }; archive: ArchiveView }> {
  const citations = await createCitationStore(config.checkOutput);
  try {
    const stored = citations.add(notesOfFile(file));
    const archive = await openArchive(config.archive);
    let check: CheckRun;
    try {
      check = await checkDocuments(citations, config, { archive, ...deps });
    } finally {
      await archive.close();
    }
    try {
      const written = await writeDocumentReport(stored, check, archive, config);
      // The rows are read back from the run's stores, which close() deletes: read them now.
      return { check, written: { ...written, report: { ...written.report, notes: [...written.report.notes], problems: [...written.report.problems] } }, archive };
    } finally {
      await check.close();
    }
  } finally {
    await citations.close();
  }
}

export const ARTICLE = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Example News</title>` +
  `<meta property="og:title" content="${title}"></head>` +
  `<body><article><h1>${title}</h1><p>${body}</p></article></body></html>`;
