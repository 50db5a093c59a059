import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCitecheckError } from '../../src/errors.js';
import { ArrayStream, JsonTexts, jsonPieces, jsonPiecesAfterHead, readFileBytes, toJson, writeFileAtomic, writeFilesAtomic } from '../../src/util/fs.js';
import { SharedPass } from '../../src/util/shared-pass.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const target = join(dir, 'out.json');
    await writeFile(target, 'old');
    await writeFileAtomic(target, toJson({ a: 1 }));
    expect(await readFile(target, 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('creates missing folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const target = join(dir, 'a', 'b', 'out.txt');
    await writeFileAtomic(target, 'x');
    expect(await readFile(target, 'utf8')).toBe('x');
  });

  it('fails with WRITE_FAILED and keeps the old content when the target cannot be replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    // A directory where the file should go: rename onto it fails.
    const target = join(dir, 'taken');
    await writeFileAtomic(join(target, 'inner'), 'keep');
    const error = await writeFileAtomic(target, 'new').catch((e: unknown) => e);
    expect(isCitecheckError(error) && error.code).toBe('WRITE_FAILED');
    expect(await readFile(join(target, 'inner'), 'utf8')).toBe('keep');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('jsonPieces', () => {
  it.each([
    ['an empty object', {}],
    ['scalars and nulls', { a: 1, b: 'x', c: null, d: true }],
    ['an empty array', { list: [] }],
    ['an array of objects', { schemaVersion: 1, citations: [{ n: 1, urls: ['u'], claims: [] }, { n: 2, nested: { deep: [1, 2] } }] }],
    ['undefined properties and functions, left out', { a: undefined, b: 1, f: () => 1, c: [undefined, () => 1, 2] }],
    ['strings with line breaks and quotes', { text: ['line\none “quoted”\ttab', 'back\\slash'] }],
    ['a nested object', { document: { path: 'd.txt', title: null } }],
    ['a long array, split', { n: 1, list: Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? undefined : { i, tags: [i] })), after: [] }],
    ['a long array of arrays', { rows: Array.from({ length: 33 }, (_, i) => (i % 2 ? [] : [i, 'x'])) }],
    ['an array at the top', [1, { a: 2 }]],
    ['a string at the top', 'text'],
    ['a Date, written by its toJSON', { when: new Date(0), dates: [new Date(0)] }],
    ['an object with toJSON at the top', { toJSON: () => ({ replaced: true }) }],
    ['an object of many keys, split', { schemaVersion: 1, urls: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`https://a.org/${i}`, { history: [{ status: 'ok', i }] }])) }],
    ['an object of many keys, some left out', { urls: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 3 === 0 ? undefined : i])), after: 1 }],
    ['an object of many keys, all left out', { urls: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, undefined])), after: 1 }],
    ['an object of many keys with a toJSON value', { urls: { ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])), when: new Date(0) } }],
    ['a key named __proto__ among many', { urls: Object.fromEntries([['__proto__', { a: 1 }], ...Array.from({ length: 20 }, (_, i) => [`k${i}`, i])]) }],
    ['integer-like keys, which JSON puts first', { urls: Object.fromEntries(['b', '12', 'a', '3', ...Array.from({ length: 20 }, (_, i) => `k${i}`)].map((k) => [k, k])), schemaVersion: 1 }],
    ['keys that need escaping', { 'a "quoted"\nkey': Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`“${i}”\t`, [i]])) }],
  ])('joins to exactly what toJson gives: %s', (_name, value) => {
    expect([...jsonPieces(value)].join('')).toBe(toJson(value));
  });

  it.each([0, 1, 16, 17, 32, 33, 100])('writes an ArrayStream of %i elements as the array it makes, read once per piece run', (n) => {
    const items = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? undefined : { i, tags: [i, 'x'] }));
    let reads = 0;
    const stream = new ArrayStream(() => {
      reads += 1;
      return items.values();
    });
    const pieces = [...jsonPieces({ before: 1, list: stream, after: [] })];
    expect(pieces.join('')).toBe(toJson({ before: 1, list: items, after: [] }));
    // Walked once, long or short: a parse's notes can be read only once.
    expect(reads).toBe(1);
    if (n > 16) expect(pieces.length).toBeGreaterThan(2);
  });

  it.each([
    ['no texts', []],
    ['only empty texts', [[], []]],
    ['one element', [[{ a: 1, b: [1, 'x'], c: {} }]]],
    ['several elements in one text, and empty texts between', [[{ a: 1 }, { b: { deep: [[], [2]] } }], [], [{ c: null }]]],
    ['strings with line breaks, quotes and backslashes', [[{ text: 'line\none “quoted”\t"tab"', path: 'back\\slash\n' }], ['plain', 3, null]]],
    ['more elements than a piece holds', Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? [] : [{ i, tags: [i, 'x'] }, [i]]))],
  ])('writes JsonTexts of %s as the array their elements make', (_name, elementsByText) => {
    let reads = 0;
    const texts = new JsonTexts(() => {
      reads += 1;
      return elementsByText.map((elements) => elements.map((element) => JSON.stringify(element, null, 2)).join(',\n')).values();
    });
    const value = { before: 1, list: texts, after: [] };
    const expected = toJson({ before: 1, list: elementsByText.flat(), after: [] });
    expect([...jsonPieces(value)].join('')).toBe(expected);
    expect(reads).toBe(1);
    // Serialised whole, it is the same array.
    expect(toJson(value)).toBe(expected);
  });

  it('joins to exactly what toJson gives for any archive-shaped object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.record({ history: fc.array(fc.record({ status: fc.string(), n: fc.nat() }), { maxLength: 2 }) }), { maxKeys: 80 }), (urls) => {
        const file = { schemaVersion: 1, urls };
        expect([...jsonPieces(file)].join('')).toBe(toJson(file));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['a long top-level array', { list: Array.from({ length: 100 }, (_, i) => i) }],
    ['an object of many keys', { urls: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`u${i}`, { i }])) }],
  ])('splits %s into several pieces', (_name, value) => {
    expect([...jsonPieces(value)].length).toBeGreaterThan(3);
  });

  it('writes a piece larger than a write block whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const value = { before: 'a', huge: '“é”'.repeat(800_000), list: Array.from({ length: 20 }, (_, i) => i) };
    await writeFileAtomic(join(dir, 'huge.json'), jsonPieces(value));
    expect(await readFile(join(dir, 'huge.json'), 'utf8')).toBe(toJson(value));
  });

  it('is taken by writeFileAtomic a block at a time, between writes, not all in one turn of the event loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    let turns = 0;
    const counting = setInterval(() => {
      turns += 1;
    }, 0);
    const turnOfEachPiece: number[] = [];
    function* pieces(): Generator<string> {
      for (let i = 0; i < 64; i += 1) {
        turnOfEachPiece.push(turns);
        yield `${'x'.repeat(100_000)}\n`;
      }
    }
    try {
      await writeFileAtomic(join(dir, 'big.txt'), pieces());
    } finally {
      clearInterval(counting);
    }
    // 6.4 MB in blocks of about 1 MB: the pieces are made over several turns.
    expect(new Set(turnOfEachPiece).size).toBeGreaterThanOrEqual(3);
  });

  it('is written by writeFileAtomic as the same bytes as the whole text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const value = { items: Array.from({ length: 5000 }, (_, i) => ({ i, text: `“note” ${'x'.repeat(300)}` })) };
    await writeFileAtomic(join(dir, 'pieces.json'), jsonPieces(value));
    expect(await readFile(join(dir, 'pieces.json'), 'utf8')).toBe(toJson(value));
  });
});

