import { describe, expect, it } from 'vitest';
import { buildReport, isFailingNote, type ReportInput } from '../../src/report/index.js';
import type { CheckResult, Status, Verification } from '../../src/types.js';
import { checked, citationsFile, hop, note } from './fixtures.js';

const AT = '2026-11-29T07:00:00.000Z';

function build(input: Partial<ReportInput> & Pick<ReportInput, 'citations'>) {
  return buildReport({ results: [], checkedAt: AT, changes: [], offline: false, ...input });
}

describe('buildReport: actions', () => {
  it.each<[string, Status, Partial<CheckResult>, string, string | null]>([
    ['ok', { status: 'ok' }, {}, 'none', null],
    ['ok through a shortener', { status: 'ok' }, { expandedUrl: 'https://long.test/a' }, 'update to final URL', 'https://long.test/a'],
    ['redirected', { status: 'redirected' }, { finalUrl: 'https://new.test/b' }, 'update to final URL', 'https://new.test/b'],
    ['broken', { status: 'broken', reason: 'not_found' }, {}, 'replace with archived copy', null],
    ['soft 404', { status: 'soft_404', reason: 'home_page' }, {}, 'replace with archived copy', null],
    ['blocked', { status: 'blocked', reason: 'forbidden' }, {}, 'check by hand: site blocks bots', null],
    ['timeout', { status: 'timeout', reason: 'total' }, {}, 'retry later', null],
    ['server error', { status: 'server_error' }, {}, 'retry later', null],
    ['network error', { status: 'network_error', reason: 'connection_reset' }, {}, 'retry later', null],
    ['TLS certificate', { status: 'network_error', reason: 'tls_certificate' }, {}, "check by hand: the site's TLS certificate is not valid", null],
    ['unsupported', { status: 'unsupported', reason: 'scheme' }, {}, 'check by hand: not a web link', null],
    ['private address', { status: 'unsupported', reason: 'private_address' }, {}, 'check by hand: private address, not fetched', null],
  ])('%s → action', (_name, status, extra, action, replaceWith) => {
    const report = build({ citations: citationsFile([note(1)]), results: [checked('https://site.test/1', status, extra)] });
    expect(report.notes[0]).toMatchObject({ status: status.status, action, replaceWith });
  });
});

describe('buildReport: notes', () => {
  const citations = citationsFile([
    note(1),
    note(2, { kind: 'ibid', refersTo: 1, urls: [], authors: [], title: null, publisher: null, published: null }),
    note(3, { urls: [] }),
    note(4, { kind: 'short', refersTo: 1, urls: [], title: 'Title' }),
    note(5, { urls: ['https://site.test/5a', 'https://site.test/5b'] }),
    note(6, { kind: 'ibid', refersTo: null, urls: [] }),
  ]);
  const results = [
    checked('https://site.test/1', { status: 'broken', reason: 'not_found' }, { httpStatus: 404 }),
    checked('https://site.test/5a', { status: 'ok' }),
  ];
  const report = build({ citations, results });
  const rows = report.notes.map((n) => [n.number, n.via, n.url, n.status, n.action]);

  it('gives one row per note and URL, ibid. and short notes taking the status of their source', () => {
    expect(rows).toEqual([
      [1, null, 'https://site.test/1', 'broken', 'replace with archived copy'],
      [2, 1, 'https://site.test/1', 'broken', 'replace with archived copy'],
      [3, null, null, null, 'check by hand: no link'],
      [4, 1, 'https://site.test/1', 'broken', 'replace with archived copy'],
      [5, null, 'https://site.test/5a', 'ok', 'none'],
      [5, null, 'https://site.test/5b', null, 'check by hand: not checked'],
      [6, null, null, null, 'check by hand: no link'],
    ]);
  });

  it('shows the source note’s citation on an ibid. row, and keeps the row’s own line', () => {
    expect(report.notes[1]?.citation.title).toBe('Title 1');
    expect(report.notes[1]?.line).toBe(102);
  });

  it('counts notes, sources and URLs, and sums rows per status', () => {
    expect(report.counts).toEqual({ notes: 6, sources: 3, urls: 3 });
    expect(report.summary).toMatchObject({ broken: 3, ok: 1, no_link: 2, not_checked: 1, redirected: 0 });
  });

  it('lists each problem URL once with every note that cites it', () => {
    expect(report.problems).toEqual([
      expect.objectContaining({ url: 'https://site.test/1', notes: [1, 2, 4], status: 'broken', httpStatus: 404 }),
    ]);
  });

  it('gives a one-line verdict, counting a note once however many of its URLs need action', () => {
    expect(report.verdict).toBe("6 of 6 notes need an editor's attention.");
  });

  it('fails on the statuses asked for', () => {
    expect(report.notes.filter((n) => isFailingNote(n, ['broken'])).map((n) => n.number)).toEqual([1, 2, 4]);
    expect(report.notes.filter((n) => isFailingNote(n, ['ok'])).map((n) => n.number)).toEqual([5]);
    expect(report.notes.filter((n) => isFailingNote(n, ['timeout']))).toEqual([]);
  });
});

describe('buildReport: run state', () => {
  const citations = citationsFile([note(1)]);
  it.each([
    ['offline', { offline: true }, 'Offline: nothing was checked, so nothing is known about the sources.'],
    ['partial', { partial: true }, "1 of 1 note needs an editor's attention (partial run: some links were not checked)."],
    ['all ok', { results: [checked('https://site.test/1', { status: 'ok' })] }, 'The note checks out.'],
    [
      'two notes ok',
      { citations: citationsFile([note(1), note(2, { kind: 'ibid', refersTo: 1, urls: [] })]), results: [checked('https://site.test/1', { status: 'ok' })] },
      'All 2 notes check out.',
    ],
  ])('verdict when %s', (_name, input, verdict) => {
    expect(build({ citations, ...input }).verdict).toBe(verdict);
  });
});

describe('buildReport: verification', () => {
  const verification: Verification = {
    verdict: 'mismatch',
    title: { verdict: 'mismatch', score: 0.1, expected: 'Title 1', found: 'Home' },
    author: { verdict: 'unknown', score: null, expected: null, found: null },
    date: { verdict: 'unknown', score: null, expected: null, found: null },
    quotations: [],
    soft404: ['home_page'],
  };
  it.each<[Status, string]>([
    [{ status: 'ok' }, 'soft_404'],
    [{ status: 'redirected' }, 'soft_404'],
    [{ status: 'blocked', reason: 'forbidden' }, 'blocked'],
  ])('a page found to be a soft 404 becomes soft_404 when it was %j', (status, expected) => {
    const report = build({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', status, { hops: [hop('https://site.test/1', 200)] })],
      verifications: new Map([[1, verification]]),
    });
    expect(report.notes[0]?.status).toBe(expected);
    expect(report.notes[0]?.verification).toBe(verification);
  });
});
