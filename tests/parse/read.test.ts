import { readdirSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, readDocument, type ByteLines } from '../../src/parse/index.js';
import { cutSequence, invalidUtf8Offsets, READ_FROM_FILE_BYTES } from '../../src/parse/read.js';

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'citecheck-read-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, content: Uint8Array | string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

function textOf(lines: ByteLines): string {
  return Array.from({ length: lines.length }, (_, i) => lines.at(i)).join('\n');
}

async function failure(path: string, fromFileBytes?: number): Promise<{ code: string; message: string }> {
  return readDocument(path, fromFileBytes).then(
    () => ({ code: 'none', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );
}

// Every case both ways: the document read whole, and read from its file as lines are asked for.
describe.each([
  ['read whole', READ_FROM_FILE_BYTES],
  ['read from its file', 0],
])('readDocument, %s', (_how, fromFileBytes) => {
  it.each([
    ['UTF-8', 'a.txt', Buffer.from('Title\n[1] Note.\n'), 'Title\n[1] Note.\n'],
    ['a BOM', 'bom.txt', Buffer.from('\ufeffTitle\r\n[1] Note.\r\n'), 'Title\n[1] Note.\n'],
    ['CRLF and CR line ends', 'crlf.txt', Buffer.from('a\r\nb\rc\n'), 'a\nb\nc\n'],
    ['right-to-left text', 'ar.txt', Buffer.from('العنوان هنا\n'), 'العنوان هنا\n'],
    ['UTF-16LE with a BOM', 'u16.txt', Buffer.from('\ufeffTitle\n', 'utf16le'), 'Title\n'],
    ['a few stray invalid bytes', 'stray.txt', Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' text\n')]), 'Caf\ufffd text\n'],
    ['a file large enough for its own mmapped buffer', 'large.txt', Buffer.from('“Troops,” she said. 😀\n'.repeat(10_000)), '“Troops,” she said. 😀\n'.repeat(10_000)],
  ])('reads %s', async (_name, file, bytes, expected) => {
    const lines = await readDocument(await fileWith(file, bytes), fromFileBytes);
    expect(textOf(lines)).toBe(expected);
    lines.close();
  });

  it('refuses a missing file with INPUT_NOT_FOUND', async () => {
    const path = join(folder, 'missing.txt');
    expect(await failure(path, fromFileBytes)).toEqual({ code: 'INPUT_NOT_FOUND', message: `${path}: no such file` });
  });

  it('refuses a folder with INPUT_NOT_FOUND', async () => {
    expect((await failure(folder, fromFileBytes)).code).toBe('INPUT_NOT_FOUND');
  });

  it('refuses binary content with INPUT_NOT_TEXT, naming the byte', async () => {
    const path = await fileWith('x.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]));
    expect(await failure(path, fromFileBytes)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (binary content at byte 5)` });
  });

  it('counts a sequence the end of the file cuts short', async () => {
    // Seven stray bytes, then two of an emoji the file's end cuts: nine invalid, one too many.
    const strays = Buffer.from(Array.from({ length: 7 }, () => [0xe9, 0x0a]).flat());
    const path = await fileWith('cut-small.txt', Buffer.concat([strays, Buffer.from('Title\n'), Buffer.from([0xf0, 0x9f])]));
    expect(await failure(path, fromFileBytes)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (invalid UTF-8 at byte 0; save it as UTF-8 text)` });
  });

  it('refuses text in another encoding with INPUT_NOT_TEXT', async () => {
    const latin1 = Buffer.from('é è à ç ê ô û ï ü ö '.repeat(3), 'latin1');
    const path = await fileWith('latin1.txt', latin1);
    expect(await failure(path, fromFileBytes)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (invalid UTF-8 at byte 0; save it as UTF-8 text)` });
  });

  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \n\r\n\t'],
    ['only a BOM', '\ufeff'],
  ])('refuses %s with INPUT_EMPTY', async (_name, content) => {
    const path = await fileWith('empty.txt', content);
    expect(await failure(path, fromFileBytes)).toEqual({ code: 'INPUT_EMPTY', message: `${path}: the file is empty` });
  });
});

/** A megabyte: the piece a large document is read in. */
const PIECE = 1024 * 1024;

/** The text of `length` ASCII bytes, lines of 99 characters. */
function filler(length: number): string {
  return 'x'.repeat(99).concat('\n').repeat(Math.ceil(length / 100)).slice(0, length);
}

describe('readDocument, a large document read from its file', () => {
  it.each([
    ['a character cut by the end of the first piece', `${filler(PIECE - 2)}😀 after\n`],
    ['CR LF cut by the end of the first piece', `${filler(PIECE - 1)}\r\nnext\r\n`],
    ['a lone CR ending the first piece', `${filler(PIECE - 1)}\rnext`],
    ['a line longer than what is read at a time', `short\n${'long '.repeat(120_000)}\nlast`],
  ])('reads %s as the whole text reads', async (_name, text) => {
    const path = await fileWith('piece.txt', text);
    const lines = await readDocument(path, 0);
    expect(textOf(lines)).toBe(text.replace(/\r\n?/g, '\n'));
    // Back to the start, and on again: any line, in any order.
    const expected = text.replace(/\r\n?/g, '\n').split('\n');
    expect([lines.at(-1), lines.at(0), lines.at(1)]).toEqual([expected.at(-1), expected[0], expected[1]]);
    lines.close();
  });

  it("counts invalid bytes on both sides of a piece's end, and names the first", async () => {
    const stray = Buffer.from([0xe9]);
    const bytes = Buffer.concat([Buffer.from(filler(PIECE - 4)), ...Array.from({ length: 9 }, () => Buffer.concat([stray, Buffer.from('a')]))]);
    const path = await fileWith('stray-large.txt', bytes);
    expect(await failure(path, 0)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (invalid UTF-8 at byte ${PIECE - 4}; save it as UTF-8 text)` });
  });

  it('counts no invalid byte where a piece ends inside a character', async () => {
    // Eight stray bytes are tolerated, a ninth is not: a character cut by the piece's end, counted invalid, would be the ninth.
    const strays = Buffer.from(Array.from({ length: 8 }, () => [0xe9, 0x0a]).flat());
    const path = await fileWith('eight.txt', Buffer.concat([strays, Buffer.from(`${filler(PIECE - 2 - strays.length)}😀\n`)]));
    const lines = await readDocument(path, 0);
    expect(lines.at(-2)?.endsWith('x😀')).toBe(true);
    lines.close();
  });

  it('counts a sequence the end of the file cuts short', async () => {
    // Seven stray bytes, then two of an emoji the file's end cuts: nine invalid, one too many.
    const strays = Buffer.from(Array.from({ length: 7 }, () => [0xe9, 0x0a]).flat());
    const path = await fileWith('cut.txt', Buffer.concat([strays, Buffer.from(filler(PIECE + 10)), Buffer.from([0xf0, 0x9f])]));
    expect(await failure(path, 0)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (invalid UTF-8 at byte 0; save it as UTF-8 text)` });
  });

  it('names the byte of a NUL in the piece after a sequence the piece before cut', async () => {
    // The emoji starts on the piece's last byte: three of its bytes are carried to the next.
    const path = await fileWith('nul.txt', Buffer.concat([Buffer.from('a'.repeat(PIECE - 1)), Buffer.from('😀bbbbbbbbbb'), Buffer.from([0])]));
    expect(await failure(path, 0)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (binary content at byte ${PIECE + 13})` });
  });

  it('says the file changed when it shrinks while its lines are read', async () => {
    const path = await fileWith('shrinks.txt', `Title\n${filler(3 * PIECE)}`);
    const lines = await readDocument(path, 0);
    await truncate(path, PIECE);
    expect(() => lines.at(lines.length - 2)).toThrow(expect.objectContaining({ code: 'INPUT_CHANGED' }));
    lines.close();
  });

  it.runIf(process.platform === 'linux')('leaves its file open while the notes are read, and closes it after the last', async () => {
    const path = await fileWith('notes.txt', `Title\n\nA claim.[1]\n\n${filler(PIECE)}\n\n[1] Jane Doe, “A Title,” Example, 1 May 2020, https://example.com/a.\n`);
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    const lines = await readDocument(path, 0);
    expect(open()).toBe(before + 1);
    expect(parseDocument(lines, path).citations.map((c) => c.urls)).toEqual([['https://example.com/a']]);
    expect(open()).toBe(before);
  });
});

