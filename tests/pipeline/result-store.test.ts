import { readdir, readFile, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResultStore, type ResultStore, type StoredLayout } from '../../src/pipeline/result-store.js';
import { checked } from '../support/check-result.js';
import { tempDir } from './helpers.js';

const URLS = ['https://a.test/1', 'https://b.test/2', 'https://c.test/3'];
const numbers = { urlCount: URLS.length, urlNumber: (url: string) => URLS.indexOf(url) };

/** A store given the third URL's answer, then two for the first (a second try replacing the first). */
async function storeWithAnswers(): Promise<{ dir: string; store: ResultStore }> {
  const dir = await tempDir();
  const store = await createResultStore(join(dir, 'check.json'), numbers, 'check-file');
  store.put({ result: checked(URLS[2]!, { status: 'ok' }), verifications: [] });
  store.put({ result: checked(URLS[0]!, { status: 'broken', reason: 'not_found' }), verifications: [] });
  store.put({ result: { ...checked(URLS[0]!, { status: 'ok' }), rechecked: true }, verifications: [] });
  return { dir, store };
}

describe('result store', () => {
  it('reads back each URL’s latest answer by its number, and nothing for a URL not put', async () => {
    const { dir, store } = await storeWithAnswers();
    try {
      expect(store.size).toBe(2);
      expect(URLS.map((url) => store.has(url))).toEqual([true, false, true]);
      expect(store.get(URLS[0]!)?.result).toMatchObject({ status: 'ok', rechecked: true });
      expect(store.get(URLS[2]!)?.result.status).toBe('ok');
      expect(store.get(URLS[1]!)).toBeNull();
      expect(store.get('https://elsewhere.test/')).toBeNull();
      expect(() => store.put({ result: checked('https://elsewhere.test/', { status: 'ok' }), verifications: [] })).toThrow(/not a URL of this run/);
    } finally {
      await store.close();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('rewrites its files in the order of the URLs, giving back the same answers, with its two temp files left', async () => {
    const { dir, store } = await storeWithAnswers();
    try {
      const before = await readdir(dir);
      expect(before).toHaveLength(2);
      await store.sortByUrl();
      const files = await readdir(dir);
      expect(files).toHaveLength(2);
      for (const file of files) expect(before).not.toContain(file);
      // Only the latest answer of each URL, first URL first: the results' texts name their URLs one level in.
      const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
      const urls = texts.flatMap((text) => [...text.matchAll(/^ {2}"url": "(.*)",$/gm)].map((match) => match[1]));
      expect(urls).toEqual([URLS[0], URLS[2]]);
      expect(store.get(URLS[0]!)?.result).toMatchObject({ status: 'ok', rechecked: true });
      expect(store.get(URLS[2]!)?.result.status).toBe('ok');
      expect(store.get(URLS[1]!)).toBeNull();
      expect(store.size).toBe(2);
      store.put({ result: checked(URLS[1]!, { status: 'ok' }), verifications: [] });
      expect(store.get(URLS[1]!)?.result.status).toBe('ok');
    } finally {
      await store.close();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it.each<[StoredLayout, (value: unknown) => string, string]>([
    ['check-file', (value) => JSON.stringify(value, null, 2), ',\n'],
    ['compact', (value) => JSON.stringify(value), ','],
  ])('gives back a result alone, and both parts as texts laid out %s', async (layout, text, between) => {
    const dir = await tempDir();
    const store = await createResultStore(join(dir, 'check.json'), numbers, layout);
    const field = { verdict: 'match' as const, score: 1, expected: 'Title', found: 'Title' };
    const verification = (number: number) => ({ document: 'doc.txt', number, url: URLS[0]!, verification: { verdict: 'match' as const, title: field, author: field, date: field, quotations: [], soft404: [] } });
    const found = { result: checked(URLS[0]!, { status: 'ok' }), verifications: [verification(1), verification(2)] };
    try {
      store.put(found);
      store.put({ result: checked(URLS[2]!, { status: 'broken', reason: 'not_found' }), verifications: [] });
      expect(store.get(URLS[0]!)).toEqual(found);
      expect(store.result(URLS[2]!)).toEqual(checked(URLS[2]!, { status: 'broken', reason: 'not_found' }));
      expect(store.result(URLS[1]!)).toBeNull();
      expect(store.texts(URLS[0]!)).toEqual({ result: text(found.result), verifications: found.verifications.map(text).join(between) });
      expect(store.texts(URLS[2]!)?.verifications).toBe('');
      expect(store.get(URLS[2]!)?.verifications).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps answers in memory over turns until 256 KB are queued, then writes them together', async () => {
    const dir = await tempDir();
    const many = Array.from({ length: 400 }, (_, i) => `https://host${i % 7}.test/page/${i}`);
    const store = await createResultStore(join(dir, 'check.json'), { urlCount: many.length, urlNumber: (url) => many.indexOf(url) }, 'check-file');
    try {
      const files = await readdir(dir);
      const sizes: number[] = [];
      for (const url of many) {
        store.put({ result: { ...checked(url, { status: 'ok' }), title: 'x'.repeat(1000) }, verifications: [] });
        await nextTurn();
        const each = await Promise.all(files.map(async (file) => (await stat(join(dir, file))).size));
        sizes.push(each.reduce((a, b) => a + b, 0));
      }
      const grown = sizes.map((size, i) => size - (sizes[i - 1] ?? 0)).filter((bytes) => bytes > 0);
      expect(grown.length).toBeGreaterThan(0);
      for (const bytes of grown) expect(bytes).toBeGreaterThan(256 * 1024);
      expect(store.get(many[399]!)?.result.url).toBe(many[399]);
    } finally {
      await store.close();
    }
  });
});
