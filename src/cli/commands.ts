import { join } from 'node:path';
import type { Logger } from 'pino';
import { openArchive, readArchive, type Archive, type ArchiveView } from '../archive/index.js';
import { CitecheckError } from '../errors.js';
import type { Config } from '../config/index.js';
import { createLogger } from '../log.js';
import { citationsFilePieces, createCitationStore, type CitationStore } from '../pipeline/citation-store.js';
import { readCheckFile, readCitationsFile } from '../pipeline/load.js';
import { checkFilePieces, outcomeOfFile, type CheckOutcome, type CheckRun } from '../pipeline/outcome.js';
import { appendStepSummary, reportName, writeDocumentReport, type WrittenReport } from '../pipeline/report.js';
import { renderers } from '../report/index.js';
import { writeFileAtomic } from '../util/fs.js';
import { EXIT } from './exit.js';
import { checkFinished, collectGarbage, inputsLoaded, keepHeapNearLive, keepWasmUnoptimised } from './heap.js';
import { configFrom, type CommonOptions } from './options.js';
import { parseOne, printWarnings } from './parse.js';
import { createProgress } from './progress.js';

export async function checkCommand(opts: CommonOptions): Promise<number> {
  keepHeapNearLive();
  const config = await configFrom(opts);
  return withCitationStore(config, async (citations) => {
    citations.add(readCitationsFile(config.citations));
    // The notes as read from the file are garbage once in the store: collected before the check grows the heap on top of them.
    collectGarbage();
    inputsLoaded();
    const { check, stoppedBy } = await checkWithArchive(citations, config, opts);
    try {
      await writeFileAtomic(opts.output ?? config.checkOutput, checkFilePieces(check));
    } finally {
      await check.close();
    }
    return check.offline ? offline() : exitCode(stoppedBy, EXIT.ok);
  });
}

export async function reportCommand(opts: CommonOptions): Promise<number> {
  keepHeapNearLive();
  const config = await configFrom(opts);
  return withCitationStore(config, async (citations) => {
    const stored = citations.add(readCitationsFile(config.citations));
    const checkFile = readCheckFile(config.checkOutput);
    const archive = await readArchive(config.archive);
    const check = await outcomeOfFile(checkFile, citations, config.checkOutput, (url) => archive.previous(url, checkFile.checkedAt));
    try {
      inputsLoaded();
      return await finish([await writeDocumentReport(stored, check, archive, config)], check, null, opts, config);
    } finally {
      await check.close();
    }
  });
}

export async function runCommand(documents: readonly string[], opts: CommonOptions): Promise<number> {
  keepHeapNearLive();
  const config = await configFrom(opts);
  const names = new Set(documents.map(reportName));
  if (names.size < documents.length) {
    throw new CitecheckError('USAGE', 'two documents have the same file name; their reports would overwrite each other');
  }
  return withCitationStore(config, async (citations) => {
    for (const document of documents) await parseInto(citations, document);
    // The documents' texts are in the store now: freed before the check grows the heap on top of them.
    collectGarbage();
    inputsLoaded();
    // Nothing is written before the archive lock is held (the store is a temp file, deleted
    // on the way out): a document that fails to parse, or a second run on a locked archive,
    // leaves reports/ as it was.
    const { check, stoppedBy, archive } = await checkWithArchive(citations, config, opts);
    checkFinished();
    try {
      const written: WrittenReport[] = [];
      for (const stored of citations.documents) {
        await writeFileAtomic(join(config.reportsDir, `${reportName(stored.document.path)}.citations.json`), citationsFilePieces(stored));
      }
      await writeFileAtomic(config.checkOutput, checkFilePieces(check));
      for (const stored of citations.documents) written.push(await writeDocumentReport(stored, check, archive, config));
      // The reports' rows are read back from the run's result store: finish before deleting it.
      return await finish(written, check, stoppedBy, opts, config);
    } finally {
      await check.close();
    }
  });
}

