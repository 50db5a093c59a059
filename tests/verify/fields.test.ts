import { describe, expect, it } from 'vitest';
import { checkAuthors, checkDate } from '../../src/verify/fields.js';

describe('checkAuthors', () => {
  it.each([
    ['all surnames in the metadata', ['Qassim Abdul-Zahra', 'Samya Kullab'], ['Qassim Abdul-Zahra', 'Samya Kullab'], '', 'match', 1],
    ['all surnames in the byline, any case', ['Abdul-Zahra, Qassim', 'Kullab, Samya'], [], 'By QASSIM ABDUL-ZAHRA and SAMYA KULLAB', 'match', 1],
    ['one of two', ['Qassim Abdul-Zahra', 'Lolita Baldor'], ['Qassim Abdul-Zahra'], '', 'partial', 0.5],
    ['none, while the page names others', ['Lolita Baldor'], ['Missy Ryan'], '', 'mismatch', 0],
    ['diacritics', ['Mustafa al-Kādhimī'], ['Mustafa al-Kadhimi'], '', 'match', 1],
  ])('%s → %s', (_, cited, pageAuthors, byline, verdict, score) => {
    expect(checkAuthors(cited, pageAuthors, byline)).toMatchObject({ verdict, score });
  });

  it('does not take part of a longer name for the surname', () => {
    expect(checkAuthors(['John Ryan'], ['Missy Ryanson'], '').verdict).toBe('mismatch');
  });

  it.each([
    ['the page has no author information', ['Samya Kullab'], [], ''],
    ['the note names no author (an institution)', [], ['Office of the Spokesperson'], ''],
  ])('is unknown when %s', (_, cited, pageAuthors, byline) => {
    expect(checkAuthors(cited, pageAuthors, byline)).toMatchObject({ verdict: 'unknown', score: null });
  });
});

describe('checkDate', () => {
  it.each([
    ['the same day', '2020-06-11', '2020-06-11', 'match'],
    ['the next day in the page’s zone', '2020-06-11', '2020-06-12T01:30:00+03:00', 'match'],
    ['the day before', '2020-06-11', '2020-06-10T21:30:00-04:00', 'match'],
    ['two days later', '2020-06-11', '2020-06-13T09:00:00Z', 'mismatch'],
    ['a year apart', '2020-06-11', '2021-06-11', 'mismatch'],
    ['a note dated to the month', '2020-06', '2020-06-30T10:00:00Z', 'match'],
    ['a note dated to another month', '2020-06', '2020-07-01T10:00:00Z', 'mismatch'],
    ['a page date in words', '2020-06-11', 'June 11, 2020', 'match'],
  ])('%s → %s', (_, cited, page, verdict) => {
    expect(checkDate(cited, page).verdict).toBe(verdict);
  });

  it.each([
    ['the note has no date', null, '2020-06-11'],
    ['the page has no date', '2020-06-11', null],
    ['the page date is unreadable', '2020-06-11', 'sometime last summer'],
  ])('is unknown when %s', (_, cited, page) => {
    expect(checkDate(cited, page)).toMatchObject({ verdict: 'unknown', score: null });
  });
});
