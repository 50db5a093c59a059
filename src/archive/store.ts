import { forEachLine, LineIndex, readRecordAt } from '../util/line-file.js';
import type { ArchivedCheck } from '../types.js';
import { parseLogLine, type UrlAnnotation } from './log.js';

/**
 * Where each URL's lines are in the log: its kept checks as (start, length) byte pairs, oldest
 * first, and its state folded from every `set` line. The checks themselves stay on disk.
 * Packed by the URL's slot (its place in order of first sight): the newest check in typed
 * arrays, an array of the older ones only for a URL that has some, state only where there is
 * some. An object and an array of each URL's checks cost some 130 bytes a URL: 13 MB of the
 * heap at the end of a first run of 100,000 URLs.
 */
export class LogIndex {
  private readonly slots = new Map<string, number>();
  /** The newest check by slot; length 0 where the URL has no check kept (only state): no check line is empty. */
  private readonly newest = new LineIndex();
  /** The kept checks before the newest, as (start, length) pairs, oldest first. */
  private readonly older = new Map<number, number[]>();
  private readonly states = new Map<number, UrlAnnotation>();

  /** `limit`: checks kept per URL, newest first to survive. */
  constructor(private readonly limit: number) {}

  /** The URLs, in order of first sight. */
  urls(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** Add a check's place, dropping the oldest beyond the limit. */
  keepCheck(url: string, start: number, length: number): void {
    const slot = this.slotOf(url);
    const newest = this.newest.length(slot);
    if (newest !== 0 && this.limit > 1) {
      // A new array of the exact size, not push(): push() reserves 17 slots.
      const pairs = (this.older.get(slot) ?? []).concat(this.newest.start(slot), newest);
      const most = 2 * (this.limit - 1);
      this.older.set(slot, pairs.length > most ? pairs.slice(pairs.length - most) : pairs);
    }
    this.newest.set(slot, start, length);
  }

  foldState(url: string, patch: UrlAnnotation): void {
    const slot = this.slotOf(url);
    this.states.set(slot, { ...this.states.get(slot), ...patch });
  }

  /** How many checks of `url` are kept. */
  count(url: string): number {
    const slot = this.slots.get(url);
    if (slot === undefined || this.newest.length(slot) === 0) return 0;
    return 1 + (this.older.get(slot)?.length ?? 0) / 2;
  }

  /** Where the i-th kept check of `url` (oldest first, i < count) is: start and length. */
  check(url: string, i: number): [start: number, length: number] {
    const slot = this.slots.get(url) as number;
    const older = this.older.get(slot) ?? [];
    if (2 * i < older.length) return [older[2 * i] as number, older[2 * i + 1] as number];
    return [this.newest.start(slot), this.newest.length(slot)];
  }

  state(url: string): UrlAnnotation | undefined {
    const slot = this.slots.get(url);
    return slot === undefined ? undefined : this.states.get(slot);
  }

  /** Records a compacted log would hold: the kept checks, and one state line per URL that has state. */
  liveRecords(): number {
    let live = this.states.size;
    for (const url of this.slots.keys()) live += this.count(url);
    return live;
  }

  private slotOf(url: string): number {
    let slot = this.slots.get(url);
    if (slot === undefined) {
      slot = this.newest.push(0, 0);
      this.slots.set(url, slot);
    }
    return slot;
  }
}

export interface LogScan {
  index: LogIndex;
  /** Records read (the header not counted). */
  records: number;
  /** Where the last whole line ends: bytes past it are a write cut short. */
  end: number;
}

/** Index every record after the header line (which ends at `headerEnd`). */
export function scanLog(fd: number, path: string, headerEnd: number, historyLimit: number): LogScan {
  const index = new LogIndex(historyLimit);
  let records = 0;
  const end = forEachLine(fd, headerEnd, (text, start, length) => {
    records += 1;
    const record = parseLogLine(path, records + 1, text);
    if ('check' in record) index.keepCheck(record.url, start, length);
    else index.foldState(record.url, record.set);
  });
  return { index, records, end };
}

/** A check line as written by citecheck (validated when the log was indexed). */
export function parseCheck(line: string): ArchivedCheck {
  return (JSON.parse(line) as { check: ArchivedCheck }).check;
}

export function readCheckAt(fd: number, start: number, length: number): ArchivedCheck {
  return parseCheck(readRecordAt(fd, start, length));
}

