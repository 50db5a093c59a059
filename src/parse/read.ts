import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { CitecheckError } from '../errors.js';
import { readFileBytes } from '../util/fs.js';
import { readInto, type LineIndex } from '../util/line-file.js';
import { BOM_LENGTH, ByteLines, hasBom, LineEnds, type LineBytes } from './lines.js';

/** A handful of stray bytes (one mis-encoded name) is tolerated; more means it is not UTF-8 text. */
const TOLERATED_INVALID_SEQUENCES = 8;

/**
 * A document this large or larger is read from its file a line at a time, as the parse asks,
 * rather than held: at 100,000 notes its 31 MB stayed in memory to the end of the parse, which
 * was the highest point of a run's RSS. Smaller ones (nearly all) are read whole.
 */
export const READ_FROM_FILE_BYTES = 1024 * 1024;

/**
 * Read a document's lines: UTF-8 (or UTF-16 with a byte-order mark), BOM stripped, any
 * line end read as `\n`. Each line is decoded when it is read (see ByteLines); a file of
 * `fromFileBytes` or more is read again as lines are asked for, and is open until
 * ByteLines.close(). Refuses missing, binary and empty files with a message that names the file.
 */
export async function readDocument(path: string, fromFileBytes = READ_FROM_FILE_BYTES): Promise<ByteLines> {
  const lines = linesFromFile(path, fromFileBytes) ?? new ByteLines(utf8Of(await readBytes(path), path));
  if (isBlank(lines)) {
    lines.close();
    throw new CitecheckError('INPUT_EMPTY', `${path}: the file is empty`);
  }
  return lines;
}

/** Stops at the first line with text in it, in nearly every document the first. */
function isBlank(lines: ByteLines): boolean {
  for (let i = 0; i < lines.length; i += 1) if ((lines.at(i) ?? '').trim() !== '') return false;
  return true;
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFileBytes(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

function cannotRead(path: string, error: unknown): CitecheckError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
  return new CitecheckError('INPUT_NOT_FOUND', `${path}: ${reason}`, { cause: error });
}

/** The document as UTF-8: checked when it is, made from the text when it is UTF-16 (rare, and small). */
function utf8Of(bytes: Buffer, path: string): Buffer {
  if (isUtf16(bytes)) return Buffer.from(new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes));
  const invalid: number[] = [];
  checkPiece({ bytes, carried: 0, filled: bytes.length, at: 0, last: true }, invalid, path);
  refuseUntolerated(invalid, path);
  return bytes;
}

/**
 * `bytes[0, filled)` of a document, found at `at` in its file: the bytes of a sequence the
 * previous piece cut (`carried` of them), then fresh ones. `last`: no piece follows.
 */
interface Piece {
  bytes: Buffer;
  carried: number;
  filled: number;
  at: number;
  last: boolean;
}

/**
 * Refuse a piece with a NUL in its fresh bytes, and add the offsets of its malformed UTF-8
 * to `invalid` (up to one past the tolerated count). A sequence the piece's end cuts, unless
 * it is the last, is left to be checked with the next: returns how many bytes that is.
 */
function checkPiece(piece: Piece, invalid: number[], path: string): number {
  const { bytes, carried, filled, at, last } = piece;
  const nul = bytes.subarray(carried, filled).indexOf(0);
  if (nul !== -1) throw notText(path, at + carried + nul);
  const whole = last ? filled : filled - cutSequence(bytes, filled);
  // The native check clears valid bytes at once; the byte-by-byte scan (~80 ms for 10 MB)
  // runs only for bytes that are not, to count them and say where the first one is.
  const checked = bytes.subarray(0, whole);
  if (invalid.length <= TOLERATED_INVALID_SEQUENCES && !isUtf8(checked)) {
    for (const offset of invalidUtf8Offsets(checked, TOLERATED_INVALID_SEQUENCES + 1 - invalid.length)) invalid.push(at + offset);
  }
  return filled - whole;
}

function refuseUntolerated(invalid: readonly number[], path: string): void {
  if (invalid.length > TOLERATED_INVALID_SEQUENCES) throw notUtf8(path, invalid[0] as number);
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function notText(path: string, at: number): CitecheckError {
  return new CitecheckError('INPUT_NOT_TEXT', `${path}: not a text file (binary content at byte ${at})`);
}

function notUtf8(path: string, at: number): CitecheckError {
  return new CitecheckError('INPUT_NOT_TEXT', `${path}: not a text file (invalid UTF-8 at byte ${at}; save it as UTF-8 text)`);
}

/** Read a megabyte at a time while a large document's lines are found and its bytes checked. */
const SCAN_BYTES = 1024 * 1024;

/**
 * The lines of a regular file of `fromBytes` or more, found and checked as utf8Of checks
 * bytes in memory, a megabyte at a time, and read from the file when asked for. Null for
 * any other file (small, UTF-16, not a regular file), to be read whole.
 */
function linesFromFile(path: string, fromBytes: number): ByteLines | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size < fromBytes) {
      closeSync(fd);
      return null;
    }
    const scanned = scanFile(fd, path);
    if (scanned === null) {
      closeSync(fd);
      return null;
    }
    return new ByteLines(new FileBytes(fd, path, scanned.size), scanned.index);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * The lines of an open file, a piece at a time. A sequence of UTF-8 cut by the end of a
 * piece is checked with the next: its bytes are carried to the front of the next read.
 * Null when the file is UTF-16.
 */
