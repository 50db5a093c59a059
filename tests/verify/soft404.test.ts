import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/types.js';
import { fingerprintSimilarity, fingerprintText } from '../../src/verify/fingerprint.js';
import {
  fingerprintPage,
  mainText,
  nonsenseUrl,
  PROBE_SIMILARITY_THRESHOLD,
  soft404Signals,
  type NonsenseProbe,
} from '../../src/verify/index.js';
import { saysNotFound } from '../../src/verify/soft404.js';
import { fixture, okResult, pageMeta } from './helpers.js';

const DEEP = 'https://www.defenseone.com/policy/2021/07/iraq-combat-mission-end/183901/';

function landedAt(finalUrl: string, extra: Partial<CheckResult> = {}): CheckResult {
  return okResult(DEEP, finalUrl, pageMeta({ title: 'Defense One' }), extra);
}

describe('soft404Signals: where a deep link landed', () => {
  it.each([
    ['the site root', 'https://www.defenseone.com/', ['home_page']],
    ['an index document at the root', 'https://www.defenseone.com/index.html', ['home_page']],
    ['a section front', 'https://www.defenseone.com/policy/', ['section_index']],
    ['the article itself', DEEP, []],
    ['another article', 'https://www.defenseone.com/policy/2021/07/other-story/183902/', []],
    ['a single-segment article slug', 'https://www.defenseone.com/iraq-combat-mission-ends-this-year', []],
  ])('%s', (_, finalUrl, reasons) => {
    expect(soft404Signals(DEEP, landedAt(finalUrl), 'Some article text.', null, null)).toEqual(reasons);
  });

  it.each([
    ['a one-segment article slug now on its section', 'https://www.defenseone.com/iraq-combat-mission-ends-this-year', 'https://www.defenseone.com/policy/', ['section_index']],
    ['a section page with a query, still that section', 'https://www.defenseone.com/policy/?page=2', 'https://www.defenseone.com/policy/', []],
    ['a section cited as a section', 'https://www.defenseone.com/policy/', 'https://www.defenseone.com/policy/', []],
  ])('%s', (_, cited, finalUrl, reasons) => {
    const result = okResult(cited, finalUrl, pageMeta({ title: 'Policy' }));
    expect(soft404Signals(cited, result, 'Some article text.', null, null)).toEqual(reasons);
  });

  it('judges a shortened link by where the shortener pointed', () => {
    const short = 'https://bit.ly/3xYz';
    const result = okResult(short, 'https://www.defenseone.com/', pageMeta({ title: 'Defense One' }), { expandedUrl: DEEP });
    expect(soft404Signals(short, result, 'text', null, null)).toEqual(['home_page']);
    const notExpanded = okResult(short, 'https://www.defenseone.com/', pageMeta({ title: 'Defense One' }));
    expect(soft404Signals(short, notExpanded, 'text', null, null)).toEqual([]);
  });

  it('says nothing when the cited link was the home page itself', () => {
    const result = okResult('https://www.reuters.com/', 'https://www.reuters.com/', pageMeta({ title: 'Reuters' }));
    expect(soft404Signals('https://www.reuters.com/', result, 'text', null, null)).toEqual([]);
  });

  it('says nothing unless the page answered 200', () => {
    const result = landedAt('https://www.defenseone.com/', { httpStatus: 404, status: 'broken', reason: 'not_found' } as Partial<CheckResult>);
    expect(soft404Signals(DEEP, result, 'text', null, null)).toEqual([]);
  });
});

