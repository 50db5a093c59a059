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
  readonly length: number;
  /** Where each line starts in the bytes; it ends before the line end that comes before the next line's start. */
  private readonly starts: Float64Array;

  constructor(private readonly bytes: Buffer) {
    const first = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const starts = new LineStarts(first);
    if (bytes.includes(CR)) startsWithCr(bytes, starts);
    else startsAtLf(bytes, starts);
    this.starts = starts.done();
    this.length = this.starts.length;
  }

  at(index: number): string | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    return this.bytes.toString('utf8', this.starts[i], this.end(i));
  }

  /** Where line i ends: before the `\n`, `\r` or `\r\n` that ends it, or at the end of the bytes. */
  private end(i: number): number {
    if (i + 1 >= this.length) return this.bytes.length;
    const start = this.starts[i] ?? 0;
    const lineEnd = (this.starts[i + 1] ?? 0) - 1;
    return lineEnd > start && this.bytes[lineEnd] === LF && this.bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  }
}

/**
 * Line starts, in a typed array grown by doubling: a plain array of numbers, pushed to, took
 * three times as long to fill (10 MB: 15-45 ms, against 2-8).
 */
class LineStarts {
  private starts = new Float64Array(1024);
  private count = 0;

  constructor(first: number) {
    this.add(first);
  }

  add(start: number): void {
    if (this.count === this.starts.length) {
      const grown = new Float64Array(2 * this.count);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count] = start;
    this.count += 1;
  }

  /** Copied to its length: up to half the grown array would be room never used. */
  done(): Float64Array {
    return this.starts.slice(0, this.count);
  }
}

/** Where every line ends in `\n` alone: found natively. */
function startsAtLf(bytes: Buffer, starts: LineStarts): void {
  for (let end = bytes.indexOf(LF); end !== -1; end = bytes.indexOf(LF, end + 1)) starts.add(end + 1);
}

/** Where `\r\n` or a lone `\r` may end a line: byte by byte. */
function startsWithCr(bytes: Buffer, starts: LineStarts): void {
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte !== LF && byte !== CR) continue;
    if (byte === CR && bytes[i + 1] === LF) i += 1;
    starts.add(i + 1);
  }
}
