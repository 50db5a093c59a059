import http from 'node:http';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressGuard } from '../../src/resolve/address-guard.js';
import { guardedConnector } from '../../src/resolve/dispatcher.js';
import { createDispatcher, createResolver, type ResolveOptions } from '../../src/resolve/index.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { fakeClock } from '../support/fake-clock.js';
import { html } from './helpers.js';

let local: TestServer;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  local = await startServer('127.0.0.1', (req, res) => {
    if (req.url === '/to-loopback') {
      res.writeHead(302, { location: `${local.origin}/secret` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html('Internal page'));
  });
});

afterAll(async () => {
  await Promise.all([local.close(), ...closers.map((close) => close())]);
});

function resolverWith(extra: Partial<ResolveOptions>) {
  const clock = fakeClock();
  const resolver = createResolver({ now: clock.now, sleep: clock.sleep, hostIntervalMs: 0, requestTimeoutMs: 2000, dnsWorks: async () => true, ...extra });
  closers.push(() => resolver.close());
  return resolver;
}

/** A stand-in DNS: `public.example` answers with loopback, as a rebinding attacker's name would. */
const rebinding: LookupFunction = (hostname, options, callback) => {
  const address = hostname === 'public.example' || hostname === 'allowed.example' ? '127.0.0.1' : null;
  if (address === null) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
  if (options.all === true) return callback(null, [{ address, family: 4 }]);
  return callback(null, address, 4);
};

function guardedDispatcher(allowHosts: string[] = []) {
  const dispatcher = createDispatcher({ connectTimeoutMs: 1000, headersTimeoutMs: 2000, requestTimeoutMs: 2000, policy: { allowPrivate: false, allowHosts }, insecure: false, connect: { lookup: rebinding } });
  closers.push(() => dispatcher.close());
  return dispatcher;
}

describe('the private-address guard on the default dispatcher', () => {
  it('refuses a URL to 127.0.0.1 by default, without a request reaching the server, and does not retry', async () => {
    const before = local.seen.length;
    const { result } = await resolverWith({}).check(`${local.origin}/page`);
    expect(result).toMatchObject({ status: 'unsupported', reason: 'private_address', httpStatus: null, attempts: 1 });
    expect(result.error).toContain('127.0.0.1');
    expect(local.seen.length).toBe(before);
  });

  it('fetches the same URL with allowPrivate', async () => {
    const before = local.seen.length;
    const { result } = await resolverWith({ allowPrivate: true }).check(`${local.origin}/page`);
    expect(result).toMatchObject({ status: 'ok', title: 'Internal page' });
    expect(local.seen.length).toBe(before + 1);
  });

  it.each([['127.0.0.1'], ['127.0.0.0/8']])('fetches it when allowHosts lists %s', async (entry) => {
    const { result } = await resolverWith({ allowHosts: [entry] }).check(`${local.origin}/page`);
    expect(result).toMatchObject({ status: 'ok' });
  });

  it('catches a name that resolves to loopback (localhost)', async () => {
    const port = new URL(local.origin).port;
    const before = local.seen.length;
    const { result } = await resolverWith({}).check(`http://localhost:${port}/page`);
    expect(result).toMatchObject({ status: 'unsupported', reason: 'private_address' });
    expect(local.seen.length).toBe(before);
  });

  it('catches a public-looking name whose DNS answer is loopback, and lets an allowed name through', async () => {
    const port = new URL(local.origin).port;
    const dispatcher = guardedDispatcher(['allowed.example']);
    const before = local.seen.length;
    const refused = await resolverWith({ dispatcher }).check(`http://public.example:${port}/page`);
    expect(refused.result).toMatchObject({ status: 'unsupported', reason: 'private_address' });
    expect(refused.result.error).toContain('public.example (127.0.0.1)');
    expect(local.seen.length).toBe(before);
    const allowed = await resolverWith({ dispatcher }).check(`http://allowed.example:${port}/page`);
    expect(allowed.result).toMatchObject({ status: 'ok', title: 'Internal page' });
  });

  it('catches a redirect from an allowed host to a private address on that hop', async () => {
    const port = new URL(local.origin).port;
    const dispatcher = guardedDispatcher(['allowed.example']);
    const before = local.seen.length;
    const { result } = await resolverWith({ dispatcher }).check(`http://allowed.example:${port}/to-loopback`);
    expect(result).toMatchObject({ status: 'unsupported', reason: 'private_address' });
    expect(result.hops.map((h) => [h.url, h.status])).toEqual([
      [`http://allowed.example:${port}/to-loopback`, 302],
      [`${local.origin}/secret`, null],
    ]);
    expect(local.seen.slice(before).map((s) => s.path)).toEqual(['/to-loopback']);
  });
});