describe('saysNotFound', () => {
  it.each([
    ['Page Not Found | Defense One', true],
    ['404 - File or directory not found.', true],
    ['Error 404', true],
    ['Not Found', true],
    ['Sorry, the page you requested could not be found', true],
    ['This article is no longer available', true],
    ['Content unavailable', true],
    ['Error', false],
    ['Sorry, we can’t find that page.', true],
    ['Page unavailable - State Department', true],
    ['Weapons not found in Iraq, inspectors say', false],
    ['Iraq PM says no need for US combat troops', false],
    ['404 days after the invasion, Baghdad rebuilds', false],
  ])('%s → %s', (title, expected) => {
    expect(saysNotFound(title)).toBe(expected);
  });

  it('reports a soft-404 page by its title', () => {
    const result = okResult(DEEP, DEEP, pageMeta({ title: 'Page Not Found | Defense One' }));
    const text = mainText(fixture('soft-404.html'));
    expect(soft404Signals(DEEP, result, text, null, null)).toEqual(['not_found_title']);
  });

  it('reports a short page whose text says the page is gone, under a generic title', () => {
    const result = okResult(DEEP, DEEP, pageMeta({ title: 'Defense One' }));
    const text = mainText(fixture('soft-404.html'));
    expect(soft404Signals(DEEP, result, text, null, null)).toEqual(['not_found_title']);
    expect(soft404Signals(DEEP, result, mainText(fixture('ap-article.html')), null, null)).toEqual([]);
  });
});

describe('soft404Signals: the nonsense-path probe', () => {
  const notFound = fingerprintPage(fixture('soft-404.html'));
  const probe: NonsenseProbe = {
    host: 'www.defenseone.com',
    status: 200,
    finalUrl: 'https://www.defenseone.com/citecheck-probe-abc',
    title: notFound.title,
    textFingerprint: notFound.textFingerprint,
  };
  const article = fingerprintPage(fixture('ap-article.html'));

  it('matches a page with the same title and text as the probe', () => {
    const result = okResult(DEEP, DEEP, pageMeta({ title: notFound.title }));
    expect(soft404Signals(DEEP, result, 'x'.repeat(1000), probe, notFound.textFingerprint)).toContain('matches_nonsense_probe');
  });

  it('does not match a real article on the same host', () => {
    const result = okResult(DEEP, DEEP, pageMeta({ title: article.title }));
    expect(soft404Signals(DEEP, result, 'x'.repeat(1000), probe, article.textFingerprint)).toEqual([]);
  });

  it('matches when the probe was redirected to the same final URL', () => {
    const landing = 'https://www.defenseone.com/search?q=missing';
    const redirected = { ...probe, finalUrl: landing, title: 'Search', textFingerprint: null };
    const result = okResult(DEEP, landing, pageMeta({ title: 'Search' }));
    expect(soft404Signals(DEEP, result, 'x'.repeat(1000), redirected, null)).toEqual(['matches_nonsense_probe']);
  });

  it.each([
    ['the host answers nonsense with a real 404', { status: 404 }],
    ['the probe is for another host', { host: 'www.reuters.com' }],
  ])('is ignored when %s', (_, change) => {
    const result = okResult(DEEP, DEEP, pageMeta({ title: notFound.title }));
    expect(soft404Signals(DEEP, result, 'x'.repeat(1000), { ...probe, ...change }, notFound.textFingerprint)).not.toContain(
      'matches_nonsense_probe',
    );
  });
});

describe('fingerprints', () => {
  it('are stable, alike for near-identical text and unlike for different text', () => {
    const base = mainText(fixture('state-joint-statement.html'));
    const a = fingerprintText(base) ?? '';
    expect(fingerprintText(base)).toBe(a);
    expect(fingerprintSimilarity(a, fingerprintText(`${base} Last updated today.`) ?? '')).toBeGreaterThanOrEqual(
      PROBE_SIMILARITY_THRESHOLD,
    );
    expect(fingerprintSimilarity(a, fingerprintText(mainText(fixture('press-briefing.html'))) ?? '')).toBeLessThan(0.2);
  });

  it('are null without text', () => {
    expect(fingerprintPage(null)).toEqual({ title: null, textFingerprint: null });
    expect(fingerprintText('  ')).toBeNull();
  });
});

describe('nonsenseUrl', () => {
  it('keeps the origin and draws a random path', () => {
    const url = nonsenseUrl('https://www.state.gov/joint-statement/?x=1', () => 0.5);
    expect(url).toBe(`https://www.state.gov/citecheck-probe-${'s'.repeat(20)}`);
    expect(nonsenseUrl('https://www.state.gov/a', () => 0)).not.toBe(nonsenseUrl('https://www.state.gov/a', () => 0.99));
  });

  it('refuses what is not a URL', () => {
    expect(() => nonsenseUrl('not a url')).toThrow(expect.objectContaining({ code: 'INVALID_FIELD' }));
  });
});
