import { describe, expect, it } from 'vitest';
import type { CheckResult, Citation, Verdict } from '../../src/types.js';
import { pageComparer, verifyCitation } from '../../src/verify/index.js';
import { citation, fixture, okResult, pageMeta } from './helpers.js';

const AP_URL = 'https://apnews.com/article/joe-biden-iraq-middle-east-government-and-politics-9d1d9e0e1f4d';
const AP_TITLE = 'AP Interview: Iraq PM says no need for US combat troops';
const apPage = pageMeta({
  title: `${AP_TITLE} | AP News`,
  titleCandidates: [
    { source: 'og:title', value: AP_TITLE },
    { source: 'title', value: `${AP_TITLE} | AP News` },
  ],
  authors: ['Qassim Abdul-Zahra', 'Samya Kullab'],
  published: '2021-07-18T19:05:33Z',
  siteName: 'AP News',
});
const apNote = citation({
  authors: ['Qassim Abdul-Zahra'],
  title: 'AP Interview: PM Says Iraq doesn’t Need US Combat Troops',
  published: '2021-07-18',
  urls: [AP_URL],
});
const AP_QUOTE = '“There is no need for any foreign combat forces on Iraqi soil,”';

const STATE_URL = 'https://www.state.gov/joint-statement-on-the-u-s-iraq-strategic-dialogue/';
const STATE_TITLE = 'Joint Statement on the U.S.-Iraq Strategic Dialogue';
const statePage = pageMeta({
  title: `${STATE_TITLE} - United States Department of State`,
  titleCandidates: [{ source: 'og:title', value: STATE_TITLE }],
  published: '2020-06-11T21:30:00-04:00',
  siteName: 'United States Department of State',
});
const stateNote = citation({ title: STATE_TITLE, publisher: 'U.S. Department of State', published: '2020-06-11', urls: [STATE_URL] });
const STATE_QUOTES = [
  '“The United States reaffirmed its respect for Iraq’s sovereignty and laws and pledged to continue providing the resources Iraq needs to preserve its territorial integrity.”',
  '“economic reform and enhanc[ing] regional integration”',
  'the United States would continue reducing forces … based on strong mutual interests',
];

const BRIEFING_URL = 'https://www.state.gov/briefings/department-press-briefing-august-19-2020/';
const BRIEFING_TITLE = 'Department Press Briefing – August 19, 2020';
const briefingNote = citation({ title: BRIEFING_TITLE, published: '2020-08-19', urls: [BRIEFING_URL] });
const briefingPage = pageMeta({ title: `${BRIEFING_TITLE} - United States Department of State` });

const WAPO_URL = 'https://www.washingtonpost.com/national-security/2021/07/26/us-iraq-combat-mission/';
const WAPO_TITLE = 'U.S. and Iraq agree to wind down combat mission';
const wapoNote = citation({ authors: ['Missy Ryan'], title: WAPO_TITLE, published: '2021-07-26', urls: [WAPO_URL] });
const wapoPage = pageMeta({
  title: `${WAPO_TITLE} - The Washington Post`,
  titleCandidates: [{ source: 'og:title', value: WAPO_TITLE }],
  authors: ['Missy Ryan'],
  published: '2021-07-26T22:41:00Z',
  siteName: 'The Washington Post',
});

const D1_URL = 'https://www.defenseone.com/policy/2021/07/iraq-combat-mission-end/183901/';
const REUTERS_URL = 'https://www.reuters.com/world/middle-east/iraq-us-talks-2021-07-20/';

