import { closeSync, openSync } from 'node:fs';
import { CitecheckError } from '../errors.js';
import type { ArchivedCheck, ArchiveFile, CheckResult } from '../types.js';
import { readFileBytes, writeFileAtomic } from '../util/fs.js';
import { parseLegacyArchive } from './legacy.js';
import { acquireLock } from './lock.js';
import { annotationLine, checkLine, isLogHeader, LOG_HEADER, type UrlAnnotation } from './log.js';
import { toArchivedCheck } from './record.js';
import { firstLine, LineWriter, readRecordAt } from '../util/line-file.js';
import { findingTime, parseCheck, readCheckAt, scanLog, type LogIndex } from './store.js';

export { changesOf, FAILING_STATUSES, isFailing } from './changes.js';
export { fromArchivedCheck, toArchivedCheck } from './record.js';
export type { UrlAnnotation } from './log.js';

export interface ArchiveOptions {
  /** Checks kept per URL, newest first to survive (default 30). */
  historyLimit?: number;
}

/** Reading the archive: what `report` needs, without taking the lock. */
export interface ArchiveView {
  /** The newest check of `url`, this run's included. */
  lastChecked(url: string): ArchivedCheck | null;
  /** The newest check of `url` made before `before` (this run's start): the last run's answer, offline checks passed over. */
  previous(url: string, before: string): ArchivedCheck | null;
  /** The state kept beside the URL's history (death, archived copy, saved capture), or null if none. */
  annotation(url: string): UrlAnnotation | null;
}

export interface Archive extends ArchiveView {
  /** Add a result; resolves once it is written. */
  record(result: CheckResult): Promise<void>;
  /** Set state beside a URL's history (other fields are kept); resolves once written. */
  annotate(url: string, patch: UrlAnnotation): Promise<void>;
  /** Write what is not yet written and release the lock. */
  close(): Promise<void>;
}

const DEFAULT_HISTORY_LIMIT = 30;

function checkOptions(options: ArchiveOptions): void {
  const { historyLimit } = options;
  if (historyLimit !== undefined && !(Number.isInteger(historyLimit) && historyLimit >= 1)) {
    throw new CitecheckError('INVALID_CONFIG', `the archive history limit must be a whole number of at least 1, not ${historyLimit}`);
  }
}

/** What a view needs of a URL's history: how many checks are kept, and the i-th, oldest first. */
interface Histories {
  count(url: string): number;
  at(url: string, i: number): ArchivedCheck;
  /** findingTime of the i-th, known without reading it. */
  madeAt(url: string, i: number): number | null;
  annotation(url: string): UrlAnnotation | null;
}

function viewOf(histories: Histories): ArchiveView {
  return {
    lastChecked(url) {
      const n = histories.count(url);
      return n === 0 ? null : histories.at(url, n - 1);
    },
    previous(url, before) {
      const cutoff = Date.parse(before);
      // Chosen by the times the index holds, so only the check returned is read: after a run,
      // every URL's newest check is this run's, passed over here for each URL of its reports.
      for (let i = histories.count(url) - 1; i >= 0; i -= 1) {
        const madeAt = histories.madeAt(url, i);
        if (madeAt !== null && madeAt < cutoff) return histories.at(url, i);
      }
      return null;
    },
    annotation: (url) => histories.annotation(url),
  };
}

function indexHistories(index: LogIndex, read: (start: number, length: number) => ArchivedCheck): Histories {
  return {
    count: (url) => index.count(url),
    at: (url, i) => read(...index.check(url, i)),
    madeAt: (url, i) => index.madeAt(url, i),
    annotation: (url) => index.state(url) ?? null,
  };
}

/** The log a first-format archive becomes: its kept checks, then its state, URL by URL. */
function* legacyRecords(file: ArchiveFile, historyLimit: number): Generator<string> {
  yield `${LOG_HEADER}\n`;
  for (const [url, { history, ...state }] of Object.entries(file.urls)) {
    for (const check of history.slice(-historyLimit)) yield checkLine(url, check);
    if (Object.keys(state).length > 0) yield annotationLine(url, state);
  }
}

/** The log rewritten with only what is kept: lines are copied as they are, so nothing is re-encoded. */
function* compactedRecords(fd: number, index: LogIndex): Generator<string> {
  yield `${LOG_HEADER}\n`;
  for (const url of index.urls()) {
    for (let i = 0; i < index.count(url); i += 1) yield `${readRecordAt(fd, ...index.check(url, i))}\n`;
    const state = index.state(url);
    if (state !== undefined) yield annotationLine(url, state);
  }
}

