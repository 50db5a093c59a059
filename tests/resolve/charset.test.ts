import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeHtml } from '../../src/resolve/charset.js';

const ARABIC = 'الحوار الاستراتيجي بين الولايات المتحدة والعراق';
const page = (head: string): string => `<html><head>${head}<title>${ARABIC}</title></head><body></body></html>`;

describe('charsetFromContentType', () => {
  it.each<[string | undefined, string | null]>([
    ['text/html; charset=windows-1256', 'windows-1256'],
    ['text/html;charset="UTF-8"', 'utf-8'],
    ['text/html', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });
});

describe('decodeHtml', () => {
  it.each<[string, Buffer, string | undefined, string]>([
    ['windows-1256 from the header', iconv.encode(page(''), 'windows-1256'), 'text/html; charset=windows-1256', 'windows-1256'],
    ['windows-1256 from <meta charset>', iconv.encode(page('<meta charset="windows-1256">'), 'windows-1256'), 'text/html', 'windows-1256'],
    ['windows-1256 from http-equiv', iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'), 'windows-1256'), undefined, 'windows-1256'],
    ['utf-8 by default', Buffer.from(page(''), 'utf8'), 'text/html', 'utf-8'],
    ['a UTF-8 BOM beats a wrong header', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(''), 'utf8')]), 'text/html; charset=iso-8859-1', 'utf-8'],
    ['a UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page(''), 'utf-16le')]), undefined, 'utf-16le'],
    ['an unknown charset falls back to utf-8', Buffer.from(page(''), 'utf8'), 'text/html; charset=x-nonsense', 'utf-8'],
  ])('%s', (_name, body, contentType, charset) => {
    const decoded = decodeHtml(body, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.html).toContain(ARABIC);
    expect(decoded.html.startsWith('<html>')).toBe(true);
  });

  it('decoding windows-1256 bytes as utf-8 would not give Arabic (the test can fail)', () => {
    expect(decodeHtml(iconv.encode(page(''), 'windows-1256'), 'text/html; charset=utf-8').html).not.toContain(ARABIC);
  });
});

describe('decodeHtml reads UTF-8 as iconv-lite does', () => {
  it.each<[string, number[]]>([
    ['a BOM', [0xef, 0xbb, 0xbf, 0x41]],
    ['a BOM not at the start', [0x41, 0xef, 0xbb, 0xbf]],
    ['a sequence cut off at the end (a body read to its cap)', [0x41, 0xe2, 0x82]],
    ['a bad lead and stray continuation bytes', [0xf0, 0x80, 0xbf, 0xff, 0x41]],
  ])('%s', (_name, bytes) => {
    const body = Buffer.from(bytes);
    expect(decodeHtml(body, 'text/html; charset=utf-8').html).toBe(iconv.decode(body, 'utf-8'));
  });

  it('any bytes', () => {
    const byte = fc.constantFrom(0x41, 0x20, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x90);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (bytes) => {
        const body = Buffer.from(bytes);
        expect(decodeHtml(body, 'text/html; charset=utf-8').html).toBe(iconv.decode(body, 'utf-8'));
      }),
      { numRuns: 2000 },
    );
  });
});
