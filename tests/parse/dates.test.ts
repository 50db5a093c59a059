import { describe, expect, it } from 'vitest';
import { findDates, inferDateOrder } from '../../src/parse/dates.js';
import { urlSpans } from '../../src/parse/notes.js';

/** Texts as parseDocument hands them over: with the spans of their URLs. */
const dated = (texts: readonly string[]) => texts.map((text) => ({ text, urlSpans: urlSpans(text) }));

describe('inferDateOrder', () => {
  it.each([
    ['a day above 12 first settles day-first', '26/7/2021 and 4/8/2021', 'DMY'],
    ['a day above 12 second settles month-first', '7/26/2021 and 8/4/2021', 'MDY'],
    ['nothing settles it: day-first', '4/8/2021', 'DMY'],
    ['no numeric dates: day-first', 'July 26, 2021', 'DMY'],
    ['the majority wins', '7/26/2021, 8/27/2021, 26/7/2021', 'MDY'],
    ['a date inside a URL does not vote', 'https://a.org/?d=26-7-2021 7/26/2021', 'MDY'],
    ['dates inside URLs do not vote, day-first', 'https://a.org/?d=7-26-2021 https://b.org/?d=7-27-2021 26/7/2021', 'DMY'],
    ['a date after a URL votes', 'https://a.org/x 7/26/2021 https://b.org/?d=26-7-2021', 'MDY'],
    ['a date before a URL votes', '7/26/2021https://a.org/?d=26-7-2021', 'MDY'],
  ])('%s', (_name, text, expected) => {
    expect(inferDateOrder(dated([text]))).toBe(expected);
    // Without spans given, it finds them itself where a date may be in a URL.
    expect(inferDateOrder([{ text }])).toBe(expected);
  });

  it.each([
    ['votes add up across notes', ['7/26/2021', '8/27/2021', '26/7/2021'], 'MDY'],
    ['votes add up across notes, day-first', ['26/7/2021', '27/8/2021', '7/26/2021'], 'DMY'],
    ['a date never runs from one note into the next', ['1/2/', '13/2021'], 'DMY'],
    ['no notes: day-first', [], 'DMY'],
  ] as const)('%s', (_name, texts, expected) => {
    expect(inferDateOrder(dated(texts))).toBe(expected);
  });
});

describe('findDates', () => {
  it.each([
    ['26/7/2021', 'DMY', ['2021-07-26']],
    ['4/8/2021', 'DMY', ['2021-08-04']],
    ['4/8/2021', 'MDY', ['2021-04-08']],
    ['26.07.2021', 'DMY', ['2021-07-26']],
    ['26-7-21', 'DMY', ['2021-07-26']],
    ['2021-07-26', 'MDY', ['2021-07-26']],
    ['26 July 2021', 'MDY', ['2021-07-26']],
    ['04 August, 2021', 'DMY', ['2021-08-04']],
    ['July 26, 2021', 'DMY', ['2021-07-26']],
    ['Jul. 26th 2021', 'DMY', ['2021-07-26']],
    ['July 2021', 'DMY', ['2021-07']],
    ['26/7/2021, accessed on 4/8/2021', 'DMY', ['2021-07-26', '2021-08-04']],
    ['31/2/2021', 'DMY', []],
    ['29/2/2020', 'DMY', ['2020-02-29']],
    ['29/2/2021', 'DMY', []],
    ['29/2/2000', 'DMY', ['2000-02-29']],
    ['29/2/1900', 'DMY', []],
    ['31/4/2021', 'DMY', []],
    ['31/12/2021', 'DMY', ['2021-12-31']],
    ['13/13/2021', 'DMY', []],
    ['2,500 US forces in 2021', 'DMY', []],
    ['version 1.2.3', 'DMY', []],
  ] as const)('%s (%s)', (text, order, expected) => {
    expect(findDates(text, order).map((d) => d.iso)).toEqual(expected);
  });
});
