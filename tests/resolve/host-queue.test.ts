import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostQueue } from '../../src/resolve/host-queue.js';

/**
 * The pick as checkAll made it before the heap, walking every host in order of first
 * citation: the first host with the fewest checks under way, below `perHost`.
 */
function linearQueue(urls: readonly string[], hostOf: (url: string) => string) {
  const queues = new Map<string, string[]>();
  for (const url of new Set(urls)) {
    const host = hostOf(url);
    queues.set(host, [...(queues.get(host) ?? []), url]);
  }
  const active = new Map<string, number>();
  return {
    take(perHost: number): { host: string; url: string } | null {
      let best: string | null = null;
      for (const [host, queue] of queues) {
        const n = active.get(host) ?? 0;
        if (queue.length === 0 || n >= perHost) continue;
        if (best === null || n < (active.get(best) ?? 0)) best = host;
      }
      if (best === null) return null;
      active.set(best, (active.get(best) ?? 0) + 1);
      return { host: best, url: (queues.get(best) as string[]).shift() as string };
    },
    finished(host: string): void {
      active.set(host, (active.get(host) ?? 1) - 1);
    },
  };
}

const hostOf = (url: string): string => url.split('/')[0] as string;

describe('HostQueue', () => {
  it('takes the host with the fewest checks under way, the first cited among equals, each URL once', () => {
    const queue = new HostQueue(['a/1', 'b/1', 'a/2', 'a/1', 'c/1', 'b/2'], hostOf);
    expect([queue.take(2), queue.take(2), queue.take(2), queue.take(2), queue.take(2)]).toEqual([
      { host: 'a', url: 'a/1' },
      { host: 'b', url: 'b/1' },
      { host: 'c', url: 'c/1' },
      { host: 'a', url: 'a/2' },
      { host: 'b', url: 'b/2' },
    ]);
    expect(queue.take(2)).toBeNull();
  });

  it('holds a host at `perHost` checks under way until one finishes', () => {
    const queue = new HostQueue(['a/1', 'a/2'], hostOf);
    expect(queue.take(1)).toEqual({ host: 'a', url: 'a/1' });
    expect(queue.take(1)).toBeNull();
    queue.finished('a');
    expect(queue.take(1)).toEqual({ host: 'a', url: 'a/2' });
  });

  it('picks as the walk over every host did, for any document and any order of finishing', () => {
    const url = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 9 })).map(([host, n]) => `${host}/${n}`);
    // true: start the next URL; a number: finish the check started that many picks ago (if still running).
    const step = fc.oneof(fc.constant(true as const), fc.nat(20));
    fc.assert(
      fc.property(fc.array(url, { maxLength: 40 }), fc.array(step, { maxLength: 120 }), fc.integer({ min: 1, max: 4 }), (urls, steps, perHost) => {
        const heap = new HostQueue(urls, hostOf);
        const walk = linearQueue(urls, hostOf);
        const running: string[] = [];
        for (const s of steps) {
          if (s === true) {
            const picked = heap.take(perHost);
            expect(picked).toEqual(walk.take(perHost));
            if (picked !== null) running.push(picked.host);
          } else if (running.length > 0) {
            const [host] = running.splice(s % running.length, 1) as [string];
            heap.finished(host);
            walk.finished(host);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