interface Case {
  name: string;
  note: Citation;
  quotations: string[];
  result: CheckResult;
  html: string | null;
  verdict: Verdict;
  expect: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'a news article that still says what was cited',
    note: apNote,
    quotations: [AP_QUOTE],
    result: okResult(AP_URL, AP_URL, apPage),
    html: fixture('ap-article.html'),
    verdict: 'match',
    expect: { title: { verdict: 'match' }, author: { verdict: 'match' }, date: { verdict: 'match' }, soft404: [] },
  },
  {
    name: 'a news article whose authors are only in the byline text',
    note: { ...apNote, authors: ['Samya Kullab', 'Qassim Abdul-Zahra'] },
    quotations: ['intelligence and air-support capabilities'],
    result: okResult(AP_URL, AP_URL, { ...apPage, authors: [] }),
    html: fixture('ap-article.html'),
    verdict: 'match',
    expect: { author: { verdict: 'match', found: 'By QASSIM ABDUL-ZAHRA and SAMYA KULLAB' } },
  },
  {
    name: 'a news article by someone else',
    note: { ...apNote, authors: ['Lolita C. Baldor'] },
    quotations: [AP_QUOTE],
    result: okResult(AP_URL, AP_URL, apPage),
    html: fixture('ap-article.html'),
    verdict: 'partial',
    expect: { author: { verdict: 'mismatch', score: 0 }, title: { verdict: 'match' } },
  },
  {
    name: 'a government statement with all its quotations (no author: institutional)',
    note: stateNote,
    quotations: STATE_QUOTES,
    result: okResult(STATE_URL, STATE_URL, statePage),
    html: fixture('state-joint-statement.html'),
    verdict: 'match',
    expect: { title: { verdict: 'match', score: 1 }, author: { verdict: 'unknown' }, date: { verdict: 'match' } },
  },
  {
    name: 'a press briefing without a page date',
    note: briefingNote,
    quotations: ['our presence there is at the invitation of the Iraqi Government'],
    result: okResult(BRIEFING_URL, BRIEFING_URL, briefingPage),
    html: fixture('press-briefing.html'),
    verdict: 'match',
    expect: { title: { verdict: 'match' }, date: { verdict: 'unknown' } },
  },
  {
    name: 'a paywall stub: right title, quotation behind the wall',
    note: wapoNote,
    quotations: ['the mission would end by the close of the year, officials said'],
    result: okResult(WAPO_URL, WAPO_URL, wapoPage),
    html: fixture('paywall-stub.html'),
    verdict: 'partial',
    expect: { title: { verdict: 'match' }, author: { verdict: 'match' }, quotations: [{ finding: 'not_found' }] },
  },
  {
    name: 'a quotation with a word changed',
    note: stateNote,
    quotations: ['pledged to keep providing the resources Iraq needs to preserve its territorial integrity'],
    result: okResult(STATE_URL, STATE_URL, statePage),
    html: fixture('state-joint-statement.html'),
    verdict: 'partial',
    expect: { quotations: [{ finding: 'fuzzy' }] },
  },
  {
    name: 'a page re-dated since it was cited',
    note: { ...stateNote, published: '2020-06-01' },
    quotations: [],
    result: okResult(STATE_URL, STATE_URL, statePage),
    html: fixture('state-joint-statement.html'),
    verdict: 'partial',
    expect: { title: { verdict: 'match' }, date: { verdict: 'mismatch' } },
  },
  {
    name: 'a link that now serves another article',
    note: citation({ title: 'Iraqi parliament votes to expel US troops', urls: [AP_URL] }),
    quotations: [],
    result: okResult(AP_URL, AP_URL, apPage),
    html: fixture('ap-article.html'),
    verdict: 'mismatch',
    expect: { title: { verdict: 'mismatch', found: expect.any(String) } },
  },
  {
    name: 'a soft-404 page answered with 200',
    note: citation({ title: 'The Pentagon’s plan to end the Iraq combat mission', urls: [D1_URL] }),
    quotations: ['combat mission will end'],
    result: okResult(D1_URL, D1_URL, pageMeta({ title: 'Page Not Found | Defense One', siteName: 'Defense One' })),
    html: fixture('soft-404.html'),
    verdict: 'mismatch',
    expect: { soft404: ['not_found_title'], quotations: [{ finding: 'not_found' }] },
  },
  {
    name: 'a deep link redirected to the site home page',
    note: citation({ title: 'Iraq and U.S. to hold talks in Washington', urls: [REUTERS_URL] }),
    quotations: [],
    result: okResult(
      REUTERS_URL,
      'https://www.reuters.com/',
      pageMeta({ title: 'Reuters | Breaking International News & Views', siteName: 'Reuters' }),
    ),
    html: fixture('home-page.html'),
    verdict: 'mismatch',
    expect: { soft404: ['home_page'], title: { verdict: 'mismatch' } },
  },
  {
    name: 'a note with nothing to compare on a page that answered',
    note: citation({ urls: [STATE_URL] }),
    quotations: [],
    result: okResult(STATE_URL, STATE_URL, statePage),
    html: fixture('state-joint-statement.html'),
    verdict: 'unknown',
    expect: { soft404: [] },
  },
];

