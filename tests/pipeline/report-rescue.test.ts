import { describe, expect, it } from 'vitest';
import { buildReport, type SourceHistory } from '../../src/report/index.js';
import type { ArchivedCopy } from '../../src/types.js';
import { checked, citationsFile, note } from '../report/fixtures.js';

const COPY: ArchivedCopy = {
  url: 'https://web.archive.org/web/20200820000000/https://site.test/1',
  timestamp: '20200820000000',
  capturedAt: '2020-08-20T00:00:00Z',
  original: 'https://site.test/1',
  finalUrl: 'https://web.archive.org/web/20200820000000id_/https://site.test/1',
  title: 'Title 1',
  titleMatches: true,
  quotesFound: 0,
  quotesTotal: 0,
  verified: true,
};

function history(archivedCopy: ArchivedCopy | null): Map<string, SourceHistory> {
  return new Map([['https://site.test/1', { death: null, newlyDead: false, archivedCopy }]]);
}

describe('the report with archived copies', () => {
  it.each<[string, Parameters<typeof checked>[1], ArchivedCopy | null, string]>([
    ['a broken source with a copy', { status: 'broken', reason: 'not_found' }, COPY, `replace with ${COPY.url} (captured 2020-08-20, title ✓)`],
    ['a broken source without a copy', { status: 'broken', reason: 'not_found' }, null, 'replace with archived copy'],
    ['a live source keeps its advice even with a copy cached', { status: 'ok' }, COPY, 'none'],
    ['a timeout is no reason to replace, until dead', { status: 'timeout', reason: 'total' }, COPY, 'retry later'],
  ])('%s', (_name, status, copy, action) => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', status)],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
      history: history(copy),
    });
    expect(report.notes[0]?.action).toBe(action);
    expect(report.notes[0]?.archive).toEqual(action === 'none' || action === 'retry later' || copy === null ? null : copy);
  });

  it('a dead source (timeouts over days) gets the copy', () => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', { status: 'timeout', reason: 'total' })],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
      history: new Map([['https://site.test/1', { death: { state: 'dead', strikes: 3, firstFailedAt: null, lastStrikeAt: null }, newlyDead: false, archivedCopy: COPY }]]),
    });
    expect(report.notes[0]?.action).toMatch(/^replace with /);
  });

  it('flags a link into archive.today as needing a Wayback replacement, whatever its status', () => {
    const url = 'https://archive.ph/AbCdE';
    const report = buildReport({
      citations: citationsFile([note(1, { urls: [url] }), note(2)]),
      results: [checked(url, { status: 'ok' }), checked('https://site.test/2', { status: 'ok' })],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
    });
    expect(report.notes.map((n) => [n.archiveToday, n.action])).toEqual([
      [true, 'replace the archive.today link with a Wayback copy'],
      [false, 'none'],
    ]);
  });
});
