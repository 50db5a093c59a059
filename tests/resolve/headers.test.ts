import { describe, expect, it } from 'vitest';
import { baseHeaders, headersForHop } from '../../src/resolve/headers.js';

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
