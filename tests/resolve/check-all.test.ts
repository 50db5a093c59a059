import { describe, expect, it } from 'vitest';
import { checkAll, feedingWindows, type Checked, type Resolver } from '../../src/resolve/index.js';
import type { CheckResult } from '../../src/types.js';

/** A resolver whose checks finish when the test says, recording what ran at once. */
function fakeResolver() {
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  const resolver: Resolver = {
    check(url) {
      started.push(url);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<Checked>((done) => {
        waiting.set(url, () => {
          inFlight -= 1;
          done({ result: { status: 'ok', url } as CheckResult, html: null });
        });
      });
    },
    fetchPage: () => Promise.reject(new Error('not used')),
    fetchText: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
  const finish = async (url: string) => {
    waiting.get(url)?.();
    waiting.delete(url);
    await new Promise((r) => setImmediate(r));
  };
  return { resolver, started, finish, maxInFlight: () => maxInFlight, waiting };
}

describe('checkAll feeding', () => {
  it('keeps at most `window` checks under way', async () => {
    const fake = fakeResolver();
    const urls = Array.from({ length: 10 }, (_, i) => `https://h${i}.example/`);
    const run = checkAll(fake.resolver, urls, undefined, { window: 3 });
    await new Promise((r) => setImmediate(r));
    expect(fake.started).toHaveLength(3);
    while (fake.waiting.size > 0) await fake.finish([...fake.waiting.keys()][0] as string);
    expect((await run).map((r) => r.url)).toEqual(urls);
    expect(fake.maxInFlight()).toBe(3);
  });

  it('does not let one host fill the window while another waits', async () => {
    const fake = fakeResolver();
    const busy = Array.from({ length: 6 }, (_, i) => `https://bit.ly/${i}`);
    const other = ['https://news.example/a', 'https://news.example/b'];
    const run = checkAll(fake.resolver, [...busy, ...other], undefined, { window: 4, perHostWindow: 2 });
    await new Promise((r) => setImmediate(r));
    expect(fake.started).toEqual(['https://bit.ly/0', 'https://news.example/a', 'https://bit.ly/1', 'https://news.example/b']);
    while (fake.waiting.size > 0) await fake.finish([...fake.waiting.keys()][0] as string);
    expect(await run).toHaveLength(8);
  });

  it('starts nothing new once the signal aborts, and returns what was checked', async () => {
    const fake = fakeResolver();
    const stop = new AbortController();
    const urls = Array.from({ length: 5 }, (_, i) => `https://h${i}.example/`);
    const run = checkAll(fake.resolver, urls, undefined, { window: 2, signal: stop.signal });
    await new Promise((r) => setImmediate(r));
    stop.abort();
    await fake.finish('https://h0.example/');
    await fake.finish('https://h1.example/');
    expect((await run).map((r) => r.url)).toEqual(['https://h0.example/', 'https://h1.example/']);
    expect(fake.started).toHaveLength(2);
  });
});

describe('feedingWindows', () => {
  const limits = (concurrency: number, hostConcurrency: number, hostIntervalMs: number, hostOverrides = {}) => ({ concurrency, hostConcurrency, hostIntervalMs, hostOverrides });
  it.each([
    ['default limits: the window spans many hosts', limits(32, 2, 500), { window: 512, perHostWindow: 8 }],
    ['an interval and a large global cap', limits(200, 4, 500), { window: 800, perHostWindow: 16 }],
    ['politeness off: 3 per global slot, 2 per host slot', limits(64, 64, 0), { window: 192, perHostWindow: 128 }],
    ['no interval, host slots fewer than global ones', limits(64, 8, 0), { window: 192, perHostWindow: 16 }],
    ['no interval, host slots more than global ones: a paused host still leaves every global slot fed', limits(16, 64, 0), { window: 48, perHostWindow: 32 }],
    ['no default interval, but one host has one', limits(64, 64, 0, { 'slow.example': { intervalMs: 1000 } }), { window: 512, perHostWindow: 256 }],
    ['an override without an interval changes nothing', limits(64, 64, 0, { 'big.example': { concurrency: 8 } }), { window: 192, perHostWindow: 128 }],
  ])('%s', (_, given, expected) => {
    expect(feedingWindows(given)).toEqual(expected);
  });
});

describe('checkAll stopping with a real resolver', () => {
  it('never sends the requests still waiting for their host when the run stops', async () => {
    const { MockAgent } = await import('undici');
    const { createResolver } = await import('../../src/resolve/index.js');
    const agent = new MockAgent();
    agent.disableNetConnect();
    const host = agent.get('https://slow.example');
    for (const path of ['/1', '/2', '/3']) host.intercept({ path }).reply(200, '<title>t</title>', { headers: { 'content-type': 'text/html' } });
    // One host, 300 ms between request starts: /2 and /3 wait in the gate when /1 answers.
    const resolver = createResolver({ dispatcher: agent, hostIntervalMs: 300, dnsWorks: async () => true });
    const stop = new AbortController();
    const results = await checkAll(resolver, ['https://slow.example/1', 'https://slow.example/2', 'https://slow.example/3'], () => stop.abort(), { signal: stop.signal });
    expect(results.map((r) => r.url)).toEqual(['https://slow.example/1']);
    expect(agent.pendingInterceptors()).toHaveLength(2);
    await resolver.close();
  });
});
