import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLines, LineEnds, linesOfText } from '../../src/parse/lines.js';

function all(lines: ByteLines): (string | undefined)[] {
  return Array.from({ length: lines.length }, (_, i) => lines.at(i));
}

describe('ByteLines', () => {
  it.each([
    ['LF line ends', 'a\nb\n', ['a', 'b', '']],
    ['CRLF and a lone CR', 'a\r\nb\rc', ['a', 'b', 'c']],
    ['CR then LF then CR LF', '\r\n\r\n', ['', '', '']],
    ['a BOM, dropped', '\ufeffTitle\n“Q”', ['Title', '“Q”']],
    ['a BOM not at the start, kept', 'a\n\ufeffb', ['a', '\ufeffb']],
    ['no line end at all', 'one line', ['one line']],
    ['nothing', '', ['']],
    ['four-byte characters', '😀\n😀😀', ['😀', '😀😀']],
  ])('reads %s', (_name, text, expected) => {
    expect(all(new ByteLines(Buffer.from(text)))).toEqual(expected);
  });

  it('counts from the end for a negative index, as an array does, and is undefined outside', () => {
    const lines = new ByteLines(Buffer.from('a\nb\nc'));
    expect([lines.at(-1), lines.at(-3), lines.at(-4), lines.at(3)]).toEqual(['c', 'a', undefined, undefined]);
  });

  it('reads any text as its lines split from the string', () => {
    // Through UTF-8 and back: a lone surrogate, which no file holds, becomes U+FFFD.
    const texts = fc.oneof(fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[\r\n\ufeffab“é😀 ]*$/)).map((text) => Buffer.from(text).toString());
    fc.assert(
      fc.property(texts, (text) => {
        expect(all(new ByteLines(Buffer.from(text)))).toEqual(linesOfText(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reads any bytes, malformed UTF-8 included, as a decoder reads the whole', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(all(new ByteLines(Buffer.from(bytes)))).toEqual(linesOfText(decoder.decode(bytes)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('LineEnds', () => {
  it('finds the same lines in bytes fed in pieces as in the bytes fed whole', () => {
    const text = fc.stringMatching(/^[\r\na“😀]*$/).map((t) => Buffer.from(t));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const whole = new LineEnds(0);
        whole.feed(bytes, 0);
        const pieces = new LineEnds(0);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...at, bytes.length]) {
          pieces.feed(bytes.subarray(from, to), from);
          from = to;
        }
        const lines = (ends: LineEnds): [number, number][] => {
          const index = ends.end(bytes.length);
          return Array.from({ length: index.size }, (_, i) => [index.start(i), index.length(i)]);
        };
        expect(lines(pieces)).toEqual(lines(whole));
      }),
      { numRuns: 1000 },
    );
  });
});