describe('cutSequence', () => {
  it.each([
    ['ASCII', [0x41, 0x42], 0],
    ['a whole two-byte é', [0x41, 0xc3, 0xa9], 0],
    ['é cut after its lead', [0x41, 0xc3], 1],
    ['an emoji cut after its lead', [0xf0], 1],
    ['an emoji cut after 2 bytes', [0xf0, 0x9f], 2],
    ['an emoji cut after 3 bytes', [0xf0, 0x9f, 0x98], 3],
    ['a whole emoji', [0xf0, 0x9f, 0x98, 0x80], 0],
    ['continuation bytes with no lead in reach', [0x80, 0x80, 0x80], 0],
  ])('%s', (_name, bytes, expected) => {
    expect(cutSequence(Uint8Array.from(bytes), bytes.length)).toBe(expected);
  });
});

describe('invalidUtf8Offsets', () => {
  it.each([
    ['ASCII', [0x41, 0x42], []],
    ['two-byte é', [0xc3, 0xa9], []],
    ['four-byte emoji', [0xf0, 0x9f, 0x98, 0x80], []],
    ['a lone continuation byte', [0x41, 0x80], [1]],
    ['an overlong encoding', [0xc0, 0xaf], [0, 1]],
    ['a surrogate', [0xed, 0xa0, 0x80], [0, 1, 2]],
    ['a truncated sequence', [0x41, 0xe2, 0x82], [1, 2]],
  ])('%s', (_name, bytes, expected) => {
    expect(invalidUtf8Offsets(Uint8Array.from(bytes), 10)).toEqual(expected);
  });
});