describe('writeFilesAtomic', () => {
  it('writes two files from one pass over shared rows, keeping them at the same row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    let made = 0;
    const rows = new SharedPass(
      (function* () {
        for (let i = 0; i < 5000; i += 1) {
          made += 1;
          yield { i, text: 'x'.repeat(200) };
        }
      })(),
      2,
    );
    let widest = 0;
    const apart = () => {
      widest = Math.max(widest, Math.abs(rows.position(0) - rows.position(1)));
    };
    const text = function* (): Generator<string> {
      yield '# rows\n';
      for (const row of rows.reader(0)) {
        apart();
        yield `${row.i}: ${row.text}\n`;
      }
    };
    const json = jsonPieces({ rows: new ArrayStream(() => rows.reader(1)) });
    await writeFilesAtomic(
      [
        { path: join(dir, 'rows.txt'), data: text() },
        { path: join(dir, 'rows.json'), data: json },
      ],
      (file) => rows.position(file),
    );
    const all = Array.from({ length: 5000 }, (_, i) => ({ i, text: 'x'.repeat(200) }));
    expect(await readFile(join(dir, 'rows.txt'), 'utf8')).toBe(`# rows\n${all.map((row) => `${row.i}: ${row.text}\n`).join('')}`);
    expect(await readFile(join(dir, 'rows.json'), 'utf8')).toBe(toJson({ rows: all }));
    expect(made).toBe(5000);
    // jsonPieces takes 16 rows a piece (17 for the first): the text file never runs further ahead.
    expect(widest).toBeLessThanOrEqual(17);
    expect((await readdir(dir)).sort()).toEqual(['rows.json', 'rows.txt']);
  });

  it('renames none of the files when one cannot be written, and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    await writeFile(join(dir, 'a.txt'), 'old a');
    const failing = function* (): Generator<string> {
      yield 'new b';
      throw new Error('the rows ran out of disk');
    };
    const error = await writeFilesAtomic([
      { path: join(dir, 'a.txt'), data: 'new a' },
      { path: join(dir, 'b.txt'), data: failing() },
    ]).catch((e: unknown) => e);
    expect(isCitecheckError(error) && error.message).toBe(`could not write ${join(dir, 'b.txt')}: the rows ran out of disk`);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('old a');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});

