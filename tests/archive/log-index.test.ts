import { describe, expect, it } from 'vitest';
import type { UrlAnnotation } from '../../src/archive/index.js';
import { LogIndex } from '../../src/archive/store.js';

type Step = ['check', string, number, number, (number | null)?] | ['set', string, UrlAnnotation];

function indexAfter(limit: number, steps: Step[]): LogIndex {
  const index = new LogIndex(limit);
  for (const step of steps) {
    if (step[0] === 'check') index.keepCheck(step[1], step[2], step[3], step[4] ?? null);
    else index.foldState(step[1], step[2]);
  }
  return index;
}

function checksOf(index: LogIndex, url: string): [number, number][] {
  return Array.from({ length: index.count(url) }, (_, i) => index.check(url, i));
}

describe('LogIndex', () => {
  it.each<[string, number, Step[], [number, number][]]>([
    ['one check', 30, [['check', 'a', 10, 5]], [[10, 5]]],
    ['checks oldest first', 30, [['check', 'a', 10, 5], ['check', 'a', 20, 6], ['check', 'a', 30, 7]], [[10, 5], [20, 6], [30, 7]]],
    ['the newest `limit` kept', 2, [['check', 'a', 10, 5], ['check', 'a', 20, 6], ['check', 'a', 30, 7]], [[20, 6], [30, 7]]],
    ['a limit of 1 keeps the newest only', 1, [['check', 'a', 10, 5], ['check', 'a', 20, 6]], [[20, 6]]],
    ['state alone is no check', 30, [['set', 'a', { archivedCopy: null }]], []],
    ['a check after state', 30, [['set', 'a', { archivedCopy: null }], ['check', 'a', 40, 8]], [[40, 8]]],
    ['other URLs apart', 30, [['check', 'b', 1, 1], ['check', 'a', 10, 5], ['check', 'b', 2, 2]], [[10, 5]]],
    ['a URL never seen', 30, [['check', 'b', 1, 1]], []],
  ])('%s', (_name, limit, steps, expected) => {
    expect(checksOf(indexAfter(limit, steps), 'a')).toEqual(expected);
  });

  it.each<[string, number, Step[], (number | null)[]]>([
    ['one check', 30, [['check', 'a', 10, 5, 1000]], [1000]],
    ['one made offline', 30, [['check', 'a', 10, 5, null]], [null]],
    ['each check its own, oldest first', 30, [['check', 'a', 10, 5, 1000], ['check', 'a', 20, 6, null], ['check', 'a', 30, 7, 3000]], [1000, null, 3000]],
    ['the times of the checks kept', 2, [['check', 'a', 10, 5, 1000], ['check', 'a', 20, 6, 2000], ['check', 'a', 30, 7, 3000]], [2000, 3000]],
    ['a limit of 1', 1, [['check', 'a', 10, 5, 1000], ['check', 'a', 20, 6, 2000]], [2000]],
    ['other URLs apart', 30, [['check', 'b', 1, 1, 5], ['check', 'a', 10, 5, 1000], ['check', 'b', 2, 2, 6]], [1000]],
  ])('madeAt: %s', (_name, limit, steps, expected) => {
    const index = indexAfter(limit, steps);
    expect(Array.from({ length: index.count('a') }, (_, i) => index.madeAt('a', i))).toEqual(expected);
  });

  it('folds state patches, and counts what a compacted log would keep', () => {
    const index = indexAfter(2, [
      ['check', 'a', 10, 5],
      ['set', 'a', { archivedCopyCheckedAt: '2026-01-01T00:00:00Z' }],
      ['check', 'a', 20, 6],
      ['check', 'a', 30, 7],
      ['set', 'a', { archivedCopy: null }],
      ['set', 'b', { archivedCopyCheckedAt: '2026-01-01T00:00:00Z' }],
    ]);
    expect(index.state('a')).toEqual({ archivedCopyCheckedAt: '2026-01-01T00:00:00Z', archivedCopy: null });
    expect(index.state('c')).toBeUndefined();
    expect(index.liveRecords()).toBe(2 + 2);
  });

  it('lists URLs in the order first seen, and keeps them all past its first allocation', () => {
    const urls = Array.from({ length: 5000 }, (_, i) => `https://example.org/${i}`);
    const index = new LogIndex(3);
    urls.forEach((url, i) => index.keepCheck(url, i * 100, i + 1, i * 1000));
    expect([...index.urls()]).toEqual(urls);
    expect(index.check('https://example.org/4999', 0)).toEqual([499900, 5000]);
    expect(index.madeAt('https://example.org/4999', 0)).toBe(4_999_000);
    expect(index.check('https://example.org/0', 0)).toEqual([0, 1]);
  });
});
