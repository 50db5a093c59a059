import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { citationsFilePieces, createCitationStore, type CitationStore } from '../../src/pipeline/citation-store.js';
import { parseDocument, parseNotes, readDocument } from '../../src/parse/index.js';
import { notesOf } from '../../src/report/index.js';
import type { Citation, CitationsFile } from '../../src/types.js';
import { jsonPieces } from '../../src/util/fs.js';
import { citationsFile, note } from '../report/fixtures.js';
import { notesOfFile, tempDir } from './helpers.js';

const SEED = 'documents/us-iraq-strategic-dialogue.txt';
const claim = (quotations: string[]): Citation['claims'][number] => ({ text: 'A claim.', quotations, line: 3 });

/** A full note, an Ibid. and a short note standing for it (with quotations of their own), a note without a link, a note citing two URLs, and a number used twice. */
const paper: CitationsFile = citationsFile(
  [
    note(1, { claims: [claim(['first words'])] }),
    note(2, { kind: 'ibid', refersTo: 1, urls: [], claims: [claim(['ibid words'])] }),
    note(3, { urls: [] }),
    note(4, { kind: 'short', refersTo: 1, urls: [], claims: [claim(['short words', 'more “quoted” words — é'])] }),
    note(5, { urls: ['https://site.test/5a', 'https://site.test/1'] }),
    note(6, { kind: 'ibid', refersTo: 7, urls: [] }),
    note(7, { title: 'The first seven' }),
    note(7, { title: 'The second seven', urls: ['https://site.test/7b'] }),
  ],
  [{ code: 'note_repeated', message: 'note 7 appears twice', line: 108, note: 7 }],
);

const other: CitationsFile = {
  ...citationsFile([note(1, { urls: ['https://site.test/other'] }), note(2, { urls: ['https://site.test/1'], claims: [claim(['other words'])] })]),
  document: { path: 'documents/other.txt', title: null, dateOrder: 'MDY' },
};

let open: CitationStore | null = null;
async function storeIn(dir: string, ...files: CitationsFile[]): Promise<CitationStore> {
  open = await createCitationStore(join(dir, 'reports', 'check.json'));
  for (const file of files) open.add(notesOfFile(file));
  return open;
}

afterEach(async () => {
  await open?.close();
  open = null;
});

