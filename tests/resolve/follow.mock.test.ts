import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAll, createResolver, looksOffline, type Resolver } from '../../src/resolve/index.js';
import { fakeClock } from '../support/fake-clock.js';
import { captureLogger, html, withCode } from './helpers.js';

const HTML = { headers: { 'content-type': 'text/html; charset=utf-8' } };
let agent: MockAgent;
let clock: ReturnType<typeof fakeClock>;
let resolver: Resolver;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  clock = fakeClock();
  resolver = createResolver({ dispatcher: agent, now: clock.now, sleep: clock.sleep, random: () => 0, hostIntervalMs: 0, dnsWorks: async () => true });
});

afterEach(async () => {
  await resolver.close();
  await agent.close();
});

describe('hop loop (MockAgent)', () => {
  it('asks a shortener with HEAD, the page with GET, and records the expanded URL', async () => {
    agent.get('https://bit.ly').intercept({ path: '/abc', method: 'HEAD' }).reply(301, '', { headers: { location: 'https://news.example/a' } });
    agent.get('https://news.example').intercept({ path: '/a', method: 'GET' }).reply(200, html('Story A'), HTML);
    const { result, html: body } = await resolver.check('https://bit.ly/abc');
    expect(result).toMatchObject({ status: 'ok', expandedUrl: 'https://news.example/a', finalUrl: 'https://news.example/a', httpStatus: 200, title: 'Story A', attempts: 2, error: null });
    expect(result.hops.map((h) => [h.method, h.status, h.location])).toEqual([
      ['HEAD', 301, 'https://news.example/a'],
      ['GET', 200, null],
    ]);
    expect(body).toContain('Story A');
    agent.assertNoPendingInterceptors();
  });

  it('falls back to GET when a shortener refuses HEAD with 405', async () => {
    const bitly = agent.get('https://bit.ly');
    bitly.intercept({ path: '/abc', method: 'HEAD' }).reply(405, '');
    bitly.intercept({ path: '/abc', method: 'GET' }).reply(302, '', { headers: { location: 'https://news.example/a' } });
    agent.get('https://news.example').intercept({ path: '/a', method: 'GET' }).reply(200, html('Story A'), HTML);
    const { result } = await resolver.check('https://bit.ly/abc');
    expect(result).toMatchObject({ status: 'ok', expandedUrl: 'https://news.example/a', attempts: 3 });
    expect(result.hops.map((h) => h.method)).toEqual(['GET', 'GET']);
    agent.assertNoPendingInterceptors();
  });

  it('tries HEAD once: a 503 to HEAD goes straight to GET, which is not penalised', async () => {
    const bitly = agent.get('https://bit.ly');
    bitly.intercept({ path: '/abc', method: 'HEAD' }).reply(503, '');
    bitly.intercept({ path: '/abc', method: 'GET' }).reply(301, '', { headers: { location: 'https://news.example/a' } });
    agent.get('https://news.example').intercept({ path: '/a', method: 'GET' }).reply(200, html('Story A'), HTML);
    const { result } = await resolver.check('https://bit.ly/abc');
    expect(result).toMatchObject({ status: 'ok', attempts: 3, retries: [] });
    agent.assertNoPendingInterceptors();
  });

  it('asks again with GET when HEAD on a shortener reaches a page (the title is needed)', async () => {
    const bitly = agent.get('https://bit.ly');
    bitly.intercept({ path: '/', method: 'HEAD' }).reply(200, '');
    bitly.intercept({ path: '/', method: 'GET' }).reply(200, html('Bitly home'), HTML);
    const { result } = await resolver.check('https://bit.ly/');
    expect(result).toMatchObject({ status: 'ok', title: 'Bitly home', attempts: 2, expandedUrl: null });
    expect(result.hops.map((h) => h.method)).toEqual(['GET']);
    agent.assertNoPendingInterceptors();
  });

  it('calls a shortener answering 404 broken/shortener_not_found', async () => {
    const bitly = agent.get('https://bit.ly');
    bitly.intercept({ path: '/gone', method: 'HEAD' }).reply(404, '');
    bitly.intercept({ path: '/gone', method: 'GET' }).reply(404, 'no such link');
    const { result } = await resolver.check('https://bit.ly/gone');
    expect(result).toMatchObject({ status: 'broken', reason: 'shortener_not_found', httpStatus: 404, expandedUrl: null });
  });

  it('reports where a page moved after the shortener as redirected', async () => {
    agent.get('https://bit.ly').intercept({ path: '/abc', method: 'HEAD' }).reply(301, '', { headers: { location: 'https://news.example/a' } });
    agent.get('https://news.example').intercept({ path: '/a', method: 'GET' }).reply(301, '', { headers: { location: '/archive/a' } });
    agent.get('https://news.example').intercept({ path: '/archive/a', method: 'GET' }).reply(200, html('Story A'), HTML);
    const { result } = await resolver.check('https://bit.ly/abc');
    expect(result).toMatchObject({ status: 'redirected', expandedUrl: 'https://news.example/a', finalUrl: 'https://news.example/archive/a' });
  });

  it('flags a Cloudflare challenge as blocked/bot_challenge, not broken', async () => {
    agent.get('https://news.example').intercept({ path: '/a' }).reply(403, 'Just a moment...', { headers: { 'cf-mitigated': 'challenge' } });
    expect((await resolver.check('https://news.example/a')).result).toMatchObject({ status: 'blocked', reason: 'bot_challenge', httpStatus: 403 });
  });

  it('does not read a PDF as HTML', async () => {
    agent.get('https://news.example').intercept({ path: '/report.pdf' }).reply(200, '%PDF-1.4 ...', { headers: { 'content-type': 'application/pdf' } });
    const checked = await resolver.check('https://news.example/report.pdf');
    expect(checked.result).toMatchObject({ status: 'ok', title: null, page: null });
    expect(checked.html).toBeNull();
  });

  it.each<[string, string]>([
    ['mailto:someone@example.org', 'scheme'],
    ['ftp://ftp.example.org/file', 'scheme'],
    ['not a url at all', 'not_a_url'],
  ])('%s is unsupported/%s without a request', async (url, reason) => {
    expect((await resolver.check(url)).result).toMatchObject({ status: 'unsupported', reason, attempts: 0, hops: [] });
  });

  it('fetchPage uses GET only, even on a shortener', async () => {
    agent.get('https://bit.ly').intercept({ path: '/abc', method: 'GET' }).reply(301, '', { headers: { location: 'https://news.example/a' } });
    agent.get('https://news.example').intercept({ path: '/a', method: 'GET' }).reply(200, html('Story A'), HTML);
    const page = await resolver.fetchPage('https://bit.ly/abc');
    expect(page).toMatchObject({ status: 200, finalUrl: 'https://news.example/a', error: null });
    expect(page.html).toContain('Story A');
    agent.assertNoPendingInterceptors();
  });
});

