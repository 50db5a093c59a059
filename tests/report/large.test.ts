import { describe, expect, it } from 'vitest';
import { buildReport, renderGithub, renderMarkdown } from '../../src/report/index.js';
import { checked, citationsFile, hop, note } from './fixtures.js';

/**
 * The benchmark's 100,000-URL run crashed here: `lines.push(...manyLines)` passes every line
 * as an argument and overflows the stack. 150,000 notes with a problem each is well past it.
 */
describe('rendering a very large report', () => {
  const url = 'https://gone.test/a';
  const one = buildReport({
    citations: citationsFile([note(1, { urls: [url] })], []),
    results: [checked(url, { status: 'broken', reason: 'not_found' }, { httpStatus: 404, hops: [hop(url, 404)] })],
    checkedAt: '2026-11-29T07:00:00.000Z',
    changes: [],
    offline: false,
  });
  const many = 150_000;
  const large = { ...one, notes: Array(many).fill(one.notes[0]), problems: Array(many).fill(one.problems[0]) };

  it('renders Markdown with one row and one problem section per note', () => {
    const markdown = renderMarkdown(large);
    expect(markdown.split('\n').filter((line) => line.startsWith('| 1 |'))).toHaveLength(many);
    expect(markdown.split('\n').filter((line) => line.startsWith('### '))).toHaveLength(many);
    // 150,000 rows and problem sections take 9-15 s on a loaded 2-core machine: not a speed test.
  }, 60_000);

  it('renders one GitHub annotation per note', () => {
    expect(renderGithub(large, { failOn: ['broken'] }).trimEnd().split('\n')).toHaveLength(many);
  });
});
