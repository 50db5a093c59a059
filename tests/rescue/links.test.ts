import { describe, expect, it } from 'vitest';
import { candidateUrls, isArchiveTodayLink } from '../../src/rescue/candidates.js';
import { actionText } from '../../src/rescue/snapshot.js';
import { parseAvailability } from '../../src/rescue/wayback.js';
import type { ArchivedCopy } from '../../src/types.js';

describe('candidateUrls', () => {
  it.each<[string, string, string | null, string | null, string[]]>([
    [
      'shortened link, its target and the end of the chain, in that order',
      'https://bit.ly/3xYz',
      'https://news.example.com/story?id=7',
      'https://news.example.com/2019/story',
      ['https://bit.ly/3xYz', 'https://news.example.com/story?id=7', 'https://news.example.com/2019/story'],
    ],
    ['no shortener, no redirect: once', 'https://example.org/a', null, 'https://example.org/a', ['https://example.org/a']],
    ['fragments dropped before deduplicating', 'https://example.org/a#part', null, 'https://example.org/a', ['https://example.org/a']],
    ['non-web URLs skipped', 'mailto:someone@example.org', null, null, []],
    ['an unparsable final URL is skipped', 'https://example.org/a', null, 'not a url', ['https://example.org/a']],
    ['a Wayback link is not looked up again', 'https://web.archive.org/web/2019/https://example.org/', null, null, []],
  ])('%s', (_name, cited, expanded, final, expected) => {
    expect(candidateUrls(cited, expanded, final)).toEqual(expected);
  });
});

describe('isArchiveTodayLink', () => {
  it.each<[string, boolean]>([
    ['https://archive.today/2019.03.01-120000/https://example.org/', true],
    ['https://archive.is/AbCd1', true],
    ['http://archive.ph/AbCd1', true],
    ['https://archive.li/AbCd1', true],
    ['https://archive.vn/AbCd1', true],
    ['https://archive.fo/AbCd1', true],
    ['https://archive.md/AbCd1', true],
    ['https://www.ARCHIVE.PH/AbCd1', true],
    ['https://web.archive.org/web/2019/https://example.org/', false],
    ['https://archive.org/details/x', false],
    ['https://myarchive.is/x', false],
    ['https://example.org/archive.is', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isArchiveTodayLink(url)).toBe(expected);
  });
});

function copy(overrides: Partial<ArchivedCopy>): ArchivedCopy {
  return {
    url: 'https://web.archive.org/web/20190301120000/https://example.org/a',
    timestamp: '20190301120000',
    capturedAt: '2019-03-01T12:00:00Z',
    original: 'https://example.org/a',
    finalUrl: 'https://web.archive.org/web/20190301120000id_/https://example.org/a',
    title: 'A',
    titleMatches: true,
    quotesFound: 2,
    quotesTotal: 2,
    verified: true,
    ...overrides,
  };
}

describe('actionText', () => {
  const url = 'https://web.archive.org/web/20190301120000/https://example.org/a';
  it.each<[string, Partial<ArchivedCopy>, string]>([
    ['verified with quotes', {}, `replace with ${url} (captured 2019-03-01, title ✓, quotes 2/2)`],
    ['verified, note without quotes', { quotesFound: 0, quotesTotal: 0 }, `replace with ${url} (captured 2019-03-01, title ✓)`],
    [
      'title does not match',
      { titleMatches: false, verified: false },
      `compare by hand before replacing with ${url} (captured 2019-03-01, title ✗, quotes 2/2)`,
    ],
    [
      'a quotation missing',
      { quotesFound: 1, verified: false },
      `compare by hand before replacing with ${url} (captured 2019-03-01, title ✓, quotes 1/2)`,
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(actionText(copy(overrides))).toBe(expected);
  });
});

describe('parseAvailability', () => {
  const closest = (over: Record<string, unknown>) => ({
    archived_snapshots: {
      closest: { available: true, status: '200', timestamp: '20190301120000', url: 'http://web.archive.org/web/20190301120000/https://example.org/a?b=1', ...over },
    },
  });
  it.each<[string, unknown, string | null]>([
    ['a 200 snapshot', closest({}), '20190301120000 https://example.org/a?b=1'],
    ['the empty answer', {}, null],
    ['no snapshots', { url: 'x', archived_snapshots: {} }, null],
    ['a non-200 snapshot', closest({ status: '302' }), null],
    ['a snapshot not available', closest({ available: false }), null],
    ['a malformed timestamp', closest({ timestamp: '2019' }), null],
    ['null', null, null],
  ])('%s', (_name, json, expected) => {
    const found = parseAvailability(json, 'https://example.org/asked');
    expect(found === null ? null : `${found.timestamp} ${found.original}`).toBe(expected);
  });

  it('keeps the asked URL when the snapshot URL cannot be read', () => {
    expect(parseAvailability(closest({ url: 'odd' }), 'https://example.org/asked')?.original).toBe('https://example.org/asked');
  });
});