describe('retries and Retry-After (MockAgent, fake clock)', () => {
  it('waits the Retry-After seconds on 503, then succeeds', async () => {
    const host = agent.get('https://news.example');
    host.intercept({ path: '/a' }).reply(503, '', { headers: { 'retry-after': '7' } });
    host.intercept({ path: '/a' }).reply(200, html('Story A'), HTML);
    const { result } = await resolver.check('https://news.example/a');
    expect(result).toMatchObject({ status: 'ok', attempts: 2, retries: ['503 on GET https://news.example/a, waited 7.0 s'] });
    expect(clock.waits).toEqual([7000]);
  });

  it('waits until the Retry-After HTTP date on 429', async () => {
    const host = agent.get('https://news.example');
    const when = new Date(clock.now() + 30_000).toUTCString();
    host.intercept({ path: '/a' }).reply(429, '', { headers: { 'retry-after': when } });
    host.intercept({ path: '/a' }).reply(200, html('Story A'), HTML);
    const { result } = await resolver.check('https://news.example/a');
    expect(result).toMatchObject({ status: 'ok', attempts: 2, retries: ['429 on GET https://news.example/a, waited 30.0 s'] });
    expect(clock.waits).toEqual([30_000]);
  });

  it('a Retry-After beyond the cap is blocked/rate_limited, without waiting it out', async () => {
    agent.get('https://news.example').intercept({ path: '/a' }).reply(429, '', { headers: { 'retry-after': '3600' } });
    const { result } = await resolver.check('https://news.example/a');
    expect(result).toMatchObject({ status: 'blocked', reason: 'rate_limited', attempts: 1, retries: [] });
    expect(result.error).toContain('Retry-After: 3600');
    expect(clock.waits).toEqual([]);
  });

  it('retries 5xx with exponential backoff, then reports server_error', async () => {
    agent.get('https://news.example').intercept({ path: '/a' }).reply(500, '').times(3);
    const { result } = await resolver.check('https://news.example/a');
    expect(result).toMatchObject({ status: 'server_error', httpStatus: 500, attempts: 3 });
    expect(result.retries).toEqual(['500 on GET https://news.example/a, waited 1.0 s', '500 on GET https://news.example/a, waited 2.0 s']);
    expect(clock.waits).toEqual([1000, 2000]);
  });

  it('429 after every retry is blocked/rate_limited', async () => {
    agent.get('https://news.example').intercept({ path: '/a' }).reply(429, '').times(3);
    expect((await resolver.check('https://news.example/a')).result).toMatchObject({ status: 'blocked', reason: 'rate_limited', attempts: 3 });
  });

  it('retries a reset connection', async () => {
    const host = agent.get('https://news.example');
    host.intercept({ path: '/a' }).replyWithError(withCode('read ECONNRESET', 'ECONNRESET'));
    host.intercept({ path: '/a' }).reply(200, html('Story A'), HTML);
    expect((await resolver.check('https://news.example/a')).result).toMatchObject({ status: 'ok', attempts: 2, retries: ['ECONNRESET on GET https://news.example/a, waited 1.0 s'] });
  });

  it('does not retry a refused connection', async () => {
    agent.get('https://news.example').intercept({ path: '/a' }).replyWithError(withCode('connect ECONNREFUSED 192.0.2.1:443', 'ECONNREFUSED'));
    expect((await resolver.check('https://news.example/a')).result).toMatchObject({ status: 'network_error', reason: 'connection_refused', attempts: 1, error: 'connect ECONNREFUSED 192.0.2.1:443' });
  });
});

