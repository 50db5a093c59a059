import { describe, expect, it } from 'vitest';
import { baseHeaders, headersForHop, responseHeaders } from '../../src/resolve/headers.js';

const WITH_CREDENTIALS = { 'user-agent': 'citecheck', Authorization: 'Bearer t', cookie: 'a=1', 'proxy-authorization': 'Basic x' };

describe('headersForHop', () => {
  it.each<[string, string, boolean]>([
    ['https://a.example/x', 'https://a.example/y', true],
    ['https://a.example/x', 'https://A.EXAMPLE:443/z', true],
    ['https://a.example/x', 'https://b.example/x', false],
    ['https://a.example/x', 'https://sub.a.example/x', false],
    ['https://a.example/x', 'https://a.example:8443/x', false],
    ['https://a.example/x', 'http://a.example/x', false],
    ['not a url', 'not a url', false],
  ])('from %s to %s keeps credentials: %s', (first, current, kept) => {
    const headers = headersForHop(WITH_CREDENTIALS, first, current);
    expect(headers['user-agent']).toBe('citecheck');
    const credentials = ['Authorization', 'cookie', 'proxy-authorization'].filter((name) => name in headers);
    expect(credentials).toEqual(kept ? ['Authorization', 'cookie', 'proxy-authorization'] : []);
  });

  it('never sends a cookie or credential of its own', () => {
    expect(Object.keys(baseHeaders('citecheck/1')).sort()).toEqual(['accept', 'accept-encoding', 'user-agent']);
  });
});

describe('responseHeaders', () => {
  const raw = (...pairs: string[]): Buffer[] => pairs.map((text) => Buffer.from(text, 'latin1'));
  it.each<[string, (Buffer | string)[], Record<string, string>]>([
    ['none', [], {}],
    ['names lower-cased, values as sent', raw('Content-Type', 'text/html; charset=UTF-8', 'X-Odd-Name', 'A  b'), { 'content-type': 'text/html; charset=UTF-8', 'x-odd-name': 'A  b' }],
    ['a repeated name joined in order', raw('Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'Vary', 'x', 'SET-COOKIE', 'c=3'), { 'set-cookie': 'a=1, b=2, c=3', vary: 'x' }],
    ['bytes above 0x7f read as latin1', raw('Location', '/caf\u00e9'), { location: '/caf\u00e9' }],
    ['names an object has already', raw('Constructor', 'x', 'toString', 'y', 'hasOwnProperty', 'z'), { constructor: 'x', tostring: 'y', hasownproperty: 'z' }],
    ['__proto__ left out', raw('__proto__', 'x', 'a', '1'), { a: '1' }],
    ['strings as well as buffers', ['Retry-After', '120'], { 'retry-after': '120' }],
  ])('%s', (_name, given, expected) => {
    const headers = responseHeaders(given);
    expect(headers).toEqual(expected);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });
});