describe('verifyCitation verdicts', () => {
  it.each(cases)('$name → $verdict', ({ note, quotations, result, html, verdict, expect: partial }) => {
    const verification = verifyCitation(note, quotations, result, html, null);
    expect(verification.verdict).toBe(verdict);
    expect(verification).toMatchObject(partial);
    expect(verification.quotations.map((check) => check.quotation)).toEqual(quotations);
  });
});

describe('verifyCitation on a source that did not answer', () => {
  const blocked = {
    ...okResult(AP_URL, AP_URL, null),
    status: 'blocked',
    reason: 'forbidden',
    httpStatus: 403,
  } as CheckResult;
  const timedOut = { ...okResult(AP_URL, AP_URL, null), status: 'timeout', reason: 'total', httpStatus: null } as CheckResult;

  it.each([
    ['blocked, with its challenge page', blocked, '<html><title>Just a moment...</title><body>Checking your browser</body></html>'],
    ['blocked, without a body', blocked, null],
    ['timed out', timedOut, null],
    ['ok, but no body kept', okResult(AP_URL, AP_URL, apPage), null],
  ])('%s: everything unknown, nothing mismatched', (_, result, html) => {
    const verification = verifyCitation(apNote, [AP_QUOTE], result, html, null);
    expect(verification).toEqual({
      verdict: 'unknown',
      title: { verdict: 'unknown', score: null, expected: apNote.title, found: null },
      author: { verdict: 'unknown', score: null, expected: 'Qassim Abdul-Zahra', found: null },
      date: { verdict: 'unknown', score: null, expected: '2021-07-18', found: null },
      quotations: [{ quotation: AP_QUOTE, finding: 'unknown', score: 0, closest: null }],
      soft404: [],
    });
  });
});

describe('verifyCitation with a nonsense probe', () => {
  it('calls a page that looks like the host’s answer to a nonsense path a soft 404', () => {
    const html = '<html><head><title>Defense One</title></head><body><main><h2>Latest</h2><p>Stories you may like: drones, budgets, Iraq.</p></main></body></html>';
    const probeFinal = 'https://www.defenseone.com/';
    const result = okResult(D1_URL, probeFinal, pageMeta({ title: 'Defense One' }));
    const probe = { host: 'www.defenseone.com', status: 200, finalUrl: probeFinal, title: 'Defense One', textFingerprint: null };
    const verification = verifyCitation(citation({ urls: [D1_URL] }), [], result, html, probe);
    expect(verification.soft404).toEqual(['home_page', 'matches_nonsense_probe']);
    expect(verification.verdict).toBe('mismatch');
  });
});

describe('pageComparer: every note citing one URL, the page read once', () => {
  it('gives each note what verifyCitation gives it alone', () => {
    const result = okResult(AP_URL, AP_URL, apPage);
    const html = fixture('ap-article.html');
    const other = citation({ title: 'Iraqi parliament delays budget vote', urls: [AP_URL] });
    const notes = [
      { citation: apNote, quotations: [AP_QUOTE] },
      { citation: other, quotations: ['a sentence this page never says'] },
    ];
    const together = notes.map(pageComparer(result, html, null));
    expect(together).toEqual(notes.map((note) => verifyCitation(note.citation, note.quotations, result, html, null)));
    expect(together.map((v) => v.verdict)).toEqual(['match', 'mismatch']);
  });

  it('a page that did not answer leaves every note unknown', () => {
    const result = { ...okResult(AP_URL, AP_URL, apPage), status: 'broken', reason: 'not_found', httpStatus: 404 } as CheckResult;
    expect([{ citation: apNote, quotations: [AP_QUOTE] }, { citation: wapoNote, quotations: [] }].map(pageComparer(result, null, null)).map((v) => v.verdict)).toEqual(['unknown', 'unknown']);
  });
});
