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
  private readonly index = new LineIndex();

  constructor(private readonly bytes: Buffer) {
    const first = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (bytes.includes(CR)) indexWithCr(bytes, first, this.index);
    else indexAtLf(bytes, first, this.index);
  }

  get length(): number {
    return this.index.size;
  }

  at(index: number): string | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    const start = this.index.start(i);
    return this.bytes.toString('utf8', start, start + this.index.length(i));
  }
}

/** Where every line ends in `\n` alone: found natively. */
function indexAtLf(bytes: Buffer, first: number, index: LineIndex): void {
  let start = first;
  for (let end = bytes.indexOf(LF, start); end !== -1; end = bytes.indexOf(LF, start)) {
    index.push(start, end - start);
    start = end + 1;
  }
  index.push(start, bytes.length - start);
}

/** Where `\r\n` or a lone `\r` may end a line: byte by byte. */
function indexWithCr(bytes: Buffer, first: number, index: LineIndex): void {
  let start = first;
  for (let i = first; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte !== LF && byte !== CR) continue;
    index.push(start, i - start);
    if (byte === CR && bytes[i + 1] === LF) i += 1;
    start = i + 1;
  }
  index.push(start, bytes.length - start);
}
