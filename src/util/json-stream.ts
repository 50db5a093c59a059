import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A JSON file whose top level is an object with long lists (citations.json's citations,
 * check.json's results), read without building the whole value or holding the whole text:
 * each list's elements are parsed one at a time as they are iterated, from the file read
 * forward a block at a time. JSON.parse of a 100,000-note citations.json (89 MB) held its text
 * and every note at once, some 400 MB; holding its bytes alone was 89 MB.
 *
 * Only the structure between values is scanned here (by byte: every character JSON gives a
 * meaning to is ASCII, and no byte of a multi-byte UTF-8 character is); each value is checked
 * by JSON.parse when it is parsed, so the whole text is held to JSON's rules as JSON.parse would.
 */
export interface StreamedObject {
  /** The file's value without its list members (the whole value when the top level is not an object). */
  value: unknown;
  /** Each list member's elements, parsed as they are iterated, from the file as it is then (again at each iteration); a member absent or not a list has none. */
  lists: Map<string, Iterable<unknown>>;
}

/** The text is not JSON: the message says what and where, as JSON.parse's do. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

/** Reads `length` bytes at `position` into `buffer` at `offset`; returns how many it read (0 at the end). */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => number;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** A span [start, end) of the file. */
interface Span {
  start: number;
  end: number;
}

/** The file read forward a block at a time: only the bytes from `retainFrom` (or the one asked for) on are held. */
class ForwardBytes {
  private buffer: Buffer;
  /** Where in the file buffer[0] is, and where what was read ends. */
  private start = 0;
  private end = 0;
  private atEnd = false;
  /** The start of the value being read, whose bytes must stay; null while values are only skipped. */
  retainFrom: number | null = null;

  constructor(
    private readonly readAt: ReadAt,
    private readonly blockBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(blockBytes);
  }

  /** The byte at `i` (never before one already let go of), or undefined past the end. */
  at(i: number): number | undefined {
    if (i >= this.end && !this.fill(i)) return undefined;
    return this.buffer[i - this.start];
  }

  /**
   * Where `pattern` (ASCII: a character a byte) first occurs within a quarter of a block from
   * `from` (read on as needed); -1 when it does not. `from` must be at or after retainFrom, so what is searched stays held.
   */
  indexOf(pattern: string, from: number): number {
    const within = from + (this.blockBytes >> 2);
    if (within - from < pattern.length) return -1;
    this.at(within - 1);
    const found = this.buffer.subarray(from - this.start, Math.min(within, this.end) - this.start).indexOf(pattern);
    return found === -1 ? -1 : from + found;
  }

  /** The bytes of `span` as text; they must still be held. */
  text(span: Span): string {
    return this.buffer.toString('utf8', span.start - this.start, span.end - this.start);
  }

  /** Read on until `i` is held; false when the file ends first. */
  private fill(i: number): boolean {
    while (i >= this.end) {
      if (this.atEnd) return false;
      const keep = Math.min(this.retainFrom ?? i, i);
      if (keep >= this.end) {
        // Nothing read is needed: reading goes on from `keep`, which may be further on (a
        // scanner started at a member's value, a skip past an escaped character).
        this.end = keep;
      } else if (this.end - keep > this.buffer.length / 2) {
        // The block is full of bytes still needed (a value longer than a block): a bigger one.
        const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
        this.buffer.copy(bigger, 0, keep - this.start, this.end - this.start);
        this.buffer = bigger;
      } else {
        this.buffer.copyWithin(0, keep - this.start, this.end - this.start);
      }
      const held = this.end - keep;
      this.start = keep;
      const read = this.readAt(this.buffer, held, this.buffer.length - held, this.end);
      if (read === 0) this.atEnd = true;
      this.end += read;
    }
    return true;
  }
}

class Scanner {
  /** Set by skipSpace: the spaces between the last newline it passed and where it stopped; -1 without a newline, or with other space after it. */
  indent = -1;
  /** Whether parseElementAt still searches: after one miss, the list is not laid out so. */
  private searching = true;

  constructor(readonly bytes: ForwardBytes) {}

  fail(at: number, what: string): never {
    const byte = this.bytes.at(at);
    const found = byte === undefined ? 'end of data' : `'${String.fromCharCode(byte)}'`;
    throw new JsonSyntaxError(`${what}, found ${found} at position ${at}`);
  }

  skipSpace(at: number): number {
    let i = at;
    let indent = -1;
    for (let byte = this.bytes.at(i); isSpace(byte); byte = this.bytes.at(i)) {
      indent = byte === NEWLINE ? 0 : byte === SPACE && indent >= 0 ? indent + 1 : -1;
      i += 1;
    }
    this.indent = indent;
    return i;
  }

  /** Past the string whose opening quote is at `at`. */
  skipString(at: number): number {
    for (let i = at + 1; ; ) {
      const byte = this.bytes.at(i);
      if (byte === QUOTE) return i + 1;
      if (byte === undefined) this.fail(i, 'Unterminated string');
      i += byte === BACKSLASH ? 2 : 1;
    }
  }

  /** The span of the value starting at `at` (no space before it); its content is left to JSON.parse. */
  value(at: number): Span {
    const first = this.bytes.at(at);
    if (first === QUOTE) return { start: at, end: this.skipString(at) };
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return { start: at, end: this.skipNested(at) };
    let i = at;
    for (let byte = first; byte !== undefined && byte !== COMMA && byte !== CLOSE_BRACE && byte !== CLOSE_BRACKET && !isSpace(byte); byte = this.bytes.at(i)) i += 1;
    if (i === at) this.fail(at, 'Expected a value');
    return { start: at, end: i };
  }

  /** Past the object or list opening at `at`, counting brackets outside strings (their pairing is JSON.parse's to check). */
  private skipNested(at: number): number {
    let depth = 0;
    for (let i = at; ; ) {
      const byte = this.bytes.at(i);
      if (byte === undefined) this.fail(i, 'Unterminated object or list');
      if (byte === QUOTE) {
        i = this.skipString(i);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
  }

  /** The value at `at`, parsed: its bytes are held while it is read. */
  parseValueAt(at: number): { value: unknown; end: number } {
    this.bytes.retainFrom = at;
    const span = this.value(at);
    const value = parseText(this.bytes.text(span), span.start);
    this.bytes.retainFrom = null;
    return { value, end: span.end };
  }

  /**
   * parseValueAt for a list's element that starts a line at column `indent` (see skipSpace).
   * Laid out as JSON.stringify(value, null, n) lays it out, an object or list ends at the first
   * line that holds its closing bracket alone at that column: found by indexOf instead of a
   * byte at a time, which was the largest part of reading a check.json back. JSON.parse proves
   * the end: a text cut before the value's end, or running past it, is no JSON value. Another
   * layout, an element longer than the search, or a failed parse is read as parseValueAt
   * reads it, and so is the rest of the list: a search that misses costs up to a quarter of a
   * block, which once per element would cost more than it saves.
   */
  parseElementAt(at: number, indent: number): { value: unknown; end: number } {
    const open = this.bytes.at(at);
    if (this.searching && indent >= 0 && (open === OPEN_BRACE || open === OPEN_BRACKET)) {
      this.bytes.retainFrom = at;
      // "\n", `indent` spaces and the closing bracket: how JSON.stringify(value, null, n) ends a value opened at that column.
      const line = `\n${' '.repeat(indent)}${open === OPEN_BRACE ? '}' : ']'}`;
      const found = this.bytes.indexOf(line, at);
      if (found !== -1) {
        const end = found + line.length;
        try {
          const value = JSON.parse(this.bytes.text({ start: at, end })) as unknown;
          this.bytes.retainFrom = null;
          return { value, end };
        } catch {
          // Not laid out so after all: read as any other text is, below.
        }
      }
      this.searching = false;
    }
    return this.parseValueAt(at);
  }
}

function parseText(text: string, position: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new JsonSyntaxError(`${(error as Error).message} (in the value at position ${position})`);
  }
}

/** Past a UTF-8 byte order mark: editors on Windows write one, and it is no part of the JSON text (RFC 8259 §8.1 lets a parser ignore it). */
function textStart(bytes: ForwardBytes): number {
  return bytes.at(0) === 0xef && bytes.at(1) === 0xbb && bytes.at(2) === 0xbf ? 3 : 0;
}

/**
 * The top-level object opening at `open`: every member parsed, but for a list named in
 * `listNames`, whose span is kept to be read later. A repeated name: the last counts, as in
 * JSON.parse.
 */
function membersOf(scan: Scanner, open: number, listNames: readonly string[]): { value: Record<string, unknown>; lists: Map<string, Span>; end: number } {
  const { bytes } = scan;
  const value: Record<string, unknown> = {};
  const lists = new Map<string, Span>();
  let i = scan.skipSpace(open + 1);
  if (bytes.at(i) === CLOSE_BRACE) return { value, lists, end: i + 1 };
  for (;;) {
    if (bytes.at(i) !== QUOTE) scan.fail(i, 'Expected a member name');
    const name = scan.parseValueAt(i);
    const key = name.value as string;
    i = scan.skipSpace(name.end);
    if (bytes.at(i) !== COLON) scan.fail(i, "Expected ':' after a member name");
    i = scan.skipSpace(i + 1);
    if (listNames.includes(key) && bytes.at(i) === OPEN_BRACKET) {
      const span = scan.value(i);
      lists.set(key, span);
      delete value[key];
      i = span.end;
    } else {
      const member = scan.parseValueAt(i);
      lists.delete(key);
      // Defined, not assigned: a member named __proto__ stays a member, as JSON.parse makes it.
      Object.defineProperty(value, key, { value: member.value, enumerable: true, writable: true, configurable: true });
      i = member.end;
    }
    i = scan.skipSpace(i);
    if (bytes.at(i) === CLOSE_BRACE) return { value, lists, end: i + 1 };
    if (bytes.at(i) !== COMMA) scan.fail(i, "Expected ',' or '}' after a member");
    i = scan.skipSpace(i + 1);
  }
}

function* elementsOf(open: () => Scanner, list: Span): Generator<unknown> {
  const scan = open();
  const { bytes } = scan;
  let i = scan.skipSpace(list.start + 1);
  if (bytes.at(i) === CLOSE_BRACKET) return;
  for (;;) {
    const element = scan.parseElementAt(i, scan.indent);
    yield element.value;
    i = scan.skipSpace(element.end);
    if (bytes.at(i) === CLOSE_BRACKET) return;
    if (bytes.at(i) !== COMMA) scan.fail(i, "Expected ',' or ']' after an element");
    i = scan.skipSpace(i + 1);
  }
}

/** Bytes read a block at a time: enough that reading is a few hundred calls for a large file, little against its size. */
const BLOCK_BYTES = 256 * 1024;

/**
 * Read a JSON text through `readAt`, with the list members named in `listNames` of its
 * top-level object streamed. Everything but the lists' elements is parsed and checked now;
 * an element that is not JSON is found when it is reached. Each list is read from the text
 * again when it is iterated. Throws JsonSyntaxError. `blockBytes`: for tests.
 */
export function streamJsonObject(readAt: ReadAt, listNames: readonly string[], blockBytes = BLOCK_BYTES): StreamedObject {
  const scanner = (): Scanner => new Scanner(new ForwardBytes(readAt, blockBytes));
  const scan = scanner();
  const start = scan.skipSpace(textStart(scan.bytes));
  const read = scan.bytes.at(start) === OPEN_BRACE ? membersOf(scan, start, listNames) : { ...scan.parseValueAt(start), lists: new Map<string, Span>() };
  const after = scan.skipSpace(read.end);
  if (scan.bytes.at(after) !== undefined) scan.fail(after, 'Unexpected data after the JSON value');
  const lists = new Map<string, Iterable<unknown>>();
  for (const [name, span] of read.lists) lists.set(name, { [Symbol.iterator]: () => elementsOf(scanner, span) });
  return { value: read.value, lists };
}

/** A file as streamJsonObject reads it: opened for each read, so nothing is left open by a list never iterated. */
export function fileReader(path: string): ReadAt {
  return (buffer, offset, length, position) => {
    const fd = openSync(path, 'r');
    try {
      return readSync(fd, buffer, offset, length, position);
    } finally {
      closeSync(fd);
    }
  };
}

/** A text already in memory, as streamJsonObject reads it. */
export function bufferReader(bytes: Buffer): ReadAt {
  return (buffer, offset, length, position) => (position >= bytes.length ? 0 : bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length)));
}
