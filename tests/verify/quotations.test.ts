import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainText, QUOTE_FUZZY_THRESHOLD } from '../../src/verify/index.js';
import { findQuotation, quotedPage } from '../../src/verify/quotations.js';
import { fixture } from './helpers.js';

const statement = quotedPage(mainText(fixture('state-joint-statement.html')));
const article = quotedPage(mainText(fixture('ap-article.html')));
const briefing = quotedPage(mainText(fixture('press-briefing.html')));
const paywall = quotedPage(mainText(fixture('paywall-stub.html')));

const SOVEREIGNTY =
  '“The United States reaffirmed its respect for Iraq’s sovereignty and laws and pledged to continue providing the resources Iraq needs to preserve its territorial integrity.”';

describe('findQuotation: the page contains the quotation', () => {
  it.each([
    ['a whole sentence across a line break', statement, SOVEREIGNTY],
    ['a phrase with straight quotes', statement, '"economic reform and enhancing regional integration"'],
    ['a bracketed ending', statement, 'economic reform and enhanc[ing] regional integration'],
    ['a bracketed ending that replaces one', statement, 'the need for economic reform and enhance[ing] regional integration'],
    ['a bracketed capital', statement, '[T]he two countries reaffirmed the strategic partnership'],
    ['a bracket standing for words', statement, 'the United States [the government] would continue reducing forces from Iraq'],
    ['an ellipsis', statement, 'The United States reaffirmed its respect for Iraq’s sovereignty … to preserve its territorial integrity'],
    ['three dots', statement, 'the two countries recognized the enormous challenges facing Iraq ... and the need for economic reform.'],
    ['curly quotes inside the page', article, '"There is no need for any foreign combat forces on Iraqi soil,"'],
    ['a word hyphenated at a line break', article, 'intelligence and air-support capabilities'],
    ['a briefing answer', briefing, 'committed to a sovereign, stable and prosperous Iraq'],
    ['case and trailing punctuation', briefing, 'OUR PRESENCE THERE IS AT THE INVITATION OF THE IRAQI GOVERNMENT!'],
  ])('%s', (_, page, quotation) => {
    expect(findQuotation(page, quotation)).toEqual({ quotation, finding: 'exact', score: 1, closest: null });
  });
});

describe('findQuotation: the page does not contain the quotation', () => {
  it.each([
    ['words from the page in another order', statement, 'territorial integrity Iraq needs to preserve'],
    ['a quote from another source', statement, 'There is no need for any foreign combat forces on Iraqi soil'],
    ['an ellipsis spanning too much', statement, 'The text of the following statement … bilateral security relationship'],
    ['the article body behind a paywall', paywall, 'a smaller force focused on training and advising Iraqi troops for the next two years'],
    ['text only in the page furniture', article, 'no need for any foreign combat forces in sports, says coach'],
  ])('%s', (_, page, quotation) => {
    expect(findQuotation(page, quotation).finding).toBe('not_found');
  });
});

describe('editorial marks against a page written without them', () => {
  const page = quotedPage('Both sides will enhance regional integration. The talks [were] held by video.');
  it.each([
    ['enhance[ing] regional integration', 'exact'],
    ['enhanc[ing] regional integration', 'exact'],
    ['both sides will [continue to] enhance regional integration', 'exact'],
    ['[B]oth sides … held by video', 'exact'],
    ['the talks [were] held by video', 'exact'],
    ['weaken[ing] regional integration', 'not_found'],
  ])('%s → %s', (quotation, finding) => {
    expect(findQuotation(page, quotation).finding).toBe(finding);
  });

  it('a bracket standing for many more than a few words is not exact; the closest passage shows what it hides', () => {
    const check = findQuotation(statement, 'the United States [reaffirmed] Iraq needs to preserve its territorial integrity');
    expect(check.finding).not.toBe('exact');
    expect(check.closest).toContain('Iraq needs to preserve its territorial integrity');
  });
});

