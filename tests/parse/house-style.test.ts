import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slashDateEndingAt } from '../../src/parse/dates.js';
import { noteParts, readNote, readNoteInFull } from '../../src/parse/fields.js';
import { readHouseStyle } from '../../src/parse/house-style.js';
import { quotedAt } from '../../src/parse/quotes.js';

const HOUSE = 'Anne Gearan, “Biden Seeks to End the Era,” The Washington Post, 26/7/2021, accessed on 4/8/2021, at: https://wapo.st/3jpjNaG.';

const house = (note: string, order: 'DMY' | 'MDY' = 'DMY') => {
  const parts = noteParts(note);
  return readHouseStyle(parts.text, parts.urlSpans, order);
};

describe('readHouseStyle', () => {
  it('finds every part of a note in the house style by its place', () => {
    expect(house(HOUSE)).toEqual({
      quoted: { inner: 'Biden Seeks to End the Era,', start: 13, end: 42 },
      publisher: ' The Washington Post',
      published: '2021-07-26',
      accessed: '2021-08-04',
    });
  });

  it('reads the dates in the document\'s order', () => {
    expect(house(HOUSE.replace('26/7/2021', '7/26/2021').replace('4/8/2021', '8/4/2021'), 'MDY')).toMatchObject({
      published: '2021-07-26',
      accessed: '2021-08-04',
    });
  });

  it.each([
    ['a second URL', 'NaG.', 'NaG. https://b.org/x'],
    ['text after the URL', 'NaG.', 'NaG. p. 4'],
    ['no `, at: ` before the URL', ', at: ', ', at '],
    ['another access word', 'accessed on', 'retrieved on'],
    ['a capital Accessed', 'accessed on', 'Accessed on'],
    ['a date with dots', '26/7/2021', '26.7.2021'],
    ['a two-digit year', '4/8/2021', '4/8/21'],
    ['a three-digit day', '26/7/2021', '126/7/2021'],
    ['no calendar date', '26/7/2021', '31/2/2021'],
    ['a digit in the publisher', 'The Washington Post', 'Post 2'],
    ['a comma in the publisher', 'The Washington Post', 'Post, Washington'],
    ['a parenthesis in the publisher', 'The Washington Post', 'Post (Washington)'],
    ['a month-like word in the publisher', 'The Washington Post', 'Marine Times'],
    ['no quotation', '“Biden Seeks to End the Era,”', 'Biden Seeks to End the Era,'],
    ['a quotation never closed', 'Era,”', 'Era,'],
  ])('leaves a note with %s to the general reading', (_name, written, instead) => {
    expect(house(HOUSE)).not.toBeNull();
    expect(house(HOUSE.replace(written, instead))).toBeNull();
  });
});

describe('readNote', () => {
  it('reads a house-style note as the general reading does', () => {
    expect(readNote(HOUSE, 'DMY')).toEqual(readNoteInFull(noteParts(HOUSE), 'DMY'));
    expect(readNote(HOUSE, 'DMY')).toMatchObject({
      form: 'full',
      fields: { authors: ['Anne Gearan'], title: 'Biden Seeks to End the Era', publisher: 'The Washington Post', published: '2021-07-26', accessed: '2021-08-04', pages: null },
    });
  });

  it('reads any note near the house style as the general reading does', () => {
    const choice = (usual: readonly string[], odd: readonly string[]) => fc.oneof({ arbitrary: fc.constantFrom(...usual), weight: 4 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
    const note = fc
      .tuple(
        choice(['Anne Gearan, ', 'Qassim Abdul-Zahra & Samya Kullab, ', ''], ['Ibid., ', 'ibidem ', 'op. cit., ', 'المرجع نفسه ', 'A "B" C, ', ' ']),
        choice(['“Joint Statement,”', '“Title”', '“A, B and 2021,”'], ['"Straight,"', '„Low“', '«Guillemet»', '“Unclosed', '“”']),
        choice([' U.S. Department of State', ' Reuters', ' Co.', ' Al-Monitor'], ['', ' online', ' at: X', ' Op Cit Press', ' op. cit', ' March', ' Press 2', ' A, B', ' X (Y)', ' p. 4', ', Reuters']),
        choice([', 26/7/2021', ', 7/26/2021', ', 29/2/2020'], [', 31/2/2021', ', 1/2/98', ', 26.7.2021', ' 26/7/2021', ', July 26, 2021', ', 2021-07-26']),
        choice([', accessed on 4/8/2021'], [', accessed 4/8/2021', ', Accessed on 4/8/2021', ', accessed on: 4/8/2021', ', accessed on 31/4/2021']),
        choice([', at: '], [', at ', ', available at: ', ', ']),
        choice(['https://bit.ly/37gadS6', 'https://a.org/x.', 'http://a.org/x)'], ['https://', 'https://a.org/x https://b.org/y', 'https://a.org/x p. 4']),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(note, fc.constantFrom('DMY' as const, 'MDY' as const), (text, order) => {
        expect(readNote(text, order)).toEqual(readNoteInFull(noteParts(text), order));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('slashDateEndingAt', () => {
  it.each([
    ['on 26/7/2021', 'DMY', { start: 3, iso: '2021-07-26' }],
    ['on 26/7/2021', 'MDY', null],
    ['on 7/26/2021', 'MDY', { start: 3, iso: '2021-07-26' }],
    ['on 04/08/2021', 'DMY', { start: 3, iso: '2021-08-04' }],
    ['on 126/7/2021', 'DMY', null],
    ['on 26/700/2021', 'DMY', null],
    ['on 26/7/12021', 'DMY', null],
    ['on 26.7.2021', 'DMY', null],
    ['on,26/7/2021', 'DMY', null],
    ['26/7/2021', 'DMY', null],
    ['on 31/2/2021', 'DMY', null],
    ['on 29/2/2020', 'DMY', { start: 3, iso: '2020-02-29' }],
  ] as const)('%s (%s)', (text, order, expected) => {
    expect(slashDateEndingAt(text, text.length, order)).toEqual(expected);
  });
});

describe('quotedAt', () => {
  it.each([
    ['a “b” c', 0, 9, { inner: 'b', start: 2, end: 5 }],
    ['a “b” c', 3, 9, null],
    ['a “b” c', 0, 4, null],
    ['a “b" c', 0, 9, { inner: 'b', start: 2, end: 5 }],
    ['a „b“ c', 0, 9, { inner: 'b', start: 2, end: 5 }],
    ['a «b” c»', 0, 8, { inner: 'b” c', start: 2, end: 8 }],
    ['no marks', 0, 8, null],
  ] as const)('%s from %i to %i', (text, from, end, expected) => {
    expect(quotedAt(text, from, end)).toEqual(expected);
  });
});
