import { describe, expect, it } from 'vitest';
import { findDates, inferDateOrder } from '../../src/parse/dates.js';

describe('inferDateOrder', () => {
  it.each([
    ['a day above 12 first settles day-first', '26/7/2021 and 4/8/2021', 'DMY'],
    ['a day above 12 second settles month-first', '7/26/2021 and 8/4/2021', 'MDY'],
    ['nothing settles it: day-first', '4/8/2021', 'DMY'],
    ['no numeric dates: day-first', 'July 26, 2021', 'DMY'],
    ['the majority wins', '7/26/2021, 8/27/2021, 26/7/2021', 'MDY'],
  ])('%s', (_name, text, expected) => {
    expect(inferDateOrder(text)).toBe(expected);
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
    ['13/13/2021', 'DMY', []],
    ['2,500 US forces in 2021', 'DMY', []],
    ['version 1.2.3', 'DMY', []],
  ] as const)('%s (%s)', (text, order, expected) => {
    expect(findDates(text, order).map((d) => d.iso)).toEqual(expected);
  });
});
