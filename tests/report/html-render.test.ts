import * as cheerio from 'cheerio';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { buildReport, renderMarkdown } from '../../src/report/index.js';
import { checked, citationsFile, hop, note } from './fixtures.js';

// A real render: the Markdown through a GFM parser to HTML, then the HTML read back, so a
// stray `|`, newline or tag in web-supplied text shows up as a broken table or injected markup.
const SHORT = 'https://bit.ly/37gadS6';
const FINAL = 'https://www.state.gov/joint-statement/';
const report = buildReport({
  citations: citationsFile(
    [
      note(1, { title: 'Pipes | and <b>tags</b>', urls: [SHORT] }),
      note(2, { kind: 'ibid', refersTo: 1, urls: [], title: null }),
      note(3, { urls: [], title: 'No link\nat all' }),
      note(4, { urls: ['https://gone.test/a|b'] }),
    ],
    [{ code: 'placeholder', message: 'a <script> placeholder', line: 1, note: null }],
  ),
  results: [
    checked(SHORT, { status: 'redirected' }, {
      finalUrl: FINAL,
      title: 'A title | with a pipe\nand a newline',
      hops: [hop(SHORT, 301), hop(FINAL, 200)],
    }),
    checked('https://gone.test/a|b', { status: 'broken', reason: 'gone' }, { httpStatus: 410, error: 'HTTP 410 <Gone>' }),
  ],
  checkedAt: '2026-11-29T07:00:00.000Z',
  changes: [{ url: SHORT, kind: 'newly_redirected', before: SHORT, after: FINAL }],
  offline: false,
});
const html = marked.parse(renderMarkdown(report), { gfm: true, async: false });
const $ = cheerio.load(html);

describe('the Markdown report rendered to HTML', () => {
  it('has one table with a header of 8 columns and one row of 8 cells per note row', () => {
    expect($('table')).toHaveLength(1);
    expect($('thead th')).toHaveLength(8);
    const rows = $('tbody tr').toArray();
    expect(rows).toHaveLength(report.notes.length);
    for (const row of rows) expect($(row).find('td')).toHaveLength(8);
  });

  it('keeps pipes and tags from the web as text inside their cell', () => {
    const first = $('tbody tr').first().find('td');
    expect(first.eq(1).text()).toContain('Pipes | and <b>tags</b>');
    expect(first.eq(5).text()).toBe('A title | with a pipe and a newline');
    expect($('b')).toHaveLength(0);
    expect($('script')).toHaveLength(0);
  });

  it('links the shortened URLs to the full ones', () => {
    const links = $('tbody tr').first().find('a').toArray().map((a) => [$(a).text(), $(a).attr('href')]);
    expect(links).toEqual([
      ['bit.ly/37gadS6', SHORT],
      ['www.state.gov/joint-statement/', FINAL],
    ]);
    expect($('tbody tr').eq(3).find('a').attr('href')).toBe('https://gone.test/a%7Cb');
  });

  it('shows hop chains as code and has the sections', () => {
    expect($('code').toArray().map((c) => $(c).text())).toContain('bit.ly/37gadS6 —301→ www.state.gov/joint-statement/ —200');
    expect($('h2').toArray().map((h) => $(h).text())).toEqual([
      'Notes',
      'Problems',
      'Changed since the last run',
      'Warnings about the document',
    ]);
  });
});
