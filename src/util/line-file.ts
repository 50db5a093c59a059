import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CitecheckError } from '../errors.js';
import { Blocks, tempPathFor } from './fs.js';

/*
 * Files of records appended as the run goes (the archive log, one JSON record a line; a run's
 * spooled notes and results, texts found by offset and length), read back by byte offset, so a
 * run holds offsets rather than the records.
 */

const CHUNK_BYTES = 1 << 20;

/**
 * A read of one line brings this much of what follows with it when it reads on in the file's
 * order: the reports ask for a run's notes (and its results, once sorted by URL) in about the
 * order they were written, so most reads are then served from memory instead of costing a
 * system call each. A read elsewhere (a note's source further back, a file read out of
 * order) takes its own line only: when the results were read in URL order from a file in
 * answer order, 64 KiB for each line of 1-2 KiB was 8 % of a CPU profile's busy time at
 * 10,000 URLs.
 */
const READ_AHEAD_BYTES = 64 * 1024;

/**
 * Call `onLine` for each whole line after `from`, with its byte offset and length (newline not
 * counted). A megabyte is read at a time, so a log of any size is read in constant memory.
 * Returns the offset after the last newline.
 */
export function forEachLine(fd: number, from: number, onLine: (text: string, start: number, length: number) => void): number {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer | null = null;
  let carryStart = from;
  let position = from;
  for (;;) {
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) break;
    const data: Buffer = carry === null ? chunk.subarray(0, read) : Buffer.concat([carry, chunk.subarray(0, read)]);
    const base = carry === null ? position : carryStart;
    position += read;
    let lineStart = 0;
    for (let newline = data.indexOf(10, lineStart); newline !== -1; newline = data.indexOf(10, lineStart)) {
      onLine(data.toString('utf8', lineStart, newline), base + lineStart, newline - lineStart);
      lineStart = newline + 1;
    }
    // Copied: `chunk` is overwritten by the next read.
    carry = lineStart < data.length ? Buffer.from(data.subarray(lineStart)) : null;
    carryStart = base + lineStart;
  }
  return carry === null ? position : carryStart;
}

/** The first line of a file (at most `max` bytes of it), and where it ends; null for an empty file. */
export function firstLine(fd: number, max = 4096): { text: string; end: number } | null {
  const head = Buffer.allocUnsafe(max);
  const read = readSync(fd, head, 0, max, 0);
  if (read === 0) return null;
  const newline = head.subarray(0, read).indexOf(10);
  return newline === -1 ? { text: head.toString('utf8', 0, read), end: read } : { text: head.toString('utf8', 0, newline), end: newline + 1 };
}

/** Reused by every read: a report reads each URL's line back several times, and a buffer each was garbage each time. */
let scratch = Buffer.allocUnsafe(64 * 1024);

export function readRecordAt(fd: number, start: number, length: number): string {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  return scratch.toString('utf8', 0, readInto(fd, scratch, start, length));
}

/** Read up to `length` bytes at `start` into the head of `bytes`; fewer only at the end of the file. */
export function readInto(fd: number, bytes: Buffer, start: number, length: number): number {
  let got = 0;
  while (got < length) {
    const read = readSync(fd, bytes, got, length - got, start + got);
    if (read === 0) break;
    got += read;
  }
  return got;
}

/** What a writer's queue starts at, and the most it keeps between flushes (see LineWriter.queued). */
const QUEUE_START_BYTES = 16 * 1024;
const QUEUE_KEPT_BYTES = 1024 * 1024;

/**
 * A file of lines, appended to. Appended lines are written together once per turn of the
 * event loop (a burst of results costs one write), queued ones when flushed; both at offsets
 * known when they are added, so the index can point at a line before it is on disk; reading
 * one flushes first. Synchronous I/O: the writes are small and batched, and a read needs its
 * answer at once.
 */
export class LineWriter {
  /**
   * The queued lines, encoded as they are queued: held as strings until a flush, a spool's
   * 256 KB of them (some 0.3 s of results at politeness off) lived through several
   * young-generation collections and were moved to the old one, to be marked by every full
   * collection after. Measured, paired runs on the bench farm, politeness off: CPU -2.1 %
   * (10,000 URLs, median of 3) and -1.9 % (100,000, one run), peak RSS 2-4 MB higher. Grown as
   * lines come; a burst's size (the death states of every failing URL queued at once) is
   * given back after its flush.
   */
  private readonly queued = new Blocks(QUEUE_START_BYTES, QUEUE_KEPT_BYTES);
  private written: Promise<void> | null = null;
  /** The bytes read last, from `aheadStart`: whole lines already written, which never change. */
  private ahead: Buffer | null = null;
  private aheadStart = 0;
  private aheadLength = 0;
  /** Where the last line read ends. */
  private lastEnd = 0;