describe('checkAll and looksOffline (MockAgent)', () => {
  it('checks each distinct URL once, fans results out in input order, and logs one line per URL', async () => {
    const { logger, lines } = captureLogger();
    await resolver.close();
    resolver = createResolver({ dispatcher: agent, now: clock.now, sleep: clock.sleep, hostIntervalMs: 0, logger });
    const host = agent.get('https://news.example');
    host.intercept({ path: '/a' }).reply(200, html('A'), HTML);
    host.intercept({ path: '/b' }).reply(404, '');
    const seen: string[] = [];
    const results = await checkAll(resolver, ['https://news.example/a', 'https://news.example/b', 'https://news.example/a'], (c) => {
      seen.push(c.result.url);
    });
    expect(results.map((r) => [r.url, r.status])).toEqual([
      ['https://news.example/a', 'ok'],
      ['https://news.example/b', 'broken'],
      ['https://news.example/a', 'ok'],
    ]);
    expect(seen.sort()).toEqual(['https://news.example/a', 'https://news.example/b']);
    expect(lines.map((l) => [l['url'], l['status'], l['hops'], typeof l['ms'], l['level']])).toEqual(
      expect.arrayContaining([
        ['https://news.example/a', 'ok', 1, 'number', 30],
        ['https://news.example/b', 'broken', 1, 'number', 30],
      ]),
    );
    expect(lines).toHaveLength(2);
    agent.assertNoPendingInterceptors();
  });

  it('every URL failing at DNS (EAI_AGAIN) looks offline, and is not called broken', async () => {
    for (const origin of ['https://one.example', 'https://bit.ly', 'https://two.example']) {
      agent.get(origin).intercept({ path: /.*/, method: /.*/ }).replyWithError(withCode(`getaddrinfo EAI_AGAIN ${new URL(origin).hostname}`, 'EAI_AGAIN'));
    }
    const results = await checkAll(resolver, ['https://one.example/a', 'https://bit.ly/x', 'https://two.example/b', 'mailto:a@b.example']);
    expect(results.slice(0, 3).map((r) => [r.status, 'reason' in r ? r.reason : null])).toEqual(Array(3).fill(['network_error', 'dns_unavailable']));
    expect(looksOffline(results)).toBe(true);
  });

  it('one HTTP answer among DNS failures is not offline; NXDOMAIN is broken', async () => {
    agent.get('https://one.example').intercept({ path: '/a' }).replyWithError(withCode('getaddrinfo EAI_AGAIN one.example', 'EAI_AGAIN'));
    agent.get('https://gone.example').intercept({ path: '/a' }).replyWithError(withCode('getaddrinfo ENOTFOUND gone.example', 'ENOTFOUND'));
    agent.get('https://two.example').intercept({ path: '/b' }).reply(404, '');
    const results = await checkAll(resolver, ['https://one.example/a', 'https://gone.example/a', 'https://two.example/b']);
    expect(results[1]).toMatchObject({ status: 'broken', reason: 'dns_nxdomain' });
    expect(looksOffline(results)).toBe(false);
    expect(looksOffline(results.slice(0, 1))).toBe(true);
    expect(looksOffline([])).toBe(false);
  });
});

describe('NXDOMAIN on a machine whose DNS resolves nothing', () => {
  it.each([
    [true, { status: 'broken', reason: 'dns_nxdomain' }],
    [false, { status: 'network_error', reason: 'dns_unavailable' }],
  ])('when well-known names resolve: %s → %j, asking once per run', async (works, expected) => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    let asked = 0;
    const r = createResolver({ dispatcher: mock, hostIntervalMs: 0, dnsWorks: async () => (asked++, works) });
    for (const host of ['https://gone.example', 'https://bit.ly']) {
      mock.get(host).intercept({ path: /.*/, method: /.*/ }).replyWithError(withCode(`getaddrinfo ENOTFOUND ${new URL(host).hostname}`, 'ENOTFOUND'));
    }
    const results = await checkAll(r, ['https://gone.example/a', 'https://bit.ly/x']);
    expect(results.map((x) => ({ status: x.status, reason: 'reason' in x ? x.reason : null }))).toEqual([expected, expected]);
    expect(asked).toBe(1);
    expect(looksOffline(results)).toBe(!works);
    await r.close();
  });
});