interface OpenedLog {
  fd: number;
  headerEnd: number;
}

/** Open the log for reading and appending, creating it, or converting a first-format archive, first. */
async function openLog(path: string, historyLimit: number): Promise<OpenedLog> {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await writeFileAtomic(path, `${LOG_HEADER}\n`);
    fd = openSync(path, 'r+');
  }
  const header = logHeader(fd);
  if (header !== null) return { fd, headerEnd: header.end };
  closeSync(fd);
  await writeFileAtomic(path, legacyRecords(await readLegacy(path), historyLimit));
  return openLog(path, historyLimit);
}

/** The log's header line and where it ends; null when the file is not a log (a first-format archive, or empty). */
function logHeader(fd: number): { end: number } | null {
  const header = firstLine(fd);
  return header !== null && isLogHeader(header.text) ? header : null;
}

async function readLegacy(path: string): Promise<ArchiveFile> {
  return parseLegacyArchive(path, (await readFileBytes(path)).toString('utf8'));
}

/**
 * Open the archive for a run: take the lock, index the log, and append as results come.
 * A log holding more dropped records (checks past the history limit, superseded state)
 * than kept ones is rewritten first, so it stays within about twice what it keeps.
 */
export async function openArchive(path: string, options: ArchiveOptions = {}): Promise<Archive> {
  checkOptions(options);
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const lock = await acquireLock(path);
  let log: LineWriter;
  let index: LogIndex;
  try {
    let opened = await openLog(path, historyLimit);
    let scan = scanLog(opened.fd, path, opened.headerEnd, historyLimit);
    const live = scan.index.liveRecords();
    if (scan.records - live > live) {
      await writeFileAtomic(path, compactedRecords(opened.fd, scan.index));
      closeSync(opened.fd);
      opened = await openLog(path, historyLimit);
      scan = scanLog(opened.fd, path, opened.headerEnd, historyLimit);
    }
    log = new LineWriter(opened.fd, path, scan.end);
    index = scan.index;
  } catch (error) {
    await lock.release();
    throw error;
  }
  let closed = false;
  const afterClose = closedReader(path);

  return {
    ...viewOf(indexHistories(index, (start, length) => (closed ? afterClose.read(start, length) : parseCheck(log.read(start, length))))),
    record(result) {
      if (closed) throw new Error('archive.record() called after close()');
      const check = toArchivedCheck(result);
      const { start, length, written } = log.append(checkLine(result.url, check));
      index.keepCheck(result.url, start, length, findingTime(check));
      return written;
    },
    annotate(url, patch) {
      if (closed) throw new Error('archive.annotate() called after close()');
      index.foldState(url, patch);
      return log.append(annotationLine(url, patch)).written;
    },
    async close() {
      if (closed) return;
      try {
        log.close();
        closed = true;
      } finally {
        if (closed) await lock.release();
      }
    },
  };
}

/**
 * After close(), the run's report still reads checks: from the file, opened read-only on the
 * first such read and kept open for the rest of the process.
 */
function closedReader(path: string): { read(start: number, length: number): ArchivedCheck } {
  let fd: number | null = null;
  return {
    read(start, length) {
      fd ??= openSync(path, 'r');
      return readCheckAt(fd, start, length);
    },
  };
}

/** The archive as it is on disk, for reading only (a missing file reads as empty). */
export async function readArchive(path: string, options: ArchiveOptions = {}): Promise<ArchiveView> {
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return viewOf(legacyHistories({ schemaVersion: 1, urls: {} }));
    throw error;
  }
  const header = logHeader(fd);
  if (header === null) {
    closeSync(fd);
    return viewOf(legacyHistories(await readLegacy(path)));
  }
  const { index } = scanLog(fd, path, header.end, historyLimit);
  return viewOf(indexHistories(index, (start, length) => readCheckAt(fd, start, length)));
}

function legacyHistories(file: ArchiveFile): Histories {
  return {
    count: (url) => file.urls[url]?.history.length ?? 0,
    at: (url, i) => (file.urls[url]?.history ?? [])[i] as ArchivedCheck,
    madeAt: (url, i) => findingTime((file.urls[url]?.history ?? [])[i] as ArchivedCheck),
    annotation(url) {
      const entry = file.urls[url];
      if (entry === undefined) return null;
      const { history: _history, ...state } = entry;
      return state;
    },
  };
}
