import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, createResolver } from '../../src/resolve/index.js';
import { fakeClock } from '../support/fake-clock.js';
import { html } from '../resolve/helpers.js';
import { startServer, type TestServer } from '../support/http-server.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url));
const CA = fixture('ca.crt');
const KEY = fixture('leaf.key');
const CERTS = ['good', 'expired', 'not-yet-valid', 'wrong-host', 'self-signed'] as const;

const origins = new Map<string, string>();
const servers: TestServer[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  for (const name of CERTS) {
    const server = await startServer('127.0.0.1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html(`Served with ${name}`));
    }, { tls: { key: KEY, cert: fixture(`${name}.crt`) } });
    servers.push(server);
    origins.set(name, server.origin);
  }
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all(servers.map((server) => server.close()));
});

/** The default dispatcher as the CLI builds it, with the test CA trusted or not. */
function check(name: string, { insecure = false, trustCa = true } = {}) {
  const dispatcher = createDispatcher({ connectTimeoutMs: 1000, headersTimeoutMs: 2000, requestTimeoutMs: 2000, policy: { allowPrivate: true, allowHosts: [] }, insecure, connect: trustCa ? { ca: CA } : {} });
  const clock = fakeClock();
  const resolver = createResolver({ dispatcher, now: clock.now, sleep: clock.sleep, hostIntervalMs: 0 });
  closers.push(() => resolver.close(), () => dispatcher.close());
  return resolver.check(`${origins.get(name) ?? ''}/`);
}

describe('TLS certificates, named', () => {
  it('a certificate from the trusted CA for this host is fine (the control)', async () => {
    const { result } = await check('good');
    expect(result).toMatchObject({ status: 'ok', title: 'Served with good' });
  });

  it.each<[string, boolean, string, string]>([
    ['expired', true, 'expired', 'CERT_HAS_EXPIRED'],
    ['not-yet-valid', true, 'not yet valid', 'CERT_NOT_YET_VALID'],
    ['wrong-host', true, 'issued for another host name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['self-signed', true, 'self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['good', false, 'issued by an unknown CA', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ])('%s (CA trusted: %s) is network_error/tls_certificate, "%s"', async (name, trustCa, words, code) => {
    const { result } = await check(name, { trustCa });
    expect(result).toMatchObject({ status: 'network_error', reason: 'tls_certificate', httpStatus: null, attempts: 1 });
    expect(result.error).toContain(`TLS certificate ${words}:`);
    expect(result.error).toContain(code);
    expect(result.error).toContain('--insecure');
  });

  it.each<[string, boolean]>([
    ['expired', true],
    ['not-yet-valid', true],
    ['wrong-host', true],
    ['self-signed', true],
    ['good', false],
  ])('--insecure accepts %s (CA trusted: %s)', async (name, trustCa) => {
    const { result } = await check(name, { insecure: true, trustCa });
    expect(result).toMatchObject({ status: 'ok', title: `Served with ${name}` });
  });

  it.each<[boolean, string]>([
    [false, 'network_error'],
    [true, 'ok'],
  ])('the resolver option insecure=%s reaches the default dispatcher: %s', async (insecure, status) => {
    const resolver = createResolver({ allowPrivate: true, insecure, hostIntervalMs: 0, retries: 1 });
    closers.push(() => resolver.close());
    const { result } = await resolver.check(`${origins.get('self-signed') ?? ''}/`);
    expect(result.status).toBe(status);
  });
});
