import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCitecheckError } from '../../src/errors.js';
import { parseDocument, readDocument } from '../../src/parse/index.js';
import { FULL, notesBlock, parseOrNoNotes } from './helpers.js';

// Hostile and broken documents (issue 6): what a document can do to the parser. The happy
// random-text properties live in properties.test.ts; these add characters and shapes chosen
// to break things, and sizes far beyond any real paper.

/** NUL, lone surrogates, direction marks and embeddings (LRM, RLM, ALM, LRE…PDF, LRI…PDI). */
const HOSTILE_CHARS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufffd', '\ufeff'];
const hostilePiece = fc.oneof(
  fc.constantFrom(...HOSTILE_CHARS),
  fc.constantFrom('[1]', '[2]', 'Ibid.', '“', '”', '«', '»', 'https://a.org/', 'Notes\n', '\n', 'المرجع نفسه', 'עמוד', 'Smith.'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const hostileLine = fc.array(hostilePiece, { maxLength: 12 }).map((pieces) => pieces.join('').replace(/[\r\n]/g, ' '));

describe('parseDocument on hostile text', () => {
  it('never throws anything but NO_NOTES on text full of NUL, lone surrogates and direction marks', () => {
    fc.assert(
      fc.property(fc.array(hostilePiece, { maxLength: 80 }), (pieces) => {
        parseOrNoNotes(pieces.join(''));
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps every note of a random notes block, and points each record and warning at a real line', () => {
    fc.assert(
      fc.property(hostileLine, fc.array(hostileLine, { minLength: 1, maxLength: 25 }), (body, notes) => {
        const text = `${body.replace(/\[\d+\]/g, '')}\n\nNotes\n${notesBlock(notes)}\n`;
        const file = parseOrNoNotes(text);
        expect(file?.citations.map((c) => c.number)).toEqual(notes.map((_n, i) => i + 1));
        const lines = text.split('\n');
        for (const citation of file?.citations ?? []) expect(lines[citation.line - 1]).toMatch(new RegExp(`^\\[${citation.number}\\]`));
        for (const warning of file?.warnings ?? []) {
          if (warning.line !== null) expect(warning.line).toBeGreaterThanOrEqual(1);
          if (warning.line !== null) expect(warning.line).toBeLessThanOrEqual(lines.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names the file in the one error it throws', () => {
    expect(() => parseDocument('\u202eno notes here\u0000\ud800', 'papers/x.txt')).toThrow(/^papers\/x\.txt: no footnotes found/);
  });

  it('leaves short forms that only name each other unresolved instead of looping', () => {
    // [1] names [2]'s author, [2] names [1]'s, and so round: no full note anywhere.
    const notes = Array.from({ length: 2000 }, (_v, i) => `Author${(i + 1) % 2000}.`);
    const file = parseDocument(`Body.[1]\n\n${notesBlock(notes)}\n`, 'p.txt');
    expect(file.citations.every((c) => c.kind === 'short' && c.refersTo === null)).toBe(true);
    expect(file.warnings.filter((w) => w.code === 'short_form_unmatched')).toHaveLength(2000);
  });

  it('resolves an Ibid. chain 100,000 notes long and a short form at its end', () => {
    const notes = [`Jane Smith, “Title,” Site, 26/7/2021, at: https://example.org/1`, ...Array.from({ length: 99_998 }, () => 'Ibid.'), 'Smith, “Title.”'];
    const file = parseDocument(`Body.[1]\n\n${notesBlock(notes)}\n`, 'p.txt');
    expect(file.citations).toHaveLength(100_000);
    expect(file.citations.at(-2)).toMatchObject({ kind: 'ibid', refersTo: 1 });
    expect(file.citations.at(-1)).toMatchObject({ kind: 'short', refersTo: 1 });
  });

  it('reads 100,000 notes of mixed forms, one record each', () => {
    // Note i (0-based) is a full note by Smith<i>, an Ibid. of it, or a short form of note i-2.
    const full = (i: number): string => `Jane Smith${i}, “Title ${i},” Site, 26/7/2021, at: https://example.org/${i}`;
    const notes = Array.from({ length: 100_000 }, (_v, i) => (i % 3 === 0 ? full(i) : i % 3 === 1 ? 'Ibid.' : `Smith${i - 2}.`));
    const file = parseDocument(`Body.[1]\n\n${notesBlock(notes)}\n`, 'p.txt');
    expect(file.citations).toHaveLength(100_000);
    expect(file.citations[99_998]).toMatchObject({ number: 99_999, kind: 'short', refersTo: 99_997 });
    expect(file.citations[99_997]).toMatchObject({ number: 99_998, kind: 'ibid', refersTo: 99_997 });
  });
});

describe('documents read from disk', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'citecheck-hostile-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads and parses a 50 MB document', async () => {
    const paragraph = `${'Plain words of a long report, with commas, periods. And a date 26/7/2021; then more. '.repeat(100)}A claim.[1]\n\n`;
    const path = join(folder, 'big.txt');
    await writeFile(path, `${paragraph.repeat(Math.ceil(50e6 / paragraph.length))}Notes\n\n[1] ${FULL(1)}\n[2] Ibid.\n`);
    const file = parseDocument(await readDocument(path), path);
    expect(file.citations.map((c) => c.kind)).toEqual(['full', 'ibid']);
    expect(file.citations[0]?.claims.length).toBeGreaterThan(5000);
  }, 60_000);

  it('either reads random bytes as text or refuses them with an error naming the file', async () => {
    const path = join(folder, 'random.txt');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        await writeFile(path, bytes);
        const outcome = await readDocument(path).then(
          (lines) => ({ code: 'read', lines, message: '' }),
          (error: unknown) => ({ code: isCitecheckError(error) ? error.code : 'thrown', lines: null, message: (error as Error).message }),
        );
        if (outcome.lines !== null) {
          parseOrNoNotes(outcome.lines);
        } else {
          expect(['INPUT_NOT_TEXT', 'INPUT_EMPTY']).toContain(outcome.code);
          expect(outcome.message.startsWith(`${path}: `)).toBe(true);
          expect(outcome.message).not.toContain('\n');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a file of many invalid UTF-8 sequences, naming the first byte, and reads one with a few', async () => {
    const text = Buffer.from('Title\n[1] A note.\n');
    const many = join(folder, 'many.txt');
    await writeFile(many, Buffer.concat([text, Buffer.alloc(9, 0xff)]));
    await expect(readDocument(many)).rejects.toThrow(`${many}: not a text file (invalid UTF-8 at byte ${text.length}`);
    const few = join(folder, 'few.txt');
    await writeFile(few, Buffer.concat([text, Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80])]));
    expect(parseDocument(await readDocument(few), few).citations).toHaveLength(1);
  });
});
