import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument, type ByteLines } from '../../src/parse/index.js';
import { invalidUtf8Offsets } from '../../src/parse/read.js';

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

async function failure(path: string): Promise<{ code: string; message: string }> {
  return readDocument(path).then(
    () => ({ code: 'none', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );
}

describe('readDocument', () => {
  it.each([
    ['UTF-8', 'a.txt', Buffer.from('Title\n[1] Note.\n'), 'Title\n[1] Note.\n'],
    ['a BOM', 'bom.txt', Buffer.from('\ufeffTitle\r\n[1] Note.\r\n'), 'Title\n[1] Note.\n'],
    ['CRLF and CR line ends', 'crlf.txt', Buffer.from('a\r\nb\rc\n'), 'a\nb\nc\n'],
    ['right-to-left text', 'ar.txt', Buffer.from('العنوان هنا\n'), 'العنوان هنا\n'],
    ['UTF-16LE with a BOM', 'u16.txt', Buffer.from('\ufeffTitle\n', 'utf16le'), 'Title\n'],
    ['a few stray invalid bytes', 'stray.txt', Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' text\n')]), 'Caf\ufffd text\n'],
    ['a file large enough for its own mmapped buffer', 'large.txt', Buffer.from('“Troops,” she said. 😀\n'.repeat(10_000)), '“Troops,” she said. 😀\n'.repeat(10_000)],
  ])('reads %s', async (_name, file, bytes, expected) => {
    expect(textOf(await readDocument(await fileWith(file, bytes)))).toBe(expected);
  });

  it('refuses a missing file with INPUT_NOT_FOUND', async () => {
    const path = join(folder, 'missing.txt');
    expect(await failure(path)).toEqual({ code: 'INPUT_NOT_FOUND', message: `${path}: no such file` });
  });

  it('refuses a folder with INPUT_NOT_FOUND', async () => {
    expect((await failure(folder)).code).toBe('INPUT_NOT_FOUND');
  });

  it('refuses binary content with INPUT_NOT_TEXT, naming the byte', async () => {
    const path = await fileWith('x.bin', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]));
    expect(await failure(path)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (binary content at byte 5)` });
  });

  it('refuses text in another encoding with INPUT_NOT_TEXT', async () => {
    const latin1 = Buffer.from('é è à ç ê ô û ï ü ö '.repeat(3), 'latin1');
    const path = await fileWith('latin1.txt', latin1);
    expect(await failure(path)).toEqual({ code: 'INPUT_NOT_TEXT', message: `${path}: not a text file (invalid UTF-8 at byte 0; save it as UTF-8 text)` });
  });

  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \n\r\n\t'],
    ['only a BOM', '\ufeff'],
  ])('refuses %s with INPUT_EMPTY', async (_name, content) => {
    const path = await fileWith('empty.txt', content);
    expect(await failure(path)).toEqual({ code: 'INPUT_EMPTY', message: `${path}: the file is empty` });
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
