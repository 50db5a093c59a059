import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAll, createResolver, SHORTENERS, type ResolveOptions } from '../../src/resolve/index.js';
import { minGap, startServer, type TestServer } from '../support/http-server.js';
import { html } from './helpers.js';

/**
 * The gate counts the interval from when a request's headers leave the client; the server
 * stamps their arrival. Client and servers share this process's event loop, so when the loop
 * is busy (a page being parsed, a loaded CI machine descheduling the process) the stamp of
 * one arrival can be late while the next one's is not: a gap of 100 ms was once recorded as
 * 66 ms. Without the limits the gaps are a few ms or less, so 40 ms of tolerance (interval
 * 100 ms → assert a gap ≥ 60 ms) still fails a broken limit and survives a busy machine. The
 * exact rule (interval counted from when the previous request was sent) is tested without a
 * server in gate.test.ts.
 */
const TOLERANCE_MS = 40;
/** Each answer takes 250 ms: with starts 100 ms apart, a host without the concurrency cap would see 3 in flight. */
const ANSWER_MS = 250;

const servers: TestServer[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.close()), ...agents.splice(0).map((a) => a.close())]);
});

/** A shortener on 127.0.0.2 pointing each /s/n at /p/n on the publisher at 127.0.0.1, both slow to answer. */
async function shortenerAndPublisher(): Promise<{ shortener: TestServer; publisher: TestServer }> {
  const publisher = await startServer('127.0.0.1', (_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html('Page'));
    }, ANSWER_MS);
  });
  const shortener = await startServer('127.0.0.2', (req, res) => {
    setTimeout(() => {
      res.writeHead(301, { location: `${publisher.origin}/p/${(req.url ?? '').split('/').pop() ?? ''}` });
      res.end();
    }, ANSWER_MS);
  });
  servers.push(publisher, shortener);
  return { shortener, publisher };
}

/**
 * Client and servers share one event loop here, so a stall in the client (the first HTML parse
 * loads and compiles modules under vitest) delays the server's stamp of an arrival and squeezes
 * the gaps it records. One warm-up check on a third server first.
 */
async function realResolver(extra: Partial<ResolveOptions>) {
  const dispatcher = new Agent();
  agents.push(dispatcher);
  const resolver = createResolver({ dispatcher, shorteners: [...SHORTENERS, '127.0.0.2'], ...extra });
  const warmUp = await startServer('127.0.0.3', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html('Warm-up'));
  });
  servers.push(warmUp);
  await resolver.check(`${warmUp.origin}/`);
  return resolver;
}

describe('per-host limits, measured at the server', () => {
  it('holds every host (the shortener and the target alike) to hostConcurrency and hostIntervalMs', async () => {
    const { shortener, publisher } = await shortenerAndPublisher();
    const resolver = await realResolver({ hostConcurrency: 2, hostIntervalMs: 100, concurrency: 32 });
    const urls = Array.from({ length: 6 }, (_, i) => `${shortener.origin}/s/${i}`);
    const results = await checkAll(resolver, urls);
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    for (const server of [shortener, publisher]) {
      expect(server.seen).toHaveLength(6);
      expect(server.maxInFlight).toBe(2);
      expect(minGap(server.seen)).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
    }
  });

  it('applies a per-host override (a slower shortener) and leaves other hosts on the defaults', async () => {
    const { shortener, publisher } = await shortenerAndPublisher();
    const resolver = await realResolver({ hostConcurrency: 2, hostIntervalMs: 100, hostOverrides: { '127.0.0.2': { concurrency: 1, intervalMs: 200 } } });
    await checkAll(resolver, Array.from({ length: 4 }, (_, i) => `${shortener.origin}/s/${i}`));
    expect(shortener.maxInFlight).toBe(1);
    expect(minGap(shortener.seen)).toBeGreaterThanOrEqual(200 - TOLERANCE_MS);
    // The publisher is only reached as fast as the slowed shortener lets requests through.
    expect(publisher.maxInFlight).toBeLessThanOrEqual(2);
    expect(minGap(publisher.seen)).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
  });

  it('the global cap bounds requests in flight across hosts', async () => {
    const { shortener, publisher } = await shortenerAndPublisher();
    const resolver = await realResolver({ concurrency: 1, hostConcurrency: 2, hostIntervalMs: 0 });
    await checkAll(resolver, [`${shortener.origin}/s/1`, `${publisher.origin}/p/2`, `${shortener.origin}/s/3`]);
    const all = [...shortener.seen, ...publisher.seen].sort((x, y) => x.start - y.start);
    // One at a time: each request arrives only after the previous answer (250 ms) went out.
    expect(minGap(all)).toBeGreaterThanOrEqual(ANSWER_MS - TOLERANCE_MS);
  });
});

describe('Retry-After, measured at the server', () => {
  it.each<[string, (now: number) => { header: string; notBefore: number }]>([
    ['seconds', (now) => ({ header: '1', notBefore: now + 1000 })],
    // An HTTP date has whole seconds; the next whole second plus one is 1–2 s away.
    ['HTTP date', (now) => {
      const at = Math.ceil(now / 1000) * 1000 + 1000;
      return { header: new Date(at).toUTCString(), notBefore: at };
    }],
  ])('a 503 with Retry-After (%s) pauses the whole host, not only the request that got it', async (_form, retryAfter) => {
    let notBefore = 0;
    let answered503 = false;
    const server = await startServer('127.0.0.1', (req, res) => {
      if (req.url === '/busy' && !answered503) {
        answered503 = true;
        const pause = retryAfter(Date.now());
        notBefore = pause.notBefore;
        res.writeHead(503, { 'retry-after': pause.header });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html('Fine'));
    });
    servers.push(server);
    // The second URL would start 50 ms after the first; the pause must hold it back too.
    const resolver = await realResolver({ hostConcurrency: 2, hostIntervalMs: 50 });
    const results = await checkAll(resolver, [`${server.origin}/busy`, `${server.origin}/other`]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(results[0]?.retries).toHaveLength(1);
    expect(results[0]?.retries[0]).toMatch(/^503 on GET http:\/\/127\.0\.0\.1:\d+\/busy, waited [12]\.\d s$/);
    const [first, ...later] = server.seen;
    expect(first?.path).toBe('/busy');
    expect(later.map((s) => s.path).sort()).toEqual(['/busy', '/other']);
    for (const request of later) expect(request.start).toBeGreaterThanOrEqual(notBefore - TOLERANCE_MS);
  });
});
