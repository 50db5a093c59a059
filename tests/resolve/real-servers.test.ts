import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver, SHORTENERS, type ResolveOptions } from '../../src/resolve/index.js';
import { closedOrigin, startServer, type TestServer } from '../support/http-server.js';
import { fakeClock } from '../support/fake-clock.js';
import { html } from './helpers.js';

const ARABIC_TITLE = 'الحوار الاستراتيجي بين الولايات المتحدة والعراق';
const CAP = 64 * 1024;

let a: TestServer; // 127.0.0.1: the publisher
let b: TestServer; // 127.0.0.2: a second host, treated as a shortener in these tests
const agents: Agent[] = [];

function resolverFor(extra: Partial<ResolveOptions> = {}) {
  const clock = fakeClock();
  const dispatcher = new Agent({ connect: { timeout: 1000 } });
  agents.push(dispatcher);
  return createResolver({ dispatcher, now: clock.now, sleep: clock.sleep, random: () => 0, hostIntervalMs: 0, maxBodyBytes: CAP, requestTimeoutMs: 2000, shorteners: [...SHORTENERS, '127.0.0.2'], ...extra });
}

function send(res: import('node:http').ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

beforeAll(async () => {
  a = await startServer('127.0.0.1', (req, res) => {
    const path = req.url ?? '/';
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      return n >= 10 ? send(res, 200, html('Tenth')) : send(res, 302, '', { location: `/hop/${n + 1}` });
    }
    switch (path) {
      case '/ok':
        return send(res, 200, html('All fine'));
      case '/start':
        return send(res, 302, '', { location: 'step2' });
      case '/step2':
        return send(res, 301, '', { location: `${b.origin}/final` });
      case '/loop1':
        return send(res, 302, '', { location: '/loop2' });
      case '/loop2':
        return send(res, 302, '', { location: `${a.origin}/loop1` });
      case '/meta':
        return send(res, 200, `<html><head><meta http-equiv="refresh" content="0; url=${b.origin}/final"><title>Moving</title></head></html>`);
      case '/no-location':
        return send(res, 302);
      case '/1256-header':
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1256' });
        return res.end(iconv.encode(html(ARABIC_TITLE), 'windows-1256'));
      case '/1256-meta':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(iconv.encode(html(ARABIC_TITLE, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'), 'windows-1256'));
      case '/slow':
        return setTimeout(() => send(res, 200, html('Late')), 1500);
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Half');
        return setTimeout(() => res.end('</title></head></html>'), 1500);
      case '/reset':
        return req.socket.destroy();
      case '/big': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write(`<html><head><title>Big page</title></head><body>`);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = (): void => {
          while (sent < 10 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('</body></html>');
        };
        return pump();
      }
      default: {
        const status = /^\/status\/(\d+)$/.exec(path);
        if (status) return send(res, Number(status[1]), 'status page');
        return send(res, 404, 'not here');
      }
    }
  });
  b = await startServer('127.0.0.2', (req, res) => {
    const path = req.url ?? '/';
    if (path === '/final') return send(res, 200, html('Final page'));
    if (path === '/no-head') return req.method === 'HEAD' ? send(res, 405) : send(res, 301, '', { location: `${a.origin}/ok` });
    if (path === '/short') return send(res, 301, '', { location: `${a.origin}/ok` });
    return send(res, 404);
  });
});

afterAll(async () => {
  await Promise.all([a.close(), b.close(), ...agents.map((d) => d.close())]);
});

describe('statuses against real servers', () => {
  it.each<[string, Record<string, unknown>]>([
    ['/ok', { status: 'ok', httpStatus: 200, title: 'All fine' }],
    ['/status/404', { status: 'broken', reason: 'not_found', httpStatus: 404 }],
    ['/status/410', { status: 'broken', reason: 'gone', httpStatus: 410 }],
    ['/status/401', { status: 'blocked', reason: 'unauthorized' }],
    ['/status/403', { status: 'blocked', reason: 'forbidden' }],
    ['/status/999', { status: 'blocked', reason: 'nonstandard_999', httpStatus: 999 }],
    ['/status/429', { status: 'blocked', reason: 'rate_limited', attempts: 3 }],
    ['/status/500', { status: 'server_error', httpStatus: 500, attempts: 3 }],
    ['/status/503', { status: 'server_error', httpStatus: 503, attempts: 3 }],
    ['/no-location', { status: 'broken', reason: 'bad_redirect', httpStatus: 302 }],
    ['/reset', { status: 'network_error', reason: 'connection_reset', httpStatus: null, attempts: 3 }],
  ])('%s', async (path, expected) => {
    const { result } = await resolverFor().check(`${a.origin}${path}`);
    expect(result).toMatchObject(expected);
  });

  it.each<[string, Partial<ResolveOptions>, Record<string, unknown>]>([
    ['/slow', { requestTimeoutMs: 200 }, { status: 'timeout', reason: 'total', httpStatus: null }],
    ['/slow-body', { requestTimeoutMs: 200 }, { status: 'timeout', reason: 'body', httpStatus: 200 }],
    // undici checks headersTimeout about once a second, so this one takes ~1 s.
    ['/slow', { headersTimeoutMs: 300, requestTimeoutMs: 5000 }, { status: 'timeout', reason: 'headers', httpStatus: null }],
  ])('times out on %s with %o', async (path, options, expected) => {
    const { result } = await resolverFor({ retries: 1, ...options }).check(`${a.origin}${path}`);
    expect(result).toMatchObject({ ...expected, attempts: 1 });
  });

  it('a refused connection is network_error/connection_refused', async () => {
    const gone = await closedOrigin();
    const { result } = await resolverFor().check(`${gone}/x`);
    expect(result).toMatchObject({ status: 'network_error', reason: 'connection_refused', attempts: 1 });
    expect(result.error).toContain('ECONNREFUSED');
  });

  it.each<[string, string]>([
    ['127.0.0.1', 'self-signed'],
    ['127.0.0.2', "does not match certificate's altnames"],
  ])('a TLS failure on https://%s is network_error/tls_certificate, named in the error', async (host, words) => {
    const cert = readFileSync(new URL('./fixtures/self-signed.crt', import.meta.url));
    const key = readFileSync(new URL('./fixtures/self-signed.key', import.meta.url));
    const server = await startServer(host, (_req, res) => res.end('secret'), { tls: { cert, key } });
    // Trusting the self-signed cert for the second host leaves only the name mismatch.
    const dispatcher = new Agent({ connect: { timeout: 1000, ...(host === '127.0.0.2' ? { ca: cert } : {}) } });
    agents.push(dispatcher);
    const { result } = await resolverFor({ dispatcher }).check(`${server.origin}/`);
    await server.close();
    expect(result).toMatchObject({ status: 'network_error', reason: 'tls_certificate' });
    expect(result.error).toContain(words);
  });
});

describe('the default dispatcher (env proxy agent)', () => {
  it('checks a page without an injected dispatcher and closes cleanly', async () => {
    // The default dispatcher refuses loopback unless told otherwise (see private-address.test.ts).
    const resolver = createResolver({ hostIntervalMs: 0, allowPrivate: true });
    const { result } = await resolver.check(`${a.origin}/ok`);
    await resolver.close();
    expect(result).toMatchObject({ status: 'ok', title: 'All fine', hops: [{ address: '127.0.0.1' }] });
  });

  it('fetchPage follows redirects with GET and returns the final page', async () => {
    const before = a.seen.length;
    const page = await resolverFor().fetchPage(`${a.origin}/start`);
    expect(page).toMatchObject({ status: 200, finalUrl: `${b.origin}/final`, error: null });
    expect(page.html).toContain('Final page');
    expect(a.seen.slice(before).map((s) => s.method)).toEqual(['GET', 'GET']);
  });
});

describe('redirects against real servers', () => {
  it('follows a relative Location and a second host, recording each hop and its address', async () => {
    const { result } = await resolverFor().check(`${a.origin}/start`);
    expect(result).toMatchObject({ status: 'redirected', finalUrl: `${b.origin}/final`, title: 'Final page', expandedUrl: null });
    expect(result.hops.map((h) => [h.url, h.status, h.location, h.address])).toEqual([
      [`${a.origin}/start`, 302, 'step2', '127.0.0.1'],
      [`${a.origin}/step2`, 301, `${b.origin}/final`, '127.0.0.1'],
      [`${b.origin}/final`, 200, null, '127.0.0.2'],
    ]);
  });

  it('reports a loop as a loop', async () => {
    const { result } = await resolverFor().check(`${a.origin}/loop1`);
    expect(result).toMatchObject({ status: 'broken', reason: 'redirect_loop' });
    expect(result.hops).toHaveLength(2);
  });

  it.each<[number, Record<string, unknown>, number]>([
    [1, { status: 'redirected', title: 'Tenth', httpStatus: 200 }, 10],
    [0, { status: 'broken', reason: 'too_many_redirects' }, 10],
  ])('a chain from /hop/%i: stops at 10 hops', async (first, expected, hops) => {
    const { result } = await resolverFor().check(`${a.origin}/hop/${first}`);
    expect(result).toMatchObject(expected);
    expect(result.hops).toHaveLength(hops);
  });

  it('follows a meta refresh as a hop', async () => {
    const { result } = await resolverFor().check(`${a.origin}/meta`);
    expect(result).toMatchObject({ status: 'redirected', finalUrl: `${b.origin}/final`, title: 'Final page' });
    expect(result.hops[0]).toMatchObject({ via: 'meta_refresh', status: 200, location: `${b.origin}/final` });
  });

  it('falls back to GET when HEAD is refused, and names the expanded URL', async () => {
    const before = b.seen.length;
    const { result } = await resolverFor().check(`${b.origin}/no-head`);
    expect(result).toMatchObject({ status: 'ok', expandedUrl: `${a.origin}/ok`, title: 'All fine', attempts: 3 });
    expect(b.seen.slice(before).map((s) => s.method)).toEqual(['HEAD', 'GET']);
  });
});

describe('bodies against real servers', () => {
  it.each<[string]>([['/1256-header'], ['/1256-meta']])('decodes windows-1256 Arabic (%s)', async (path) => {
    const { result } = await resolverFor().check(`${a.origin}${path}`);
    expect(result.title).toBe(ARABIC_TITLE);
    expect(result.page?.charset).toBe('windows-1256');
  });

  it('reads only a prefix of a body larger than the cap, still classifies it and finds the title', async () => {
    const before = a.seen.length;
    const checked = await resolverFor().check(`${a.origin}/big`);
    expect(checked.result).toMatchObject({ status: 'ok', title: 'Big page' });
    expect(checked.html?.length).toBe(CAP);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(a.seen.slice(before).map((s) => s.finished)).toEqual([false]);
  });
});
