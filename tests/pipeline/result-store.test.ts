import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResultStore } from '../../src/pipeline/result-store.js';
import { checked } from '../support/check-result.js';
import { tempDir } from './helpers.js';

const URLS = ['https://a.test/1', 'https://b.test/2', 'https://c.test/3'];
const numbers = { urlCount: URLS.length, urlNumber: (url: string) => URLS.indexOf(url) };

describe('result store', () => {
  it('reads back each URL’s latest answer by its number, and nothing for a URL not put', async () => {
    const dir = await tempDir();
    const store = await createResultStore(join(dir, 'check.json'), numbers);
    try {
      store.put({ result: checked(URLS[2]!, { status: 'ok' }), verifications: [] });
      store.put({ result: checked(URLS[0]!, { status: 'broken', reason: 'not_found' }), verifications: [] });
      store.put({ result: { ...checked(URLS[0]!, { status: 'ok' }), rechecked: true }, verifications: [] });
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
});
