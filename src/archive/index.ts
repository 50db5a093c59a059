import { setTimeout as sleep } from 'node:timers/promises';
import type { ArchivedCheck, ArchiveFile, CheckResult } from '../types.js';
import { toJson, writeFileAtomic } from '../util/fs.js';
import { loadArchive } from './load.js';
import { acquireLock } from './lock.js';
import { appendCapped, toArchivedCheck } from './record.js';

export { changesSince, FAILING_STATUSES, isFailing } from './changes.js';
export { toArchivedCheck } from './record.js';

export interface ArchiveOptions {
  /** Checks kept per URL, newest first to survive (default 30). */
  historyLimit?: number;
  /** Least time between two writes of the file; 0 writes after every result (default 0). */
  flushIntervalMs?: number;
}

export interface Archive {
  /** Add a result; resolves once a write containing it is on disk. */
  record(result: CheckResult): Promise<void>;
  /** The newest check of `url`, this run's included. */
  lastChecked(url: string): ArchivedCheck | null;
  /** The newest check of `url` made before `before` (this run's start): the last run's answer. */
  previous(url: string, before: string): ArchivedCheck | null;
  /** Write what is not yet written and release the lock. */
  close(): Promise<void>;
}

/**
 * Writes the file at most once per interval and never two at once: a burst of results
 * shares the next write, which serialises the state when it starts.
 */
class CoalescingWriter {
  private current: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  /** Something changed that no started write has serialised yet. */
  private dirty = false;
  /** Aborted by finish(): the last write must not wait out the interval. */
  private readonly hurry = new AbortController();

  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    private readonly content: () => string,
  ) {}

  write(): Promise<void> {
    this.dirty = true;
    if (this.next !== null) return this.next;
    const next = this.current
      .catch(() => undefined)
      .then(async () => {
        const wait = this.lastStart + this.intervalMs - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: this.hurry.signal }).catch(() => undefined);
        this.next = null;
        this.lastStart = performance.now();
        this.dirty = false;
        await writeFileAtomic(this.path, this.content()).catch((error: unknown) => {
          this.dirty = true;
          throw error;
        });
      });
    this.next = next;
    this.current = next;
    return next;
  }

  /** Wait for the writes under way; write again if the last one failed or missed a change. */
  async finish(): Promise<void> {
    this.hurry.abort();
    await this.current.catch(() => undefined);
    if (this.dirty) await this.write();
  }
}

export async function openArchive(path: string, options: ArchiveOptions = {}): Promise<Archive> {
  const historyLimit = options.historyLimit ?? 30;
  const lock = await acquireLock(path);
  let file: ArchiveFile;
  try {
    file = await loadArchive(path);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const writer = new CoalescingWriter(path, options.flushIntervalMs ?? 0, () => toJson(file));
  let closed = false;

  const historyOf = (url: string): ArchivedCheck[] => file.urls[url]?.history ?? [];

  return {
    async record(result) {
      if (closed) throw new Error('archive.record() called after close()');
      const entry = toArchivedCheck(result);
      file.urls[result.url] = { ...file.urls[result.url], history: appendCapped(historyOf(result.url), entry, historyLimit) };
      await writer.write();
    },
    lastChecked: (url) => historyOf(url).at(-1) ?? null,
    previous(url, before) {
      const cutoff = Date.parse(before);
      return historyOf(url).findLast((entry) => Date.parse(entry.checkedAt) < cutoff) ?? null;
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
