import { LineIndex } from '../util/line-file.js';
import { normaliseText } from './text.js';

/**
 * A document's lines as the parse reads them, `at(index)` (0-based) without its line end.
 * A union, not an interface with `at` and `length`: a string has both, and would pass for
 * its lines.
 */
export type Lines = readonly string[] | ByteLines;

/** The lines of a text: byte-order mark dropped, `\r\n` and a lone `\r` ending a line as `\n` does. */
export function linesOfText(text: string): string[] {
  return normaliseText(text).split('\n');
}

const LF = 0x0a;
const CR = 0x0d;

/** Where a line's text comes from: the bytes of a document in memory, or its file (see readDocument). */
export interface LineBytes {
  /** The text of `length` bytes at `start`, decoded as UTF-8. */
  text(start: number, length: number): string;
  /** Let go of what holds the bytes (an open file); nothing is read after. */
  close(): void;
}

/**
 * The lines of UTF-8 bytes, each decoded when it is asked for. The whole text as one string
 * costs two bytes a character once it holds one curly quote (62 MB for a 31 MB document of
 * 100,000 notes), and every note, a slice of it, kept all of it until the last note was read:
 * that string was most of the parse's peak. A line decoded on its own lives only as long as
 * what is read from it, and takes one byte a character when it is ASCII. Decoding a line at a
 * time also costs less than decoding the whole (10 MB: about 20 ms a pass over every line,
 * against 66 ms for one string), so the parse can read lines more than once.
 * Line ends and a leading byte-order mark are as {@link linesOfText} reads them.
 */
export class ByteLines {
  /** Where each line is in the bytes, its line end left out. */
  private readonly index: LineIndex;
  private readonly bytes: LineBytes;

  /** The lines of `bytes` held in memory, or of bytes whose lines `index` has found. */
  constructor(bytes: Buffer);
  constructor(bytes: LineBytes, index: LineIndex);
  constructor(bytes: Buffer | LineBytes, index?: LineIndex) {
    if (Buffer.isBuffer(bytes)) {
      const ends = new LineEnds(hasBom(bytes) ? BOM_LENGTH : 0);
      ends.feed(bytes, 0);
      this.index = ends.end(bytes.length);
      this.bytes = { text: (start, length) => bytes.toString('utf8', start, start + length), close: () => undefined };
    } else {
      this.bytes = bytes;
      this.index = index as LineIndex;
    }
  }

  get length(): number {
    return this.index.size;
  }

  at(index: number): string | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    return this.bytes.text(this.index.start(i), this.index.length(i));
  }

  /** Let go of the document's file, for lines read from one; no line is read after. */
  close(): void {
    this.bytes.close();
  }
}

export const BOM_LENGTH = 3;

/** Whether bytes start with UTF-8's byte-order mark. */
export function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Where the lines of bytes fed a piece at a time, in order, are: a line ends at `\n`, `\r\n`
 * or a lone `\r`, even when a piece ends between the `\r` and the `\n`.
 */
export class LineEnds {
  private readonly index = new LineIndex();
  private afterCr = false;

  /** `lineStart`: where the first line starts (after a byte-order mark). */
  constructor(private lineStart: number) {}

  /** The next piece of the bytes, `base` being where it starts in them. */
  feed(bytes: Uint8Array, base: number): void {
    if (bytes.length === 0) return;
    let i = 0;
    if (this.afterCr) {
      this.afterCr = false;
      if (bytes[0] === LF) {
        i = 1;
        this.lineStart = base + 1;
      }
    }
    // Where every line ends in `\n` alone, found natively; else byte by byte.
    if (!bytes.includes(CR, i)) {
      for (let end = bytes.indexOf(LF, i); end !== -1; end = bytes.indexOf(LF, end + 1)) this.push(base + end, base + end + 1);
      return;
    }
    for (; i < bytes.length; i += 1) {
      const byte = bytes[i];
      if (byte !== LF && byte !== CR) continue;
      const end = base + i;
      if (byte === CR && i + 1 === bytes.length) this.afterCr = true;
      else if (byte === CR && bytes[i + 1] === LF) i += 1;
      this.push(end, base + i + 1);
    }
  }

  /** The lines, once every piece is fed; `size`: the length of all the bytes. */
  end(size: number): LineIndex {
    this.index.push(this.lineStart, size - this.lineStart);
    return this.index;
  }

  private push(end: number, next: number): void {
    this.index.push(this.lineStart, end - this.lineStart);
    this.lineStart = next;
  }
}