describe('the last line of defence: the connected socket', () => {
  it('refuses a socket whose remote address is private even when the lookup let it through', async () => {
    const guard = createAddressGuard({ allowPrivate: false, allowHosts: [] });
    // The unguarded stand-in lookup: only the check on the connected socket stands in the way.
    const dispatcher = new Agent({ connect: guardedConnector(guard, { timeout: 1000, lookup: rebinding }) });
    closers.push(() => dispatcher.close());
    const port = new URL(local.origin).port;
    const before = local.seen.length;
    const { result } = await resolverWith({ dispatcher }).check(`http://public.example:${port}/page`);
    expect(result).toMatchObject({ status: 'unsupported', reason: 'private_address', httpStatus: null });
    expect(local.seen.length).toBe(before);
  });
});

describe('behind a proxy (HTTP_PROXY)', () => {
  /** A proxy that refuses everything, noting what it was asked. */
  async function refusingProxy(): Promise<{ origin: string; asked: string[] }> {
    const asked: string[] = [];
    const proxy = await startServer('127.0.0.1', (req, res) => {
      asked.push(`GET ${req.url ?? ''}`);
      res.writeHead(502).end();
    });
    proxy.server.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
      asked.push(`CONNECT ${req.url ?? ''}`);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    closers.push(proxy.close);
    return { origin: proxy.origin, asked };
  }

  /** A resolver made while the proxy variables are `env`; the environment is as it was afterwards. */
  function resolverMadeWith(env: Record<string, string>, extra: Partial<ResolveOptions>): ReturnType<typeof resolverWith> {
    const saved = { ...process.env };
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'no_proxy']) delete process.env[name];
    Object.assign(process.env, env);
    try {
      return resolverWith(extra);
    } finally {
      process.env = saved;
    }
  }

  it('refuses private IP-literal and localhost URLs before the proxy is asked, and sends names to the proxy', async () => {
    const { origin, asked } = await refusingProxy();
    const resolver = resolverMadeWith({ http_proxy: origin }, { retries: 1 });
    // 2130706433 and 0x7f.1 are 127.0.0.1 spelled as URLs allow (WHATWG URL host parsing).
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://localhost/', 'http://app.localhost/']) {
      const { result } = await resolver.check(url);
      expect({ url, status: result.status, reason: 'reason' in result ? result.reason : null }).toEqual({ url, status: 'unsupported', reason: 'private_address' });
    }
    expect(asked).toEqual([]);
    await resolver.check('http://public.example/page');
    expect(asked).toEqual(['CONNECT public.example:80']);
  });

  it('goes straight to the hosts NO_PROXY names, read once with HTTP_PROXY when the resolver is made', async () => {
    const { origin, asked } = await refusingProxy();
    const resolver = resolverMadeWith({ http_proxy: origin, NO_PROXY: 'example.org, 127.0.0.1' }, { retries: 1, allowPrivate: true });
    const { result } = await resolver.check(`${local.origin}/page`);
    expect(result).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(asked).toEqual([]);
  });
});
