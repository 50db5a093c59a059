import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAll, createResolver, type ResolveOptions } from '../../src/resolve/index.js';
import type { CheckResult } from '../../src/types.js';
import { fakeClock } from '../support/fake-clock.js';
import { html } from '../resolve/helpers.js';
import { BAD_LOCATIONS, BINARY, CAP, HUGE_BYTES, http10, LIAR_TITLE, silent, startHostileServer, startRawServer, type HostileServer, type RawServer } from './hostile-servers.js';

// The gzip bomb (a body inflating to ~20 GiB, stopped at the cap) is in
// tests/resolve/compression.test.ts, "stops inflating a gzip bomb at the cap".

const HTTP10_BODY = `${html('Old server')}${'<p>filler</p>'.repeat(2000)}`;

let hostile: HostileServer;
let mute: RawServer;
let old: RawServer;
const agents: Agent[] = [];

beforeAll(async () => {
  hostile = await startHostileServer('127.0.0.1');
  mute = await startRawServer('127.0.0.1', silent);
  old = await startRawServer('127.0.0.1', http10(HTTP10_BODY));
});

afterAll(async () => {
  await Promise.all([hostile.close(), mute.close(), old.close(), ...agents.map((a) => a.destroy())]);
});

/** Retries wait on a fake clock; timeouts are real and short. */
function resolverFor(extra: Partial<ResolveOptions> = {}) {
  const dispatcher = new Agent({ connect: { timeout: 1000 } });
  agents.push(dispatcher);
  const clock = fakeClock();
  return createResolver({ dispatcher, now: clock.now, sleep: clock.sleep, random: () => 0, hostIntervalMs: 0, maxBodyBytes: CAP, requestTimeoutMs: 3000, dnsWorks: async () => true, ...extra });
}

const urlOf = (where: 'hostile' | 'mute' | 'old', path: string): string => `${{ hostile, mute, old }[where].origin}${path}`;

interface Case {
  name: string;
  where: 'hostile' | 'mute' | 'old';
  path: string;
  options: Partial<ResolveOptions>;
  expected: Record<string, unknown>;
  /** Wall time allowed for the case on an idle machine, ms. */
  within: number;
}

/**
 * A loaded 2-core CI machine can stretch a case's wall time; a hang it guards against lasts the
 * default timeouts (30 s) or forever, so twice the idle allowance still tells one from the other.
 */
const LOAD_SLACK = 2;

const CASES: Case[] = [
  { name: 'accepts and never answers', where: 'mute', path: '/', options: { headersTimeoutMs: 300, retries: 1 }, expected: { status: 'timeout', reason: 'headers', httpStatus: null }, within: 2500 },
  { name: 'headers, then a byte a second', where: 'hostile', path: '/drip', options: { requestTimeoutMs: 1200, retries: 1 }, expected: { status: 'timeout', reason: 'body', httpStatus: 200 }, within: 2500 },
  { name: 'reset before the body', where: 'hostile', path: '/reset-before', options: {}, expected: { status: 'network_error', reason: 'connection_reset', httpStatus: null, attempts: 3 }, within: 1500 },
  { name: 'reset during the body', where: 'hostile', path: '/reset-during', options: {}, expected: { status: 'network_error', reason: 'connection_reset', httpStatus: 200, attempts: 3 }, within: 1500 },
  { name: 'a 200 MB body', where: 'hostile', path: '/huge', options: {}, expected: { status: 'ok', title: 'Huge page', httpStatus: 200 }, within: 3000 },
  { name: 'a redirect loop', where: 'hostile', path: '/loop-a', options: {}, expected: { status: 'broken', reason: 'redirect_loop' }, within: 1000 },
  { name: 'an endless chain of new URLs', where: 'hostile', path: '/endless/0', options: {}, expected: { status: 'broken', reason: 'too_many_redirects' }, within: 1000 },
  { name: 'a 50-hop chain', where: 'hostile', path: '/chain/0', options: {}, expected: { status: 'broken', reason: 'too_many_redirects' }, within: 1000 },
  ...Object.keys(BAD_LOCATIONS).map((kind): Case => ({ name: `Location: ${kind}`, where: 'hostile', path: `/bad-location/${kind}`, options: {}, expected: { status: 'broken', reason: 'bad_redirect', httpStatus: 302 }, within: 1000 })),
  { name: 'a 429 storm with Retry-After: 86400', where: 'hostile', path: '/429-storm', options: { sleep: undefined, now: undefined }, expected: { status: 'blocked', reason: 'rate_limited', attempts: 1 }, within: 1000 },
  { name: 'headers over 16 KiB', where: 'hostile', path: '/big-headers', options: {}, expected: { status: 'network_error', reason: 'headers_too_large', httpStatus: null, attempts: 1 }, within: 1000 },
  { name: 'a charset that lies', where: 'hostile', path: '/lying-charset', options: {}, expected: { status: 'ok', title: expect.any(String) }, within: 1000 },
  { name: 'binary called text/html', where: 'hostile', path: '/binary', options: {}, expected: { status: 'ok', title: null }, within: 1000 },
  { name: 'HTTP/1.0 without Content-Length', where: 'old', path: '/', options: {}, expected: { status: 'ok', title: 'Old server', httpStatus: 200 }, within: 1000 },
];