describe('citation store', () => {
  it('reads each document back as the text and the rows the parsed file gives', async () => {
    const store = await storeIn(await tempDir(), paper, other);
    const [stored, second] = store.documents;
    expect([...citationsFilePieces(stored!)].join('')).toBe([...jsonPieces(paper)].join(''));
    expect([...citationsFilePieces(second!)].join('')).toBe([...jsonPieces(other)].join(''));
    const held = notesOf(paper);
    expect(stored!.counts).toEqual(held.counts);
    expect(second!.counts).toEqual({ notes: 2, sources: 2, urls: 2 });
    expect([...stored!.notes()]).toEqual([...held.notes()]);
  });

  it('gives an Ibid. or short note the last note of the number it refers to as its source', async () => {
    const store = await storeIn(await tempDir(), paper);
    const sources = [...store.documents[0]!.notes()].map(({ citation, source }) => [citation.number, source === citation ? null : source.title]);
    expect(sources).toEqual([
      [1, null],
      [2, 'Title 1'],
      [3, null],
      [4, 'Title 1'],
      [5, null],
      [6, 'The second seven'],
      [7, null],
      [7, null],
    ]);
  });

  it('lists the distinct URLs in the order of their first citation, over every document', async () => {
    const store = await storeIn(await tempDir(), paper, other);
    expect(store.urls()).toEqual(['https://site.test/1', 'https://site.test/5a', 'https://site.test/7', 'https://site.test/7b', 'https://site.test/other']);
    expect(store.has('https://site.test/7b')).toBe(true);
    expect(store.has('https://site.test/2')).toBe(false);
  });

  it('reads back the notes citing a URL, each with the quotations of the notes standing for it', async () => {
    const store = await storeIn(await tempDir(), paper, other);
    const citing = store.notesCiting('https://site.test/1').map((n) => [n.document, n.citation.number, n.quotations]);
    expect(citing).toEqual([
      ['documents/test-doc.txt', 1, ['first words', 'ibid words', 'short words', 'more “quoted” words — é']],
      ['documents/test-doc.txt', 5, []],
      ['documents/other.txt', 2, ['other words']],
    ]);
    expect(store.notesCiting('https://site.test/nowhere')).toEqual([]);
    // What a page is compared with, not the whole note.
    const { number, title, authors, published, accessed } = paper.citations[0]!;
    expect(store.notesCiting('https://site.test/1')[0]?.citation).toEqual({ number, title, authors, published, accessed });
  });

  it('tells which document cites a URL', async () => {
    const store = await storeIn(await tempDir(), paper, other);
    const [first, second] = store.documents;
    expect(['https://site.test/5a', 'https://site.test/other', 'https://site.test/1'].map((url) => [first!.cites(url), second!.cites(url)])).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
  });

  it('takes a document as the parse reads it, note by note, and keeps what its citations.json would give', async () => {
    // The seed has Ibid. and short notes citing the pages of earlier full notes, with quotations.
    const text = await readDocument(SEED);
    const file = parseDocument(text, SEED);
    const whole = await storeIn(await tempDir(), file);
    const store = await createCitationStore(join(await tempDir(), 'reports', 'check.json'));
    try {
      const streamed = store.add(parseNotes(text, SEED));
      expect([...citationsFilePieces(streamed)].join('')).toBe([...jsonPieces(file)].join(''));
      expect(streamed.counts).toEqual(whole.documents[0]!.counts);
      expect([...streamed.notes()]).toEqual([...notesOf(file).notes()]);
      const quotations = (s: CitationStore): string[][][] => s.urls().map((url) => s.notesCiting(url).map((n) => n.quotations));
      expect(quotations(store)).toEqual(quotations(whole));
      // Some are lent: the seed's notes 3 and 4 (a short form and an Ibid. of note 1) are cited for quotations.
      expect(quotations(store).flat(2).length).toBeGreaterThan(file.citations.filter((c) => c.urls.length > 0).flatMap((c) => c.claims.flatMap((k) => k.quotations)).length);
    } finally {
      await store.close();
    }
  });

  it('lends the quotations of an Ibid. or short note to the note it refers to, even one further on', async () => {
    const forward = citationsFile([note(1, { kind: 'ibid', refersTo: 2, urls: [], claims: [claim(['said later'])] }), note(2, { claims: [claim(['said here'])] })]);
    const store = await storeIn(await tempDir(), forward);
    expect(store.notesCiting('https://site.test/2').map((n) => n.quotations)).toEqual([['said here', 'said later']]);
  });

  it('lends one note the quotations of 200,000 Ibid. notes', async () => {
    const ibids = Array.from({ length: 200_000 }, (_, i) => note(i + 2, { kind: 'ibid', refersTo: 1, urls: [], claims: [claim([`q${i}`])] }));
    const store = await storeIn(await tempDir(), citationsFile([note(1), ...ibids]));
    const [citing] = store.notesCiting('https://site.test/1');
    expect(citing?.quotations).toHaveLength(200_000);
    expect(citing?.quotations.at(-1)).toBe('q199999');
  });

  it('deletes its files on close, and the folder it made when nothing else is in it', async () => {
    const dir = await tempDir();
    const store = await storeIn(dir, paper);
    expect(await readdir(join(dir, 'reports'))).toHaveLength(2);
    await store.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves a folder it made once something else is written there, and a folder it found', async () => {
    const kept = await tempDir();
    const store = await storeIn(kept, paper);
    await writeFile(join(kept, 'reports', 'check.json'), '{}');
    await store.close();
    expect(await readdir(join(kept, 'reports'))).toEqual(['check.json']);

    const found = await tempDir();
    await mkdir(join(found, 'reports'));
    await (await storeIn(found, paper)).close();
    expect(await readdir(found)).toEqual(['reports']);
  });
});