  /** Bytes appended and not yet written. */
  get queuedBytes(): number {
    return this.queued.usedBytes;
  }

  constructor(
    private readonly fd: number,
    private readonly path: string,
    /** Bytes of whole lines in the file: appends start here. */
    private size: number,
  ) {
    // A write cut short by a crash leaves part of a line at the end: it is dropped, so the next append starts a line.
    if (fstatSync(fd).size > size) ftruncateSync(fd, size);
  }

  /** Queue a line, written at the end of this turn; returns where it will start, and a promise settled when it is on disk. */
  append(line: string): { start: number; length: number; written: Promise<void> } {
    const at = this.queue(line);
    this.written ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.written = null;
        try {
          this.flush();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    // Keys written out, not spread: V8 (node 20) takes a slow path for a spread followed by new keys.
    return { start: at.start, length: at.length, written: this.written };
  }

  /**
   * Queue a line, written only by the next flush (or read of a queued line): for lines that
   * need not be on disk soon, so a run of many small results costs few writes.
   */
  queue(line: string): { start: number; length: number } {
    const start = this.size + this.queued.usedBytes;
    const length = this.queued.add(line);
    // The newline is part of the line as written, not of the record read back.
    return { start, length: length - 1 };
  }

  /** Write what is queued. On failure the file is cut back to its last whole line and the lines stay queued. */
  flush(): void {
    const data = this.queued.rest();
    if (data === null) return;
    try {
      for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset, this.size + offset);
    } catch (error) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // The line boundary is restored on the next open: a cut-short tail is dropped there.
      }
      throw new CitecheckError('WRITE_FAILED', `could not write ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    this.size += data.length;
    this.queued.written();
  }

  /** The line at `start` (its newline not included), flushing first if it is still queued. */
  read(start: number, length: number): string {
    if (start + length > this.size) this.flush();
    if (this.ahead === null || start < this.aheadStart || start + length > this.aheadStart + this.aheadLength) {
      const onward = start >= this.lastEnd && start < this.lastEnd + READ_AHEAD_BYTES;
      const want = onward ? Math.max(READ_AHEAD_BYTES, length) : length;
      if (this.ahead === null || this.ahead.length < want) this.ahead = Buffer.allocUnsafe(want);
      // Only up to the last whole line: bytes past it may be a failed write's, about to be overwritten.
      this.aheadLength = readInto(this.fd, this.ahead, start, Math.min(want, this.size - start));
      this.aheadStart = start;
    }
    this.lastEnd = start + length;
    const from = start - this.aheadStart;
    return this.ahead.toString('utf8', from, from + Math.min(length, this.aheadLength - from));
  }

  /** Close the file, dropping what is queued (for a file about to be deleted). */
  discard(): void {
    this.queued.written();
    closeSync(this.fd);
  }

  /** Flush, make it durable, and close the file. */
  close(): void {
    this.flush();
    fdatasyncSync(this.fd);
    closeSync(this.fd);
  }
}

/**
 * A spool writes its lines once this many bytes are queued, not each turn of the event loop:
 * a check of 100,000 URLs spent 2 s in the write calls of a line or two each, one a turn. A
 * read of a line still queued writes first.
 */
const SPOOL_FLUSH_BYTES = 256 * 1024;

/**
 * A run's texts of one kind spooled to a temp file beside `beside`, read back by ordinal: the
 * run holds where each text is, not the texts. A text may span lines (it is found by offset
 * and length, never by its newlines). The file is deleted on close; one left by a killed run
 * goes with the next write of `beside`.
 */
export class TextSpool {
  private readonly path: string;
  private readonly lines: LineWriter;
  private readonly where = new LineIndex();
  private closed = false;

  /** The folder of `beside` must exist. */
  constructor(private readonly beside: string) {
    this.path = tempPathFor(beside);
    this.lines = new LineWriter(openSync(this.path, 'w+'), this.path, 0);
  }

  get size(): number {
    return this.where.size;
  }

  /** Keep a text; returns its ordinal (0, 1, …). */
  append(text: string): number {
    const { start, length } = this.appendLine(text);
    return this.where.push(start, length);
  }

  /** Keep `text` in place of the one at `ordinal`: it is written anew, and the old one is left unread. */
  replace(ordinal: number, text: string): void {
    const { start, length } = this.appendLine(text);
    this.where.set(ordinal, start, length);
  }

  /**
   * A spool of this one's texts in the order given (by ordinal: the new ordinal of each is
   * its place in `order`), this one deleted. For texts read in passes in another order than
   * they were written: each pass then reads the file front to back, from the read-ahead,
   * instead of a system call a text.
   */
  async reordered(order: Iterable<number>): Promise<TextSpool> {
    const copy = new TextSpool(this.beside);
    try {
      for (const ordinal of order) copy.append(this.read(ordinal));
      copy.flush();
    } catch (error) {
      await copy.close();
      throw error;
    }
    await this.close();
    return copy;
  }

  private appendLine(text: string): { start: number; length: number } {
    const at = this.lines.queue(`${text}\n`);
    if (this.lines.queuedBytes > SPOOL_FLUSH_BYTES) this.lines.flush();
    return at;
  }

  read(ordinal: number): string {
    return this.lines.read(this.where.start(ordinal), this.where.length(ordinal));
  }

  /** Write what is queued now, so a failed write is thrown here. */
  flush(): void {
    this.lines.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lines.discard();
    await rm(this.path, { force: true });
  }
}

/** A TextSpool of records, one JSON line each. */
export class RecordSpool<T> {
  private readonly texts: TextSpool;

  /** The folder of `beside` must exist. */
  constructor(beside: string) {
    this.texts = new TextSpool(beside);
  }

  get size(): number {
    return this.texts.size;
  }

  /** Keep a record; returns its ordinal (0, 1, …). */
  append(record: T): number {
    return this.texts.append(JSON.stringify(record));
  }

  /** Keep `record` in place of the one at `ordinal`. */
  replace(ordinal: number, record: T): void {
    this.texts.replace(ordinal, JSON.stringify(record));
  }

  read(ordinal: number): T {
    return JSON.parse(this.texts.read(ordinal)) as T;
  }

  flush(): void {
    this.texts.flush();
  }

  close(): Promise<void> {
    return this.texts.close();
  }
}

/**
 * Where each line of a line file is, by its ordinal: packed in typed arrays (12 bytes a line)
 * rather than an object a line, which cost some 50 bytes each and a pointer for the collector
 * to trace.
 */
export class LineIndex {
  private starts = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Record a line; returns its ordinal. */
  push(start: number, length: number): number {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, new Float64Array(this.count * 2));
      this.lengths = grown(this.lengths, new Uint32Array(this.count * 2));
    }
    this.starts[this.count] = start;
    this.lengths[this.count] = length;
    return this.count++;
  }

  /** Point an ordinal already pushed at another line. */
  set(ordinal: number, start: number, length: number): void {
    this.starts[ordinal] = start;
    this.lengths[ordinal] = length;
  }

  start(ordinal: number): number {
    return this.starts[ordinal] as number;
  }

  length(ordinal: number): number {
    return this.lengths[ordinal] as number;
  }
}

/** A growable list of whole numbers (ordinals, links), packed 4 bytes each. */
export class IntList {
  private items = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(value: number): number {
    if (this.count === this.items.length) this.items = grown(this.items, new Int32Array(this.count * 2));
    this.items[this.count] = value;
    return this.count++;
  }

  get(index: number): number {
    return this.items[index] as number;
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }
}

/**
 * Items added to numbered chains, each chain read back in the order its items came: the first
 * and last item of each chain, and the next of each item. Items are numbered 0, 1, … in the
 * order they are added, whatever their chain, so they can index a list kept beside (a spool's
 * ordinals, a note per link).
 */
export class Chains {
  private readonly firstItem = new IntList();
  private readonly lastItem = new IntList();
  private readonly nextItem = new IntList();

  /** A new, empty chain; returns its number (0, 1, …). */
  newChain(): number {
    this.lastItem.push(-1);
    return this.firstItem.push(-1);
  }

  /** A new item at the end of `chain`; returns its number. */
  append(chain: number): number {
    const item = this.nextItem.push(-1);
    const before = this.lastItem.get(chain);
    if (before === -1) this.firstItem.set(chain, item);
    else this.nextItem.set(before, item);
    this.lastItem.set(chain, item);
    return item;
  }

  /** The chain's first item, -1 when it has none. */
  first(chain: number): number {
    return this.firstItem.get(chain);
  }

  /** The chain's last item, -1 when it has none. */
  last(chain: number): number {
    return this.lastItem.get(chain);
  }

  /** The item after `item` in its chain, -1 after the last. */
  next(item: number): number {
    return this.nextItem.get(item);
  }
}

function grown<T extends Float64Array | Uint32Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