/** The run's notes, kept in a temp file beside the check output for the run, and deleted however it ends. */
async function withCitationStore<T>(config: Config, use: (citations: CitationStore) => Promise<T>): Promise<T> {
  const citations = await createCitationStore(config.checkOutput);
  try {
    return await use(citations);
  } finally {
    await citations.close();
  }
}

/** Parse a document into the store, a note at a time: the parsed notes are never all held. */
async function parseInto(citations: CitationStore, document: string): Promise<void> {
  const stored = citations.add(await parseOne(document));
  printWarnings(document, stored.warnings);
}

/**
 * The network part, shared by `check` and `run`: one archive lock for the whole run, a
 * progress line on a terminal, and SIGINT/SIGTERM stopping new work while in-flight
 * requests finish.
 */
async function checkWithArchive(
  citations: CitationStore,
  config: Config,
  opts: CommonOptions,
): Promise<{ check: CheckRun; stoppedBy: NodeJS.Signals | null; archive: ArchiveView }> {
  // Loaded here, not at the top: the network stack (undici, htmlparser2, tldts) takes about
  // 0.4 s to load, which `parse` and `report` never need.
  keepWasmUnoptimised();
  const { checkDocuments } = await import('../pipeline/check.js');
  const progress = createProgress(!opts.quiet && process.stderr.isTTY === true);
  const logger: Logger = await createLogger(opts.logLevel, progress.clear);
  const archive: Archive = await openArchive(config.archive, { historyLimit: config.historyLimit });
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy = signal;
    logger.warn({ signal }, 'interrupted: finishing requests in flight, then writing what was checked (interrupt again to stop at once)');
    stop.abort();
  };
  // once(): a second signal meets Node's default and ends the process at once; the archive
  // on disk is still its last complete write, only this run's reports are not written.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const check = await checkDocuments(citations, config, {
      archive,
      logger,
      signal: stop.signal,
      onProgress: progress.update,
      resumeMaxAgeHours: opts.resume ? config.maxAgeHours : undefined,
      confirmPauseMs: opts.confirmNow ? config.confirmPauseMs : undefined,
    });
    // The archive as written by close(): the reports read it from memory rather than parse the file again.
    return { check, stoppedBy, archive };
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await archive.close();
  }
}

/** An interrupted run says so in its exit code (128 + the signal's number), whatever it found. */
function exitCode(stoppedBy: NodeJS.Signals | null, code: number): number {
  if (stoppedBy === 'SIGINT') return EXIT.sigint;
  if (stoppedBy === 'SIGTERM') return EXIT.sigterm;
  return code;
}

async function finish(written: readonly WrittenReport[], check: CheckOutcome, stoppedBy: NodeJS.Signals | null, opts: CommonOptions, config: Config): Promise<number> {
  for (const { report, markdownPath, jsonPath, archiveToday } of written) {
    for (const note of archiveToday) {
      process.stderr.write(`${report.document.path}:${note.line}: warning: note ${note.number} links to archive.today (${note.url ?? ''}), deprecated by Wikipedia in 2026; replace it with a Wayback Machine copy\n`);
    }
    process.stderr.write(`citecheck: wrote ${markdownPath} and ${jsonPath}: ${report.verdict}\n`);
    if (opts.format === 'github') {
      process.stdout.write(renderers.github(report, { failOn: config.failOn, failOnNewlyDead: config.failOnNewlyDead }));
      await appendStepSummary(report);
    } else if (opts.format) {
      process.stdout.write(renderers[opts.format](report));
    }
  }
  if (check.offline) return offline();
  const failing = written.reduce((n, w) => n + w.failing, 0);
  return exitCode(stoppedBy, failing > 0 ? EXIT.failing : EXIT.ok);
}

function offline(): number {
  process.stderr.write(
    'citecheck: offline: no request got an answer (no DNS, no route); nothing was checked and no source is called broken\n',
  );
  return EXIT.offline;
}