function scanFile(fd: number, path: string): { index: LineIndex; size: number } | null {
  const chunk = Buffer.allocUnsafe(SCAN_BYTES + MAX_SEQUENCE);
  const invalid: number[] = [];
  let ends: LineEnds | null = null;
  let carried = 0;
  let position = 0;
  for (;;) {
    const read = readSync(fd, chunk, carried, SCAN_BYTES, position);
    if (read === 0) break;
    const fresh = chunk.subarray(carried, carried + read);
    if (ends === null) {
      if (isUtf16(fresh)) return null;
      ends = new LineEnds(hasBom(fresh) ? BOM_LENGTH : 0);
    }
    const filled = carried + read;
    const cut = checkPiece({ bytes: chunk, carried, filled, at: position - carried, last: false }, invalid, path);
    ends.feed(fresh, position);
    chunk.copy(chunk, 0, filled - cut, filled);
    carried = cut;
    position += read;
  }
  // A sequence the file's end cut short.
  checkPiece({ bytes: chunk, carried, filled: carried, at: position - carried, last: true }, invalid, path);
  refuseUntolerated(invalid, path);
  return { index: (ends ?? new LineEnds(0)).end(position), size: position };
}

/** The longest UTF-8 sequence. */
const MAX_SEQUENCE = 4;

/** How many bytes at the end of `bytes[0, end)` start a sequence that runs past it: 0 when none does. */
export function cutSequence(bytes: Uint8Array, end: number): number {
  for (let back = 1; back < MAX_SEQUENCE && back <= end; back += 1) {
    const byte = bytes[end - back] as number;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLengthOfLead(byte) > back ? back : 0;
  }
  return 0;
}

function sequenceLengthOfLead(lead: number): number {
  if (lead >= 0xf0) return 4;
  return lead >= 0xe0 ? 3 : 2;
}

/** Bytes kept of a large document's file: two windows, one for the notes and one for the body their claims are read from. */
const WINDOW_BYTES = 256 * 1024;

/**
 * A document's file, read a window at a time as its lines are asked for. The parse reads
 * lines mostly in order, in two places at once (a note, and the body where its claims are).
 */
class FileBytes implements LineBytes {
  private readonly windows: Window[] = [newWindow(), newWindow()];
  /** The window read last; a read into a window goes to the other. */
  private recent = 0;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly path: string,
    private readonly size: number,
  ) {}

  text(start: number, length: number): string {
    let held = this.windows.findIndex((w) => start >= w.start && start + length <= w.start + w.length);
    if (held === -1) {
      if (length > WINDOW_BYTES) return this.read(Buffer.allocUnsafe(length), start, length).toString('utf8');
      held = 1 - this.recent;
      const window = this.windows[held] as Window;
      window.length = 0;
      const want = Math.min(WINDOW_BYTES, this.size - start);
      this.read(window.bytes, start, want);
      window.start = start;
      window.length = want;
    }
    this.recent = held;
    const window = this.windows[held] as Window;
    return window.bytes.toString('utf8', start - window.start, start - window.start + length);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** `length` bytes at `start` into the head of `bytes`: all of them, or the file changed under the parse. */
  private read(bytes: Buffer, start: number, length: number): Buffer {
    if (readInto(this.fd, bytes, start, length) < length) {
      throw new CitecheckError('INPUT_CHANGED', `${this.path}: the file changed while it was read; run again once it is saved`);
    }
    return bytes;
  }
}

interface Window {
  bytes: Buffer;
  start: number;
  length: number;
}

function newWindow(): Window {
  return { bytes: Buffer.allocUnsafe(WINDOW_BYTES), start: 0, length: 0 };
}

/** Offsets of malformed UTF-8 sequences (RFC 3629 §4), stopping after `limit` of them. */
export function invalidUtf8Offsets(bytes: Uint8Array, limit: number): number[] {
  const found: number[] = [];
  let i = 0;
  while (i < bytes.length && found.length < limit) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      found.push(i);
      i += 1;
    } else {
      i += length;
    }
  }
  return found;
}

/**
 * Well-formed lead bytes, with the sequence length and the range allowed for the second
 * byte (RFC 3629 §4 table: no overlongs, no surrogates, nothing above U+10FFFF).
 */
const LEADS: readonly { from: number; to: number; length: number; low: number; high: number }[] = [
  { from: 0xc2, to: 0xdf, length: 2, low: 0x80, high: 0xbf },
  { from: 0xe0, to: 0xe0, length: 3, low: 0xa0, high: 0xbf },
  { from: 0xe1, to: 0xec, length: 3, low: 0x80, high: 0xbf },
  { from: 0xed, to: 0xed, length: 3, low: 0x80, high: 0x9f },
  { from: 0xee, to: 0xef, length: 3, low: 0x80, high: 0xbf },
  { from: 0xf0, to: 0xf0, length: 4, low: 0x90, high: 0xbf },
  { from: 0xf1, to: 0xf3, length: 4, low: 0x80, high: 0xbf },
  { from: 0xf4, to: 0xf4, length: 4, low: 0x80, high: 0x8f },
];

/** Length of the well-formed sequence starting at `i`, or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const rule = LEADS.find((entry) => lead >= entry.from && lead <= entry.to);
  if (!rule || i + rule.length > bytes.length) return 0;
  const second = bytes[i + 1] ?? 0;
  if (second < rule.low || second > rule.high) return 0;
  for (let k = 2; k < rule.length; k += 1) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return rule.length;
}
