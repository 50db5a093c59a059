import { forEachLine, LineIndex, readRecordAt } from '../util/line-file.js';
import type { ArchivedCheck } from '../types.js';
import { parseLogLine, type UrlAnnotation } from './log.js';

/**
 * Where each URL's lines are in the log: its kept checks as (start, length) byte places with
 * when each was made, oldest first, and its state folded from every `set` line. The checks
 * themselves stay on disk. Packed by the URL's slot (its place in order of first sight): the
 * newest check in typed arrays, an array of the older ones only for a URL that has some, state
 * only where there is some. An object and an array of each URL's checks cost some 130 bytes a
 * URL: 13 MB of the heap at the end of a first run of 100,000 URLs.
 */
export class LogIndex {
  private readonly slots = new Map<string, number>();
  /** The newest check by slot; length 0 where the URL has no check kept (only state): no check line is empty. */
  private readonly newest = new LineIndex();
  /** The newest check's findingTime by slot, NaN for null: numbers only, so V8 packs them unboxed. */
  private readonly newestMadeAt: number[] = [];
  /** The kept checks before the newest, as (start, length, findingTime or NaN) triples, oldest first. */
  private readonly older = new Map<number, number[]>();
  private readonly states = new Map<number, UrlAnnotation>();

  /** `limit`: checks kept per URL, newest first to survive. */
  constructor(private readonly limit: number) {}

  /** The URLs, in order of first sight. */
  urls(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** Add a check's place and its findingTime, dropping the oldest beyond the limit. */
  keepCheck(url: string, start: number, length: number, madeAt: number | null): void {
    const slot = this.slotOf(url);
    const newest = this.newest.length(slot);
    if (newest !== 0 && this.limit > 1) {
      // A new array of the exact size, not push(): push() reserves 17 slots.
      const triples = (this.older.get(slot) ?? []).concat(this.newest.start(slot), newest, this.newestMadeAt[slot] as number);
      const most = 3 * (this.limit - 1);
      this.older.set(slot, triples.length > most ? triples.slice(triples.length - most) : triples);
    }
    this.newest.set(slot, start, length);
    this.newestMadeAt[slot] = madeAt ?? Number.NaN;
  }

  foldState(url: string, patch: UrlAnnotation): void {
    const slot = this.slotOf(url);
    this.states.set(slot, { ...this.states.get(slot), ...patch });
  }

  /** How many checks of `url` are kept. */
  count(url: string): number {
    const slot = this.slots.get(url);
    if (slot === undefined || this.newest.length(slot) === 0) return 0;
    return 1 + (this.older.get(slot)?.length ?? 0) / 3;
  }

  /** Where the i-th kept check of `url` (oldest first, i < count) is: start and length. */
  check(url: string, i: number): [start: number, length: number] {
    const slot = this.slots.get(url) as number;
    const older = this.older.get(slot) ?? [];
    if (3 * i < older.length) return [older[3 * i] as number, older[3 * i + 1] as number];
    return [this.newest.start(slot), this.newest.length(slot)];
  }

  /** The i-th kept check's findingTime, without reading the check. */
  madeAt(url: string, i: number): number | null {
    const slot = this.slots.get(url) as number;
    const older = this.older.get(slot) ?? [];
    const at = 3 * i < older.length ? (older[3 * i + 2] as number) : (this.newestMadeAt[slot] as number);
    return Number.isNaN(at) ? null : at;
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
      this.newestMadeAt.push(Number.NaN);
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
    if ('check' in record) index.keepCheck(record.url, start, length, findingTime(record.check));
    else index.foldState(record.url, record.set);
  });
  return { index, records, end };
}

/**
 * When a check was made, in ms, as "the last run's answer" is chosen by; null for a check made
 * while this machine had no DNS (an offline run), which is no finding about the source.
 */
export function findingTime(check: Pick<ArchivedCheck, 'checkedAt' | 'reason'>): number | null {
  return check.reason === 'dns_unavailable' ? null : Date.parse(check.checkedAt);
}

/** A check line as written by citecheck (validated when the log was indexed). */
export function parseCheck(line: string): ArchivedCheck {
  return (JSON.parse(line) as { check: ArchivedCheck }).check;
}

export function readCheckAt(fd: number, start: number, length: number): ArchivedCheck {
  return parseCheck(readRecordAt(fd, start, length));
}

