import { describe, expect, it } from 'vitest';
import { hostIsUnder } from '../../src/util/url.js';

describe('hostIsUnder', () => {
  it.each([
    ['the domain itself', 'https://bit.ly/abc', true],
    ['a subdomain', 'https://www.bit.ly/abc', true],
    ['in capitals', 'https://BIT.LY/abc', true],
    ['a domain that only ends the same', 'https://notbit.ly/abc', false],
    ['the domain in the path', 'https://example.org/bit.ly', false],
    ['a URL that does not parse', 'not a url', false],
  ])('%s', (_name, url, expected) => {
    expect(hostIsUnder(url, ['bit.ly', 'wapo.st'])).toBe(expected);
  });
});