describe('a file whose head is made after the rest', () => {
  it('writes the head in front of the rest, the head made only once the rest is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    let rows = 0;
    const rest = function* (): Generator<string> {
      for (let i = 0; i < 40_000; i += 1) {
        rows += 1;
        yield `row ${i}: ${'é'.repeat(i % 50)}\n`;
      }
    };
    const seenByHead: number[] = [];
    await writeFilesAtomic([{ path: join(dir, 'r.txt'), data: rest(), head: () => { seenByHead.push(rows); return `# head: ${rows} rows\n`; } }]);
    const expected = `# head: 40000 rows\n${Array.from({ length: 40_000 }, (_, i) => `row ${i}: ${'é'.repeat(i % 50)}\n`).join('')}`;
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe(expected);
    expect(seenByHead).toEqual([40_000]);
    expect(await readdir(dir)).toEqual(['r.txt']);
  });

  it('leaves the old file and no temp file when the head fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    await writeFile(join(dir, 'r.txt'), 'old');
    const error = await writeFilesAtomic([
      {
        path: join(dir, 'r.txt'),
        data: 'rows',
        head: () => {
          throw new Error('no summary');
        },
      },
    ]).catch((e: unknown) => e);
    expect(isCitecheckError(error) && error.message).toBe(`could not write ${join(dir, 'r.txt')}: no summary`);
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['r.txt']);
  });

  it.each([
    ['rows and more after them', { a: 1, b: { c: [1, 2] } }, { rows: Array.from({ length: 40 }, (_, i) => ({ i })), after: 'x', none: undefined }],
    ['nothing after the head but empty members', { a: 'head' }, { rows: [], last: {} }],
    ['no members after the head', { a: 'head', gone: undefined }, {}],
    ['a stream of rows', { a: 1 }, { rows: new ArrayStream(() => Array.from({ length: 33 }, (_, i) => ({ i }))) }],
  ])('jsonPiecesAfterHead joins to the text of the whole object: %s', (_, head, rest) => {
    const parts = jsonPiecesAfterHead(() => head, rest);
    const text = [...parts.rest].join('');
    expect(parts.head() + text).toBe(toJson({ ...head, ...rest }));
  });
});

describe('readFileBytes', () => {
  it.each([0, 100, 128 * 1024 - 1, 128 * 1024, 300_000])('reads a file of %i bytes as readFile does', async (size) => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7919) % 251));
    await writeFile(join(dir, 'f.bin'), bytes);
    const read = await readFileBytes(join(dir, 'f.bin'));
    expect(read.equals(bytes)).toBe(true);
    expect(read.length).toBe(size);
  });

  it('fails as readFile does on a missing file and on a folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    expect(await readFileBytes(join(dir, 'none')).catch((e: NodeJS.ErrnoException) => e.code)).toBe('ENOENT');
    expect(await readFileBytes(dir).catch((e: NodeJS.ErrnoException) => e.code)).toBe('EISDIR');
  });
});
