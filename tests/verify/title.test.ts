import { describe, expect, it } from 'vitest';
import { TITLE_MATCH_THRESHOLD, TITLE_PARTIAL_THRESHOLD } from '../../src/verify/index.js';
import { checkTitle, stripSiteName, titleScore } from '../../src/verify/title.js';

const CITED_AP = 'AP Interview: PM Says Iraq doesn’t Need US Combat Troops';
const EXPEL = 'Iraqi parliament votes to expel US troops';

describe('titleScore and the named thresholds', () => {
  it.each([
    ['a rewritten wire headline, just above the match threshold', CITED_AP, 'AP Interview: Iraq PM says no need for US combat troops', 'match'],
    ['one word in six replaced, just below the match threshold', 'Iraq parliament votes to expel US troops', 'Iraq parliament votes to expel foreign troops', 'partial'],
    ['half the story in common, just above the partial threshold', EXPEL, 'Iraqi parliament delays budget vote', 'partial'],
    ['less than half, just below the partial threshold', EXPEL, 'Iraqi parliament delays budget', 'mismatch'],
    ['a home page title', CITED_AP, 'Reuters | Breaking International News & Views', 'mismatch'],
  ] as const)('%s', (_, cited, page, verdict) => {
    const score = titleScore(cited, page);
    const expectedVerdict = score >= TITLE_MATCH_THRESHOLD ? 'match' : score >= TITLE_PARTIAL_THRESHOLD ? 'partial' : 'mismatch';
    expect(expectedVerdict).toBe(verdict);
    expect(checkTitle(cited, [page]).verdict).toBe(verdict);
  });

  it('places the pairs close to the thresholds, so moving a threshold breaks a test', () => {
    expect(titleScore(CITED_AP, 'AP Interview: Iraq PM says no need for US combat troops')).toBeLessThan(TITLE_MATCH_THRESHOLD + 0.05);
    expect(titleScore('Iraq parliament votes to expel US troops', 'Iraq parliament votes to expel foreign troops')).toBeGreaterThan(
      TITLE_MATCH_THRESHOLD - 0.05,
    );
    expect(titleScore(EXPEL, 'Iraqi parliament delays budget vote')).toBeLessThan(TITLE_PARTIAL_THRESHOLD + 0.1);
    expect(titleScore(EXPEL, 'Iraqi parliament delays budget')).toBeGreaterThan(TITLE_PARTIAL_THRESHOLD - 0.1);
  });

  it.each([
    ['case, curly quotes and dashes', 'Iraq’s “New Era” — A Dialogue', "IRAQ'S \"NEW ERA\" - A DIALOGUE"],
    ['diacritics', 'Kadhimi in Washington: Iraq’s PM meets Trump at the White House', 'Kādhimī in Washington: Iraq’s PM meets Trump at the White House'],
    ['plurals and contractions', 'PM says Iraq doesn’t need troops', 'PM say Iraq does not need troop'],
  ])('ignores %s', (_, a, b) => {
    expect(titleScore(a, b)).toBe(1);
  });
});

describe('stripSiteName', () => {
  it.each([
    ['AP Interview: Iraq PM says no need | AP News', 'AP News', 'https://apnews.com/article/x', 'AP Interview: Iraq PM says no need'],
    ['U.S. and Iraq agree - The Washington Post', null, 'https://www.washingtonpost.com/world/x', 'U.S. and Iraq agree'],
    ['The Pentagon’s plan for Iraq – Defense One', null, 'https://www.defenseone.com/policy/x', 'The Pentagon’s plan for Iraq'],
    ['Reuters | Breaking International News & Views', 'Reuters', 'https://www.reuters.com/', 'Breaking International News & Views'],
    ['Iraq votes - a long subtitle that is part of the headline itself', null, 'https://example.org/x', 'Iraq votes - a long subtitle that is part of the headline itself'],
  ])('%s', (title, siteName, url, expected) => {
    expect(stripSiteName(title, siteName, url)).toBe(expected);
  });
});

describe('checkTitle', () => {
  it('takes the best of all candidates and reports it', () => {
    const check = checkTitle(CITED_AP, ['AP News', 'AP Interview: Iraq PM says no need for US combat troops']);
    expect(check).toMatchObject({ verdict: 'match', found: 'AP Interview: Iraq PM says no need for US combat troops' });
  });

  it.each([
    ['the note has no title', null, ['A page']],
    ['the page offers no title', 'A note', []],
  ])('is unknown when %s', (_, cited, candidates) => {
    expect(checkTitle(cited, candidates)).toMatchObject({ verdict: 'unknown', score: null });
  });
});