describe('fuzzy matches and QUOTE_FUZZY_THRESHOLD', () => {
  it('four words in five present is fuzzy, with the closest passage', () => {
    const check = findQuotation(statement, 'the drop in gas prices');
    expect(check.score).toBeGreaterThanOrEqual(QUOTE_FUZZY_THRESHOLD);
    expect(check).toMatchObject({ finding: 'fuzzy', score: 0.8, closest: 'the drop in oil prices' });
  });

  it('three words in five is not found, still with the closest passage', () => {
    const check = findQuotation(statement, 'the rise in gas prices');
    expect(check.score).toBeLessThan(QUOTE_FUZZY_THRESHOLD);
    expect(check).toMatchObject({ finding: 'not_found', score: 0.6 });
    expect(check.closest).not.toBeNull();
  });

  it('a long quotation with one word changed is fuzzy and quotes the page', () => {
    const check = findQuotation(statement, 'pledged to keep providing the resources Iraq needs to preserve its territorial integrity');
    expect(check.finding).toBe('fuzzy');
    expect(check.closest).toBe('pledged to continue providing the resources Iraq needs to preserve its territorial integrity');
  });

  it('gives no passage when no word of the quotation is on the page', () => {
    expect(findQuotation(paywall, 'zebra quantum xylophone')).toEqual({
      quotation: 'zebra quantum xylophone',
      finding: 'not_found',
      score: 0,
      closest: null,
    });
  });
});

describe('mainText', () => {
  it('keeps the article and drops navigation, scripts, asides and footers', () => {
    const text = mainText(fixture('ap-article.html'));
    expect(text).toContain('BAGHDAD (AP)');
    expect(text).not.toMatch(/Most read|dataLayer|Copyright|Sports/);
  });

  it('falls back to the densest block of paragraphs', () => {
    const text = mainText(fixture('press-briefing.html'));
    expect(text).toContain('MS ORTAGUS: Good afternoon');
    expect(text).not.toMatch(/Back to top|Secretary’s Remarks|Briefings/);
  });

  it('does not take a related-story card for the article', () => {
    const body = '<p>The two governments agreed on a timetable for the withdrawal of combat forces.</p>'.repeat(4);
    const html = `<body><article><h3>Related</h3><p>Oil prices slip.</p></article><div class="story">${body}</div></body>`;
    expect(mainText(html)).toContain('agreed on a timetable');
    expect(mainText(html)).not.toContain('Oil prices slip');
  });

  it('keeps a page that ASP.NET wraps in one form', () => {
    const html = '<body><form id="aspnetForm"><nav>Home</nav><div><p>The statement was issued today.</p></div></form></body>';
    expect(mainText(html)).toBe('The statement was issued today.');
  });

  it('separates block elements', () => {
    expect(mainText('<body><div><p>one</p><p>two</p></div></body>')).toBe('one\ntwo');
  });
});

describe('findQuotation on any run of the page’s own words', () => {
  const words = mainText(fixture('state-joint-statement.html')).split(/\s+/);

  it('finds every run exactly, and with its middle left out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: words.length - 12 }), fc.integer({ min: 3, max: 12 }), (start, length) => {
        const run = words.slice(start, start + length);
        expect(findQuotation(statement, run.join(' ')).finding).toBe('exact');
        const elided = [...run.slice(0, 1), '…', ...run.slice(-1)].join(' ');
        expect(findQuotation(statement, elided).finding).toBe('exact');
      }),
    );
  });

  it('does not find a run with a word no page uses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: words.length - 12 }), fc.integer({ min: 3, max: 12 }), (start, length) => {
        const run = words.slice(start, start + length);
        run.splice(Math.floor(length / 2), 1, 'xylophonic');
        expect(findQuotation(statement, run.join(' ')).finding).not.toBe('exact');
      }),
    );
  });
});

describe('quotedPage', () => {
  it('indexes its text once, on first asking, and finds plain quotations without asking', () => {
    const page = quotedPage('The talks, held by video, ended.');
    let asked = 0;
    const index = page.index;
    page.index = () => {
      asked += 1;
      return index();
    };
    expect(findQuotation(page, '“held by video”').finding).toBe('exact');
    expect(asked).toBe(0);
    expect(index()).toBe(index());
    expect(index().tokens.map((token) => token.word)).toEqual(['the', 'talks', 'held', 'by', 'video', 'ended']);
  });
});
