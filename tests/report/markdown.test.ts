import { describe, expect, it } from 'vitest';
import { buildReport, renderMarkdown, type ReportInput } from '../../src/report/index.js';
import { escapeMarkdown, link } from '../../src/report/markdown-text.js';
import { hopChain, shortUrl } from '../../src/report/text.js';
import { checked, citationsFile, hop, note } from './fixtures.js';

const SHORT = 'https://bit.ly/37gadS6';
const STATEMENT = 'https://www.state.gov/joint-statement-on-the-united-states-iraq-higher-coordinating-committee/';

const citations = citationsFile(
  [
    note(1, { authors: ['U.S. Department of State'], title: 'Joint Statement | Iraq', publisher: 'state.gov', urls: [SHORT] }),
    note(2, { kind: 'ibid', refersTo: 1, urls: [], authors: [], title: null, publisher: null, published: null }),
    note(3, { urls: ['https://gone.test/a'], title: 'A *very* long title that goes on and on and on about the strategic dialogue' }),
    note(4, { urls: [] }),
  ],
  [{ code: 'placeholder', message: 'Note 4 says [citation needed]', line: 104, note: 4 }],
);

const results = [
  checked(SHORT, { status: 'ok' }, {
    expandedUrl: STATEMENT,
    finalUrl: STATEMENT,
    title: 'Joint Statement\non the | Committee',
    hops: [hop(SHORT, 301, { method: 'HEAD', location: STATEMENT }), hop(STATEMENT, 200)],
  }),
  checked('https://gone.test/a', { status: 'broken', reason: 'not_found' }, {
    httpStatus: 404,
    title: null,
    hops: [hop('https://gone.test/a', 404)],
    attempts: 2,
    retries: ['503 on GET https://gone.test/a, waited 1.0 s'],
  }),
];

function render(extra: Partial<ReportInput> = {}): string {
  return renderMarkdown(
    buildReport({ citations, results, checkedAt: '2026-11-29T07:00:00.000Z', changes: [], offline: false, ...extra }),
  );
}

const tableRows = (markdown: string) => markdown.split('\n').filter((line) => /^\| \d/.test(line));

