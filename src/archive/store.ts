import { forEachLine, readRecordAt } from '../util/line-file.js';
import type { ArchivedCheck } from '../types.js';
import { parseLogLine, type UrlAnnotation } from './log.js';

/**
 * Where one URL's lines are in the log: its kept checks as (start, length) byte pairs, oldest
 * first, and its state folded from every `set` line. The checks themselves stay on disk.
 */
export interface UrlIndex {
  checks: number[];
  state?: UrlAnnotation;
}

export interface LogScan {
  index: Map<string, UrlIndex>;
  /** Records read (the header not counted). */
  records: number;
  /** Where the last whole line ends: bytes past it are a write cut short. */
  end: number;
}

/**
 * Append a check's place, keeping the newest `limit`. A new array of the exact size, not
 * push(): push() on an empty array reserves 17 slots, and at 100,000 URLs of one check each
 * that spare room was 20 MB of the run's heap.
 */
export function keepCheck(entry: UrlIndex, start: number, length: number, limit: number): void {
  const checks = entry.checks.concat(start, length);
  entry.checks = checks.length > 2 * limit ? checks.slice(checks.length - 2 * limit) : checks;
}

export function foldState(entry: UrlIndex, patch: UrlAnnotation): void {
  entry.state = { ...entry.state, ...patch };
}

/** Index every record after the header line (which ends at `headerEnd`). */
export function scanLog(fd: number, path: string, headerEnd: number, historyLimit: number): LogScan {
  const index = new Map<string, UrlIndex>();
  let records = 0;
  const end = forEachLine(fd, headerEnd, (text, start, length) => {
    records += 1;
    const record = parseLogLine(path, records + 1, text);
    let entry = index.get(record.url);
    if (entry === undefined) {
      entry = { checks: [] };
      index.set(record.url, entry);
    }
    if ('check' in record) keepCheck(entry, start, length, historyLimit);
    else foldState(entry, record.set);
  });
  return { index, records, end };
}

/** Records a compacted log would hold: the kept checks, and one state line per URL that has state. */
export function liveRecords(index: ReadonlyMap<string, UrlIndex>): number {
  let live = 0;
  for (const entry of index.values()) live += entry.checks.length / 2 + (entry.state === undefined ? 0 : 1);
  return live;
}

/** A check line as written by citecheck (validated when the log was indexed). */
export function parseCheck(line: string): ArchivedCheck {
  return (JSON.parse(line) as { check: ArchivedCheck }).check;
}

export function readCheckAt(fd: number, start: number, length: number): ArchivedCheck {
  return parseCheck(readRecordAt(fd, start, length));
}

