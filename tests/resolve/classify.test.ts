import { describe, expect, it } from 'vitest';
import type { Hop, Status } from '../../src/types.js';
import { classifyChain, classifyError, classifyResponse, movedBeyondCosmetics } from '../../src/resolve/classify.js';
import { SHORTENERS } from '../../src/resolve/shortener-list.js';

const hop = (url: string, status: number | null, location: string | null = null): Hop => ({ url, method: 'GET', status, location, ms: 1, address: null, via: 'http' });

describe('classifyError', () => {
  it.each<[string | null, string | null, Status]>([
    ['UND_ERR_CONNECT_TIMEOUT', null, { status: 'timeout', reason: 'connect' }],
    ['UND_ERR_HEADERS_TIMEOUT', null, { status: 'timeout', reason: 'headers' }],
    ['UND_ERR_BODY_TIMEOUT', null, { status: 'timeout', reason: 'body' }],
    [null, 'TimeoutError', { status: 'timeout', reason: 'total' }],
    ['ECONNRESET', null, { status: 'network_error', reason: 'connection_reset' }],
    ['UND_ERR_SOCKET', null, { status: 'network_error', reason: 'connection_reset' }],
    ['ECONNREFUSED', null, { status: 'network_error', reason: 'connection_refused' }],
    ['ENOTFOUND', null, { status: 'broken', reason: 'dns_nxdomain' }],
    ['EAI_AGAIN', null, { status: 'network_error', reason: 'dns_unavailable' }],
    ['EHOSTUNREACH', null, { status: 'network_error', reason: 'host_unreachable' }],
    ['CERT_HAS_EXPIRED', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['ERR_TLS_CERT_ALTNAME_INVALID', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['ERR_SSL_WRONG_VERSION_NUMBER', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['Z_DATA_ERROR', null, { status: 'network_error', reason: 'decoding_failed' }],
    ['CITECHECK_PRIVATE_ADDRESS', 'PrivateAddressError', { status: 'unsupported', reason: 'private_address' }],
    ['UND_ERR_HEADERS_OVERFLOW', 'HeadersOverflowError', { status: 'network_error', reason: 'headers_too_large' }],
    ['CERT_NOT_YET_VALID', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', null, { status: 'network_error', reason: 'tls_certificate' }],
    ['SOMETHING_ELSE', 'Error', { status: 'network_error', reason: 'other' }],
  ])('%s / %s → %o', (code, name, expected) => {
    expect(classifyError(code, name)).toEqual(expected);
  });
});

describe('classifyResponse', () => {
  it.each<[number, Record<string, string>, string, Status]>([
    [200, {}, 'https://example.org/a', { status: 'ok' }],
    [204, {}, 'https://example.org/a', { status: 'ok' }],
    [200, { 'cf-mitigated': 'challenge' }, 'https://example.org/a', { status: 'blocked', reason: 'bot_challenge' }],
    [403, { 'cf-mitigated': 'challenge' }, 'https://example.org/a', { status: 'blocked', reason: 'bot_challenge' }],
    [404, {}, 'https://example.org/a', { status: 'broken', reason: 'not_found' }],
    [404, {}, 'https://bit.ly/abc', { status: 'broken', reason: 'shortener_not_found' }],
    [410, {}, 'https://example.org/a', { status: 'broken', reason: 'gone' }],
    [400, {}, 'https://example.org/a', { status: 'broken', reason: 'client_error' }],
    [401, {}, 'https://example.org/a', { status: 'blocked', reason: 'unauthorized' }],
    [403, {}, 'https://example.org/a', { status: 'blocked', reason: 'forbidden' }],
    [429, {}, 'https://example.org/a', { status: 'blocked', reason: 'rate_limited' }],
    [999, {}, 'https://linkedin.com/a', { status: 'blocked', reason: 'nonstandard_999' }],
    [408, {}, 'https://example.org/a', { status: 'timeout', reason: 'total' }],
    [500, {}, 'https://example.org/a', { status: 'server_error' }],
    [503, {}, 'https://example.org/a', { status: 'server_error' }],
    [302, {}, 'https://example.org/a', { status: 'broken', reason: 'bad_redirect' }],
  ])('%i %o at %s', (status, headers, url, expected) => {
    expect(classifyResponse(status, headers, url, SHORTENERS)).toEqual(expected);
  });
});

describe('movedBeyondCosmetics', () => {
  it.each<[string, string, boolean]>([
    ['http://example.org/a', 'https://example.org/a', false],
    ['https://example.org/a', 'https://www.example.org/a', false],
    ['https://example.org/a', 'https://example.org/a/', false],
    ['https://Example.org/a', 'https://example.org/a', false],
    ['https://example.org/a', 'https://example.org/b', true],
    ['https://example.org/a', 'https://example.org/a?x=1', true],
    ['https://example.org/a', 'https://example.com/a', true],
    ['https://example.org/a', 'https://news.example.org/a', true],
  ])('%s → %s moved: %s', (from, to, moved) => {
    expect(movedBeyondCosmetics(from, to)).toBe(moved);
  });
});

describe('classifyChain', () => {
  const url = 'https://bit.ly/x';
  it.each<[string, Parameters<typeof classifyChain>[0], Hop[], string | null, Status]>([
    ['page reached where the shortener pointed', { kind: 'response', headers: {} }, [hop(url, 301, 'https://example.org/a'), hop('https://example.org/a', 200)], 'https://example.org/a', { status: 'ok' }],
    ['page moved after the shortener', { kind: 'response', headers: {} }, [hop(url, 301, 'https://example.org/a'), hop('https://example.org/a', 301, '/b'), hop('https://example.org/b', 200)], 'https://example.org/a', { status: 'redirected' }],
    ['only http→https + www', { kind: 'response', headers: {} }, [hop('http://example.org/a', 301, 'https://www.example.org/a/'), hop('https://www.example.org/a/', 200)], null, { status: 'ok' }],
    ['redirected to a 404', { kind: 'response', headers: {} }, [hop('https://example.org/a', 301, '/b'), hop('https://example.org/b', 404)], null, { status: 'broken', reason: 'not_found' }],
    ['loop', { kind: 'loop' }, [], null, { status: 'broken', reason: 'redirect_loop' }],
    ['too many', { kind: 'too_many_hops' }, [], null, { status: 'broken', reason: 'too_many_redirects' }],
    ['bad redirect', { kind: 'bad_redirect' }, [], null, { status: 'broken', reason: 'bad_redirect' }],
    ['rate limited', { kind: 'rate_limited' }, [], null, { status: 'blocked', reason: 'rate_limited' }],
    ['error', { kind: 'error', code: 'EAI_AGAIN', name: 'Error' }, [hop(url, null)], null, { status: 'network_error', reason: 'dns_unavailable' }],
    ['deadline before the headers', { kind: 'error', code: null, name: 'TimeoutError', afterHeaders: false }, [hop(url, null)], null, { status: 'timeout', reason: 'total' }],
    ['deadline while reading the body', { kind: 'error', code: null, name: 'TimeoutError', afterHeaders: true }, [hop(url, 200)], null, { status: 'timeout', reason: 'body' }],
    ['reset while reading the body', { kind: 'error', code: 'UND_ERR_SOCKET', name: 'SocketError', afterHeaders: true }, [hop(url, 200)], null, { status: 'network_error', reason: 'connection_reset' }],
  ])('%s', (_name, end, hops, expanded, expected) => {
    const start = hops[0]?.url ?? url;
    expect(classifyChain(end, hops, expanded, start, SHORTENERS)).toEqual(expected);
  });
});
