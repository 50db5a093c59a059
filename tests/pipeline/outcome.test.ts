import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFilePieces, outcomeOfFile, type CheckRun } from '../../src/pipeline/outcome.js';
import { createResultStore } from '../../src/pipeline/result-store.js';
import { toJson } from '../../src/util/fs.js';
import type { ArchivedCheck, CheckStream, NoteVerification } from '../../src/types.js';
import { checked } from '../support/check-result.js';
import { tempDir } from './helpers.js';

const URLS = ['https://a.test/1', 'https://b.test/2', 'https://c.test/3'];
const cited = { urlCount: URLS.length, urlNumber: (url: string) => URLS.indexOf(url), urls: () => [...URLS] };

function verification(url: string, number: number): NoteVerification {
  const unknown = { verdict: 'unknown' as const, score: null, expected: null, found: null };
  return { document: 'paper.txt', number, url, verification: { verdict: 'match', title: unknown, author: unknown, date: unknown, quotations: [], soft404: [] } };
}

/** A check.json as read: its lists iterable more than once, as the file's are. */
function checkStream(overrides: Partial<CheckStream> = {}): CheckStream {
  return {
    schemaVersion: 1,
    checkedAt: '2026-12-01T00:00:00.000Z',
    citations: 'citations.json',
    offline: false,
    partial: false,
    results: [
      checked(URLS[2]!, { status: 'ok' }),
      checked('https://uncited.test/', { status: 'ok' }),
      checked(URLS[0]!, { status: 'broken', reason: 'not_found' }),
      checked(URLS[0]!, { status: 'ok' }, { rechecked: true }),
    ],
    verifications: [verification(URLS[0]!, 4), verification(URLS[2]!, 1), verification('https://uncited.test/', 9), verification(URLS[0]!, 2)],
    ...overrides,
  };
}

describe('a check.json read back for the reports', () => {
  it('gives each cited URL its last result and its verifications in file order, in the citations’ order, and deletes its files on close', async () => {
    const dir = await tempDir();
    const previous: ArchivedCheck = { checkedAt: '2026-11-30T00:00:00.000Z', status: 'broken', reason: 'not_found', httpStatus: 404, finalUrl: URLS[2]!, expandedUrl: null, title: null, hops: [], error: null };
    const outcome = await outcomeOfFile(checkStream(), cited, join(dir, 'check.json'), (url) => (url === URLS[2] ? previous : null));
    try {
      expect(outcome.urls).toEqual([URLS[0], URLS[2]]);
      expect(outcome.found(URLS[0]!)?.result).toMatchObject({ status: 'ok', rechecked: true });
      expect(outcome.found(URLS[0]!)?.verifications.map((v) => v.number)).toEqual([4, 2]);
      expect(outcome.found(URLS[2]!)?.verifications.map((v) => v.number)).toEqual([1]);
      expect(outcome.found(URLS[1]!)).toBeNull();
      expect(outcome.found('https://uncited.test/')).toBeNull();
      expect(outcome.changes(URLS[2]!).length).toBeGreaterThan(0);
      expect(outcome.changes(URLS[0]!)).toEqual([]);
      expect(outcome).toMatchObject({ checkedAt: '2026-12-01T00:00:00.000Z', citations: 'citations.json', offline: false, partial: false });
    } finally {
      await outcome.close();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes check.json from a run kept for it as the text of the whole file: each URL’s last result, then their verifications', async () => {
    const dir = await tempDir();
    const store = await createResultStore(join(dir, 'check.json'), cited, 'check-file');
    const stream = checkStream();
    const [third, , first, firstAgain] = [...stream.results];
    const [v0, v1, , v3] = [...stream.verifications];
    store.put({ result: third!, verifications: [v1!] });
    store.put({ result: first!, verifications: [] });
    store.put({ result: firstAgain!, verifications: [v0!, v3!] });
    await store.sortByUrl();
    const run: CheckRun = { ...stream, urls: [URLS[0]!, URLS[2]!], found: (url) => store.get(url), texts: (url) => store.texts(url), changes: () => [], close: () => store.close() };
    try {
      const whole = { schemaVersion: 1, checkedAt: stream.checkedAt, citations: stream.citations, offline: false, partial: false, results: [firstAgain, third], verifications: [v0, v3, v1] };
      expect([...checkFilePieces(run)].join('')).toBe(toJson(whole));
    } finally {
      await run.close();
    }
  });

  it('leaves no file behind when a record cannot be read', async () => {
    const dir = await tempDir();
    const failing = function* (): Generator<NoteVerification> {
      yield verification(URLS[0]!, 1);
      throw new Error('citations.json: field "results[1].url" must be a string');
    };
    await expect(outcomeOfFile(checkStream({ verifications: { [Symbol.iterator]: failing } }), cited, join(dir, 'check.json'), () => null)).rejects.toThrow(/results\[1\]\.url/);
    expect(await readdir(dir)).toEqual([]);
  });
});
