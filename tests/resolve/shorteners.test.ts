import { describe, expect, it } from 'vitest';
import type { Hop } from '../../src/types.js';
import { isKnownShortener } from '../../src/resolve/shortener-list.js';
import { expandedUrl, looksLikeShortenerHop } from '../../src/resolve/shorteners.js';

const hop = (url: string, status: number, location: string | null): Hop => ({ url, method: 'HEAD', status, location, ms: 1, address: null, via: 'http' });

describe('isKnownShortener', () => {
  it.each<[string, boolean]>([
    ['https://bit.ly/3abc', true],
    ['http://t.co/xyz', true],
    ['https://wapo.st/abc', true],
    ['https://nyti.ms/abc', true],
    ['https://example.org/abc', false],
    ['https://notbit.ly/abc', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isKnownShortener(url)).toBe(expected);
  });
});

describe('looksLikeShortenerHop (the pattern rule)', () => {
  it.each<[string, Hop, string, boolean]>([
    ['short path to another domain', hop('https://sho.rt/Ab3x', 301, 'https://example.org/long/article'), 'https://example.org/long/article', true],
    ['same registrable domain', hop('https://go.example.org/Ab3x', 301, 'https://www.example.org/a'), 'https://www.example.org/a', false],
    ['long path', hop('https://sho.rt/news/2024/05/a-long-article', 301, 'https://example.org/a'), 'https://example.org/a', false],
    ['query string', hop('https://sho.rt/r?u=1', 302, 'https://example.org/a'), 'https://example.org/a', false],
    ['not a redirect', hop('https://sho.rt/Ab3x', 200, null), 'https://example.org/a', false],
  ])('%s', (_name, h, target, expected) => {
    expect(looksLikeShortenerHop(h, target)).toBe(expected);
  });
});

describe('expandedUrl', () => {
  it.each<[string, Hop[], string | null]>([
    ['one shortener', [hop('https://bit.ly/a', 301, 'https://example.org/x'), hop('https://example.org/x', 200, null)], 'https://example.org/x'],
    ['shortener chain t.co → bit.ly → page', [hop('https://t.co/a', 301, 'https://bit.ly/b'), hop('https://bit.ly/b', 301, 'https://example.org/x'), hop('https://example.org/x', 301, '/y')], 'https://example.org/x'],
    ['relative location off a shortener', [hop('https://bit.ly/a', 302, '/other'), hop('https://bit.ly/other', 404, null)], 'https://bit.ly/other'],
    ['no shortener', [hop('https://example.org/news/2024/a', 301, 'https://example.org/b'), hop('https://example.org/b', 200, null)], null],
    ['shortener that did not redirect', [hop('https://bit.ly/a', 404, null)], null],
  ])('%s', (_name, hops, expected) => {
    expect(expandedUrl(hops)).toBe(expected);
  });
});
