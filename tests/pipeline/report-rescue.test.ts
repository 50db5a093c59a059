import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';
import { buildReport, renderGithub, type SourceHistory } from '../../src/report/index.js';
import type { ArchivedCopy, CheckFile } from '../../src/types.js';
import { checked, citationsFile, note } from '../report/fixtures.js';
import { tempDir } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

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

function history(archivedCopy: ArchivedCopy | null, copyLookedUp = archivedCopy !== null): Map<string, SourceHistory> {
  return new Map([['https://site.test/1', { death: null, newlyDead: false, archivedCopy, copyLookedUp }]]);
}

describe('the report with archived copies', () => {
  it.each<[string, Parameters<typeof checked>[1], ArchivedCopy | null, boolean, string]>([
    ['a broken source with a copy', { status: 'broken', reason: 'not_found' }, COPY, true, `replace with ${COPY.url} (captured 2020-08-20, title ✓)`],
    ['a broken source never looked up', { status: 'broken', reason: 'not_found' }, null, false, 'replace with archived copy'],
    ['a broken source the archive has no copy of', { status: 'broken', reason: 'not_found' }, null, true, 'no archived copy found: find another source'],
    ['a live source keeps its advice even with a copy cached', { status: 'ok' }, COPY, true, 'none'],
    ['a timeout is no reason to replace, until dead', { status: 'timeout', reason: 'total' }, COPY, true, 'retry later'],
  ])('%s', (_name, status, copy, lookedUp, action) => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', status)],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
      history: history(copy, lookedUp),
    });
    expect(report.notes[0]?.action).toBe(action);
    expect(report.notes[0]?.archive).toEqual(action.startsWith('replace with ') && copy !== null ? copy : null);
  });

  it('a dead source (timeouts over days) gets the copy', () => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', { status: 'timeout', reason: 'total' })],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
      history: new Map([['https://site.test/1', { death: { state: 'dead', strikes: 3, firstFailedAt: null, lastStrikeAt: null }, newlyDead: false, archivedCopy: COPY, copyLookedUp: true }]]),
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

describe('GitHub annotations for a newly dead source', () => {
  it.each([
    [true, true, '::error '],
    [true, false, '::warning '],
    [false, true, '::warning '],
  ])('newly dead %s, failOnNewlyDead %s: %s', (newlyDead, failOnNewlyDead, level) => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [checked('https://site.test/1', { status: 'broken', reason: 'not_found' })],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
      history: new Map([['https://site.test/1', { death: { state: 'dead', strikes: 3, firstFailedAt: null, lastStrikeAt: null }, newlyDead, archivedCopy: null, copyLookedUp: false }]]),
    });
    expect(renderGithub(report, { failOn: [], failOnNewlyDead }).slice(0, level.length)).toBe(level);
  });
});

describe('citecheck report on a link into archive.today', () => {
  it('warns on stderr, naming the note and its line', async () => {
    const dir = await tempDir();
    const url = 'https://archive.ph/AbCdE';
    const check: CheckFile = { schemaVersion: 1, checkedAt: '2026-11-29T07:00:00.000Z', citations: 'x', offline: false, partial: false, results: [checked(url, { status: 'ok' })], verifications: [] };
    await writeFile(join(dir, 'citations.json'), JSON.stringify(citationsFile([note(1, { urls: [url] })])));
    await writeFile(join(dir, 'check.json'), JSON.stringify(check));
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);

    const code = await main(['report', '--citations', join(dir, 'citations.json'), '--check', join(dir, 'check.json'), '--archive', join(dir, 'archive.json'), '--reports-dir', join(dir, 'reports')]);

    expect(code).toBe(0);
    expect(err.join('')).toContain('documents/test-doc.txt:101: warning: note 1 links to archive.today (https://archive.ph/AbCdE)');
  });
});