describe('hostile servers: each ends in a classified result within its time', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const started = performance.now();
    const checked = await resolverFor(c.options).check(urlOf(c.where, c.path));
    const elapsed = performance.now() - started;
    expect(checked.result).toMatchObject(c.expected);
    expect(elapsed).toBeLessThan(c.within * LOAD_SLACK);
  }, 10_000);
});

describe('what the hostile servers got out of us', () => {
  it('stops reading a 200 MB body at the cap: the server saw the client go, having written a fraction', async () => {
    const before = hostile.hugeWritten.length;
    const checked = await resolverFor().check(urlOf('hostile', '/huge'));
    expect(checked.html?.length).toBe(CAP);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const written = hostile.hugeWritten.slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toBeLessThan(HUGE_BYTES / 10);
    expect(hostile.seen.filter((s) => s.path === '/huge').at(-1)?.finished).toBe(false);
  });

  it('never requests a bad Location: one request per bad redirect, nothing after it', async () => {
    const before = hostile.seen.length;
    for (const kind of Object.keys(BAD_LOCATIONS)) {
      const { result } = await resolverFor().check(urlOf('hostile', `/bad-location/${kind}`));
      expect(result.hops).toHaveLength(1);
    }
    expect(hostile.seen.slice(before).map((s) => s.path)).toEqual(Object.keys(BAD_LOCATIONS).map((k) => `/bad-location/${k}`));
  });

  it('reads an HTTP/1.0 body to the close', async () => {
    const checked = await resolverFor().check(urlOf('old', '/'));
    expect(checked.html).toBe(HTTP10_BODY);
  });

  it('names the header overflow in the error', async () => {
    const { result } = await resolverFor().check(urlOf('hostile', '/big-headers'));
    expect(result.error).toMatch(/header/i);
  });

  it('a lying charset does not decode as the truth (no crash, a title, but not the real one)', async () => {
    const { result } = await resolverFor().check(urlOf('hostile', '/lying-charset'));
    expect(result.title).not.toBe(LIAR_TITLE);
    expect(result.title?.length).toBeGreaterThan(0);
  });
});

describe('the run continues', () => {
  it('all hostile URLs in one run: every one classified, none stalls the others', async () => {
    const resolver = resolverFor({ headersTimeoutMs: 300, requestTimeoutMs: 1500, retries: 1, hostConcurrency: CASES.length, concurrency: CASES.length });
    const urls = [...new Set(CASES.map((c) => urlOf(c.where, c.path)))];
    const started = performance.now();
    const results: CheckResult[] = await checkAll(resolver, urls);
    expect(performance.now() - started).toBeLessThan(5000 * LOAD_SLACK);
    const byUrl = new Map(results.map((r) => [r.url, r]));
    for (const c of CASES) expect({ case: c.name, status: byUrl.get(urlOf(c.where, c.path))?.status }).toEqual({ case: c.name, status: c.expected['status'] });
  }, 10_000);
});
