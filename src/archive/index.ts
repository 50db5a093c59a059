import { CitecheckError } from '../errors.js';
import type { ArchivedCheck, ArchivedUrl, ArchiveFile, CheckResult } from '../types.js';
import { loadArchive } from './load.js';
import { acquireLock } from './lock.js';
import { archivePieces } from './pieces.js';
import { appendCapped, toArchivedCheck } from './record.js';
import { CoalescingWriter } from './writer.js';

export { changesSince, FAILING_STATUSES, isFailing } from './changes.js';
export { fromArchivedCheck, toArchivedCheck } from './record.js';

export interface ArchiveOptions {
  /** Checks kept per URL, newest first to survive (default 30). */
  historyLimit?: number;
  /** Least time between two writes of the file; 0 writes after every result (default 0). */
  flushIntervalMs?: number;
}

/** Reading the archive: what `report` needs, without taking the lock. */
export interface ArchiveView {
  /** The newest check of `url`, this run's included. */
  lastChecked(url: string): ArchivedCheck | null;
  /** The newest check of `url` made before `before` (this run's start): the last run's answer, offline checks passed over. */
  previous(url: string, before: string): ArchivedCheck | null;
  /** Everything kept for `url` (history and the state beside it), or null if never seen. */
  entry(url: string): ArchivedUrl | null;
}

/** The per-URL state later stages keep beside `history`. */
export type UrlAnnotation = Partial<Omit<ArchivedUrl, 'history'>>;

export interface Archive extends ArchiveView {
  /** Add a result; resolves once a write containing it is on disk. */
  record(result: CheckResult): Promise<void>;
  /** Set state beside a URL's history (other fields are kept); resolves once written. */
  annotate(url: string, patch: UrlAnnotation): Promise<void>;
  /** Write what is not yet written and release the lock. */
  close(): Promise<void>;
}

function checkOptions(options: ArchiveOptions): void {
  const { historyLimit, flushIntervalMs } = options;
  if (historyLimit !== undefined && !(Number.isInteger(historyLimit) && historyLimit >= 1)) {
    throw new CitecheckError('INVALID_CONFIG', `the archive history limit must be a whole number of at least 1, not ${historyLimit}`);
  }
  if (flushIntervalMs !== undefined && !(Number.isFinite(flushIntervalMs) && flushIntervalMs >= 0)) {
    throw new CitecheckError('INVALID_CONFIG', `the archive flush interval must be 0 ms or more, not ${flushIntervalMs}`);
  }
}

export async function openArchive(path: string, options: ArchiveOptions = {}): Promise<Archive> {
  checkOptions(options);
  const historyLimit = options.historyLimit ?? 30;
  const lock = await acquireLock(path);
  let file: ArchiveFile;
  try {
    file = await loadArchive(path);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const writer = new CoalescingWriter(path, options.flushIntervalMs ?? 0, () => archivePieces(file));
  let closed = false;

  const historyOf = (url: string): ArchivedCheck[] => file.urls[url]?.history ?? [];

  return {
    ...viewOf(file),
    async record(result) {
      if (closed) throw new Error('archive.record() called after close()');
      const entry = toArchivedCheck(result);
      file.urls[result.url] = { ...file.urls[result.url], history: appendCapped(historyOf(result.url), entry, historyLimit) };
      await writer.write();
    },
    async annotate(url, patch) {
      if (closed) throw new Error('archive.annotate() called after close()');
      file.urls[url] = { ...file.urls[url], ...patch, history: historyOf(url) };
      await writer.write();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await writer.finish();
      } finally {
        await lock.release();
      }
    },
  };
}

/** The archive as it is on disk, for reading only (a missing file reads as empty). */
export async function readArchive(path: string): Promise<ArchiveView> {
  return viewOf(await loadArchive(path));
}

function viewOf(file: ArchiveFile): ArchiveView {
  const historyOf = (url: string): ArchivedCheck[] => file.urls[url]?.history ?? [];
  return {
    lastChecked: (url) => historyOf(url).at(-1) ?? null,
    previous(url, before) {
      const cutoff = Date.parse(before);
      // A check made while this machine had no DNS (an offline run) is no finding about the
      // source: "changed since the last run" compares with the last real answer instead.
      return historyOf(url).findLast((entry) => Date.parse(entry.checkedAt) < cutoff && entry.reason !== 'dns_unavailable') ?? null;
    },
    entry: (url) => file.urls[url] ?? null,
  };
}
