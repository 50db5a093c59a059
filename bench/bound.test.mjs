import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostBound, lowerBound } from './bound.mjs';

const same = (n, latencyMs, host = 0) => Array.from({ length: n }, () => ({ host, latencyMs, retryAfterMs: 0 }));

describe('hostBound', () => {
  const cases = [
    // 9 gaps of 500 ms, then the last request's 100 ms; 2 slots would need only 5·100.
    { name: 'interval rules', requests: same(10, 100), limits: { intervalMs: 500, hostConcurrency: 2 }, want: 4600 },
    // No interval: 2 slots run 5 requests each back to back.
    { name: 'concurrency rules', requests: same(10, 100), limits: { intervalMs: 0, hostConcurrency: 2 }, want: 500 },
    // ⌈10/4⌉ = 3 rounds of 100 ms.
    { name: 'rounds up the busiest slot', requests: same(10, 100), limits: { intervalMs: 0, hostConcurrency: 4 }, want: 300 },
    // (b) busiest slot: ⌈3/1⌉ = 3 smallest latencies 10+20+300 = 330; (a) 2·100 + 10 = 210.
    { name: 'unequal latencies, one slot', requests: [10, 20, 300].map((latencyMs) => ({ latencyMs, retryAfterMs: 0 })), limits: { intervalMs: 100, hostConcurrency: 1 }, want: 330 },
    // The slow request alone takes 2000 ms whatever the limits.
    { name: 'the slowest request', requests: [10, 2000].map((latencyMs) => ({ latencyMs, retryAfterMs: 0 })), limits: { intervalMs: 100, hostConcurrency: 2 }, want: 2000 },
    // 3 requests, the first a 429 asking 1 s: gaps 1000 (pause) + 500, then 50 ms.
    {
      name: 'a Retry-After pause widens one gap',
      requests: [{ latencyMs: 50, retryAfterMs: 1000 }, { latencyMs: 50, retryAfterMs: 0 }, { latencyMs: 50, retryAfterMs: 0 }],
      limits: { intervalMs: 500, hostConcurrency: 2 },
      want: 1550,
    },
    // Two 429s 500 ms apart with 50 ms latency cannot share a pause: 2 gaps of 1000 + 1 of 500 + 50.
    {
      name: 'separate 429s pause separately',
      requests: [{ latencyMs: 50, retryAfterMs: 1000 }, { latencyMs: 50, retryAfterMs: 1000 }, { latencyMs: 50, retryAfterMs: 0 }, { latencyMs: 50, retryAfterMs: 0 }],
      limits: { intervalMs: 500, hostConcurrency: 2 },
      want: 2550,
    },
    // Latency 1200 ms, interval 500: up to ⌊1200/500⌋+1 = 3 starts share a pause, so 2 429s count once:
    // (a) 2·500 + 1·1000 + 1200 = 3200; (b) ⌈4/2⌉·1200 = 2400.
    {
      name: '429s in flight together share a pause',
      requests: [{ latencyMs: 1200, retryAfterMs: 1000 }, { latencyMs: 1200, retryAfterMs: 1000 }, { latencyMs: 1200, retryAfterMs: 0 }, { latencyMs: 1200, retryAfterMs: 0 }],
      limits: { intervalMs: 500, hostConcurrency: 2 },
      want: 3200,
    },
    // Same latency, three 429s: ⌊1200/500⌋+1 = 3 could overlap in time, but only 2 are in flight
    // at once, so at most 2 share a pause: 2 windows. (a) 2·500 + 2·1000 + 1200 = 4200;
    // (b) ⌈5/2⌉·1200 = 3600.
    {
      name: 'no more 429s share a pause than are in flight at once',
      requests: [...Array(3).fill({ latencyMs: 1200, retryAfterMs: 1000 }), ...Array(2).fill({ latencyMs: 1200, retryAfterMs: 0 })],
      limits: { intervalMs: 500, hostConcurrency: 2 },
      want: 4200,
    },
    // Two fast 429s (50 ms) on a host that also has a slow page: the slow page does not let the
    // 429s overlap (each is answered long before the next may start), so 2 windows:
    // (a) 1·500 + 2·1000 + 50 = 2550; the slowest request alone 1200.
    {
      name: 'only the 429s own latencies let them share a pause',
      requests: [{ latencyMs: 50, retryAfterMs: 1000 }, { latencyMs: 50, retryAfterMs: 1000 }, { latencyMs: 1200, retryAfterMs: 0 }, { latencyMs: 50, retryAfterMs: 0 }],
      limits: { intervalMs: 500, hostConcurrency: 2 },
      want: 2550,
    },
    { name: 'no requests', requests: [], limits: { intervalMs: 500, hostConcurrency: 2 }, want: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(hostBound(c.requests, c.limits), c.want));
  }
});

describe('lowerBound', () => {
  it('is the busiest host', () => {
    // Host 0: 4 requests → 3·500 + 100 = 1600; host 1: 2 requests → 600.
    const urls = [...same(4, 100, 0), ...same(2, 100, 1)].map((r) => [r]);
    const b = lowerBound(urls, { intervalMs: 500, hostConcurrency: 2 });
    assert.equal(b.boundMs, 1600);
    assert.equal(b.busiestHost, 0);
    assert.deepEqual([...b.requestsPerHost], [[0, 4], [1, 2]]);
  });

  it('counts every hop of a chain on its own host', () => {
    // One URL, 3 hops on host 0 and one on host 1: host 0 has 3 requests → 2·500 + 100.
    const chain = [0, 0, 0, 1].map((host) => ({ host, latencyMs: 100, retryAfterMs: 0 }));
    const b = lowerBound([chain], { intervalMs: 500, hostConcurrency: 2 });
    assert.equal(b.hostBoundMs, 1100);
    assert.equal(b.requestsPerHost.get(0), 3);
  });

  it('is at least the longest URL when hosts are idle', () => {
    // Hops on 3 hosts in sequence, plus a 1 s Retry-After wait: 100 + 1000 + 200 + 300.
    const chain = [
      { host: 0, latencyMs: 100, retryAfterMs: 1000 },
      { host: 0, latencyMs: 200, retryAfterMs: 0 },
      { host: 1, latencyMs: 300, retryAfterMs: 0 },
    ];
    const b = lowerBound([chain], { intervalMs: 0, hostConcurrency: 8 });
    assert.equal(b.longestUrlMs, 1600);
    assert.equal(b.boundMs, 1600);
  });

  it('is at least the global cap', () => {
    // 10 hosts, one 100 ms request each, 2 in flight overall: 10·100 / 2.
    const urls = Array.from({ length: 10 }, (_, host) => [{ host, latencyMs: 100, retryAfterMs: 0 }]);
    assert.equal(lowerBound(urls, { intervalMs: 500, hostConcurrency: 2, concurrency: 2 }).boundMs, 500);
    assert.equal(lowerBound(urls, { intervalMs: 500, hostConcurrency: 2 }).boundMs, 100);
  });
});
