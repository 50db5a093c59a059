import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { buildReport, renderers } from '../../src/report/index.js';
import { checked, citationsFile, note } from './fixtures.js';

describe('workflow-command escaping', () => {
  it.each([
    ['100% done', '100%25 done', '100%25 done'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['note 3: broken, badly', 'note 3: broken, badly', 'note 3%3A broken%2C badly'],
    ['%0A literal', '%250A literal', '%250A literal'],
  ])('%j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('renderGithub', () => {
  const citations = citationsFile([
    note(1, { urls: ['https://gone.test/a,b'] }),
    note(2, { urls: ['https://slow.test/'] }),
    note(3, { urls: ['https://fine.test/'] }),
    note(4, { kind: 'ibid', refersTo: 1, urls: [] }),
  ]);
  const report = buildReport({
    citations: { ...citations, document: { ...citations.document, path: 'docs/a,b:c.txt' } },
    results: [
      checked('https://gone.test/a,b', { status: 'broken', reason: 'not_found' }),
      checked('https://slow.test/', { status: 'timeout', reason: 'total' }),
      checked('https://fine.test/', { status: 'ok' }),
    ],
    checkedAt: '2026-11-29T07:00:00.000Z',
    changes: [],
    offline: false,
  });

  it('writes an error per failing note and a warning per other note needing action, on the note’s line', () => {
    expect(renderers.github(report).split('\n')).toEqual([
      '::error file=docs/a%2Cb%3Ac.txt,line=101,title=citecheck%3A note 1 broken (gone.test/a%2Cb)::Note 1: https://gone.test/a,b is broken (not_found). Action: replace with archived copy.',
      '::warning file=docs/a%2Cb%3Ac.txt,line=102,title=citecheck%3A note 2 timeout (slow.test)::Note 2: https://slow.test/ is timeout (total). Action: retry later.',
      '::error file=docs/a%2Cb%3Ac.txt,line=104,title=citecheck%3A note 4 broken (gone.test/a%2Cb)::Note 4 via note 1: https://gone.test/a,b is broken (not_found). Action: replace with archived copy.',
      '',
    ]);
  });

  it('follows the statuses the CLI says fail the run', () => {
    const lines = renderers.github(report, { failOn: ['timeout'] }).trim().split('\n');
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['::warning', '::error', '::warning']);
  });

  it('says which notes have no link or were not checked', () => {
    const odd = buildReport({
      citations: citationsFile([note(5, { urls: [] }), note(6, { urls: ['https://later.test/'] })]),
      results: [],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
    });
    expect(renderers.github(odd, { failOn: ['broken'] }).trim().split('\n')).toEqual([
      '::warning file=documents/test-doc.txt,line=105,title=citecheck%3A note 5 no link::Note 5: has no link. Action: check by hand: no link.',
      '::warning file=documents/test-doc.txt,line=106,title=citecheck%3A note 6 not checked (later.test)::Note 6: https://later.test/ was not checked. Action: check by hand: not checked.',
    ]);
  });

  it('prints nothing when no note needs action', () => {
    const clean = buildReport({
      citations: citationsFile([note(3, { urls: ['https://fine.test/'] })]),
      results: [checked('https://fine.test/', { status: 'ok' })],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: false,
    });
    expect(renderers.github(clean)).toBe('');
  });
});

describe('renderGithub offline', () => {
  it('warns once that nothing was checked', () => {
    const offline = buildReport({
      citations: citationsFile([]),
      results: [],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: true,
    });
    expect(renderers.github(offline)).toBe(
      '::warning title=citecheck%3A offline::Offline: nothing was checked, so nothing is known about the sources.\n',
    );
  });
});

describe('renderers.json', () => {
  it('round-trips the report with its schemaVersion', () => {
    const report = buildReport({
      citations: citationsFile([note(1)]),
      results: [],
      checkedAt: '2026-11-29T07:00:00.000Z',
      changes: [],
      offline: true,
    });
    const parsed = JSON.parse(renderers.json(report));
    expect(parsed).toEqual(report);
    expect(parsed.schemaVersion).toBe(1);
  });
});