describe('renderMarkdown', () => {
  const markdown = render();

  it('starts with the title, the run and a one-line verdict', () => {
    expect(markdown.split('\n').slice(0, 7)).toEqual([
      '# Source check: A Test Document',
      '',
      'Document `documents/test-doc.txt` · checked 2026-11-29 07:00 UTC · 4 notes, 3 sources, 2 URLs',
      '',
      "**Verdict:** 4 of 4 notes need an editor's attention.",
      '',
      'Summary: 2 ok · 1 broken · 1 no link',
    ]);
    expect(markdown).not.toContain('Offline');
  });

  it('has one row per note in document order, eight cells each, pipes and newlines escaped', () => {
    expect(tableRows(markdown)).toEqual([
      '| 1 | U.S. Department of State, *Joint Statement \\| Iraq*, state.gov, 2020-08-19 | [bit.ly/37gadS6](https://bit.ly/37gadS6) | ✅ ok | [www.state.gov/joint-statement-on-the-un…](https://www.state.gov/joint-statement-on-the-united-states-iraq-higher-coordinating-committee/) | Joint Statement on the \\| Committee | — | update to final URL |',
      '| 2 | Ibid., see note 1: U.S. Department of State, *Joint Statement \\| Iraq*, state.gov, 2020-08-19 | [bit.ly/37gadS6](https://bit.ly/37gadS6) | ✅ ok, as note 1 | [www.state.gov/joint-statement-on-the-un…](https://www.state.gov/joint-statement-on-the-united-states-iraq-higher-coordinating-committee/) | Joint Statement on the \\| Committee | — | update to final URL |',
      '| 3 | Jane Roe, *A \\*very\\* long title that goes on and on and on about the st…*, Publisher, 2020-08-19 | [gone.test/a](https://gone.test/a) | ❌ broken (not found) | (same) | — | — | replace with archived copy |',
      '| 4 | Jane Roe, *Title 4*, Publisher, 2020-08-19 | — | ➖ no link | — | — | — | check by hand: no link |',
    ]);
    for (const row of tableRows(markdown)) expect(row.split(/(?<!\\)\|/).length - 2).toBe(8);
  });

  it('shows each problem with its hop chain, error and retries', () => {
    const section = markdown.slice(markdown.indexOf('## Problems'), markdown.indexOf('## Changed'));
    expect(section).toContain('### [gone.test/a](https://gone.test/a): broken (not found), note 3');
    expect(section).toContain('- Hops: `gone.test/a —404`');
    expect(section).toContain('- Retries: 503 on GET [https://gone.test/a](https://gone.test/a), waited 1.0 s (2 requests)');
    expect(section).not.toContain('bit.ly');
  });

  it('says when nothing changed, and lists the lint warnings', () => {
    expect(markdown).toContain('## Changed since the last run\n\nNothing changed since the last run.');
    expect(markdown).toContain('- line 104, note 4: Note 4 says \\[citation needed\\] (placeholder)');
  });

  it('lists the changes since the last run', () => {
    const changed = render({
      changes: [
        { url: 'https://gone.test/a', kind: 'newly_broken', before: 'ok', after: 'broken' },
        { url: SHORT, kind: 'title_changed', before: 'Old', after: 'New' },
        { url: SHORT, kind: 'final_url_changed', before: STATEMENT, after: 'https://state.gov/x_y' },
      ],
    });
    expect(changed).toContain('- Newly broken: [gone.test/a](https://gone.test/a): ok → broken\n');
    expect(changed).toContain('- Title changed: [bit.ly/37gadS6](https://bit.ly/37gadS6): Old → New\n');
    expect(changed).toContain(
      `- Final URL changed: [bit.ly/37gadS6](${SHORT}): [www.state.gov/joint-statement-on-the-united-states-iraq-hig…](${STATEMENT}) → [state.gov/x\\_y](https://state.gov/x_y)\n`,
    );
    expect(changed).not.toContain('Nothing changed');
  });

  it('says at the top that an offline run checked nothing', () => {
    const offline = render({ offline: true, results: [] });
    expect(offline.split('\n')[4]).toBe('> **Offline: nothing was checked.** This machine could not reach the network, so no link was tested;');
    expect(offline).toContain('**Verdict:** Offline: nothing was checked');
  });
});

describe('hopChain', () => {
  it.each([
    [[hop(SHORT, 301), hop(STATEMENT, 200)], 'bit.ly/37gadS6 —301→ www.state.gov/joint-statement-on-the-un… —200'],
    [[hop('https://a.test/', 200, { via: 'http' }), hop('https://b.test/x', 200, { via: 'meta_refresh' })], 'a.test —200→ b.test/x —200 (meta refresh)'],
    [[hop('http://a.test/x', null)], 'a.test/x —no answer'],
  ])('%#: renders %s', (hops, expected) => {
    expect(hopChain(hops)).toBe(expected);
  });
});

describe('Markdown escaping', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line\nbreak\r\nhere', 'line break here'],
    ['*bold* _it_ `code` [x](y) <b>', '\\*bold\\* \\_it\\_ \\`code\\` \\[x\\](y) \\<b\\>'],
    ['# heading', '\\# heading'],
    ['1. list', '1\\. list'],
    ['see https://a.test/a_b, then www.b.test.', 'see [https://a.test/a\\_b](https://a.test/a_b), then [www.b.test](https://www.b.test).'],
    ['Q&A &amp; more', 'Q&A \\&amp; more'],
    ['plain words', 'plain words'],
    ['$5 billion, not $10', '\\$5 billion, not \\$10'],
    ['@StateDept on #123, C# and a # sign', '\\@StateDept on \\#123, C# and a # sign'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps a URL with pipes, spaces and parentheses inside its link', () => {
    expect(link('x', 'https://a.test/a|b (c)')).toBe('[x](https://a.test/a%7Cb%20%28c%29)');
  });

  it.each([
    ['https://www.example.com/', 'www.example.com'],
    ['http://a.test/path/', 'a.test/path/'],
    ['https://a.test/' + 'x'.repeat(60), `a.test/${'x'.repeat(32)}…`],
  ])('shortUrl(%s)', (url, expected) => {
    expect(shortUrl(url)).toBe(expected);
  });
});
