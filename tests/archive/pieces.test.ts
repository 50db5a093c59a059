import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { archivePieces } from '../../src/archive/pieces.js';
import type { ArchivedUrl, ArchiveFile } from '../../src/types.js';
import { toJson } from '../../src/util/fs.js';

function entry(i: number): ArchivedUrl {
  return { history: [{ checkedAt: `2026-01-0${(i % 9) + 1}T00:00:00.000Z`, status: 'ok', reason: null, httpStatus: 200, finalUrl: `https://x.example/${i}`, title: `Title “${i}”\n`, hops: 1 }] } as unknown as ArchivedUrl;
}

function archiveOf(count: number): ArchiveFile {
  const urls: Record<string, ArchivedUrl> = {};
  for (let i = 0; i < count; i++) urls[`https://x.example/${i}?q="${i}"`] = entry(i);
  return { schemaVersion: 1, urls };
}

describe('archivePieces', () => {
  it.each([0, 1, 31, 32, 33, 100])('%i URLs join to the text of toJson', (count) => {
    const file = archiveOf(count);
    expect([...archivePieces(file)].join('')).toBe(toJson(file));
  });

  it('splits a large archive into pieces', () => {
    expect([...archivePieces(archiveOf(100))].length).toBeGreaterThan(4);
  });

  it('keeps other members and their order, and integer-like URLs first as JSON puts them', () => {
    const file = { extra: { urls: {} }, urls: { b: entry(1), '12': entry(2), a: entry(3), '3': entry(4) }, schemaVersion: 1, zz: [1] } as unknown as ArchiveFile;
    expect([...archivePieces(file)].join('')).toBe(toJson(file));
  });

  it('is a snapshot: an entry replaced after the call is written as it was', () => {
    const file = archiveOf(40);
    const pieces = archivePieces(file);
    const before = toJson(file);
    file.urls['https://x.example/39?q="39"'] = entry(100);
    file.urls['https://new.example/'] = entry(101);
    expect([...pieces].join('')).toBe(before);
  });

  it('any archive', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.nat(50).map(entry), { maxKeys: 80 }), (urls) => {
        const file: ArchiveFile = { schemaVersion: 1, urls };
        expect([...archivePieces(file)].join('')).toBe(toJson(file));
      }),
      { numRuns: 200 },
    );
  });
});
