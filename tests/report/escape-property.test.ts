import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/markdown-text.js';

// Whatever a web page calls itself, its escaped title must come out of a GFM table cell as
// the same text: one cell, no markup (bare URLs may become links).
const tricky = fc.string({
  unit: fc.constantFrom(...'|\\*_`[]()<>&#@$~!:;.-=+1a \n'.split(''), 'amp;', '&#42;', 'http://x.test'),
  maxLength: 30,
});

describe('escapeMarkdown in a table cell', () => {
  it('renders any text as itself, in exactly one cell', () => {
    fc.assert(
      fc.property(tricky, (text) => {
        const html = marked.parse(`| a | b |\n|---|---|\n| ${escapeMarkdown(text)} | end |\n`, { async: false });
        const $ = cheerio.load(html);
        const cells = $('tbody td');
        expect(cells).toHaveLength(2);
        // GFM autolinks a bare URL; harmless, the text stays the same. Nothing else may appear.
        expect(cells.eq(0).find('*').not('a').length).toBe(0);
        expect(cells.eq(0).text()).toBe(text.replace(/[\r\n]+/g, ' ').trim());
        expect(cells.eq(1).text()).toBe('end');
      }),
      { numRuns: 2000 },
    );
  });
});
