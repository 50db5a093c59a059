import { describe, expect, it } from 'vitest';
import { accessBound, closestCapture, parseCdxJson, timestampToIso, type Capture } from '../../src/rescue/capture.js';

function cap(timestamp: string, statuscode = '200'): Capture {
  return { timestamp, original: 'https://example.org/a', statuscode, mimetype: 'text/html' };
}

describe('closestCapture', () => {
  it.each<[string, Capture[], string | null, string | null]>([
    [
      'closest-before chosen over closer-after',
      [cap('20190101000000'), cap('20190301000000'), cap('20190316000000')],
      '2019-03-15',
      '20190301000000',
    ],
    ['the latest before, not the earliest', [cap('20180101000000'), cap('20190310000000')], '2019-03-15', '20190310000000'],
    ['a capture later on the access day counts as before', [cap('20190315235900'), cap('20190316000100')], '2019-03-15', '20190315235900'],
    ['nothing before: the first after', [cap('20200101000000'), cap('20190401000000')], '2019-03-15', '20190401000000'],
    ['only 200 captures: a closer redirect is skipped', [cap('20190201000000'), cap('20190314000000', '302')], '2019-03-15', '20190201000000'],
    ['only 200 captures: errors and revisits are never chosen', [cap('20190314000000', '404'), cap('20190314000001', '-')], '2019-03-15', null],
    ['no access date: the latest', [cap('20190101000000'), cap('20210101000000'), cap('20220101000000', '500')], null, '20210101000000'],
    ['a malformed timestamp is ignored', [cap('2019'), cap('20190101000000')], '2019-03-15', '20190101000000'],
    ['no captures', [], '2019-03-15', null],
    ['a month-only access date: the last capture of that month', [cap('20190331120000'), cap('20190401000000')], '2019-03', '20190331120000'],
    ['an unreadable access date: the latest', [cap('20190101000000'), cap('20210101000000')], 'last spring', '20210101000000'],
  ])('%s', (_name, captures, accessed, expected) => {
    expect(closestCapture(captures, accessed)?.timestamp ?? null).toBe(expected);
  });
});

describe('parseCdxJson', () => {
  it('reads fields by the header row, whatever their order', () => {
    const json = [
      ['original', 'statuscode', 'timestamp', 'mimetype'],
      ['http://example.org/', '200', '20190101000000', 'text/html'],
    ];
    expect(parseCdxJson(json)).toEqual([
      { timestamp: '20190101000000', original: 'http://example.org/', statuscode: '200', mimetype: 'text/html' },
    ]);
  });

  it.each<[string, unknown]>([
    ['an empty answer', []],
    ['an object', {}],
    ['a header without timestamp', [['original'], ['http://example.org/']]],
    ['null', null],
  ])('reads %s as no captures', (_name, json) => {
    expect(parseCdxJson(json)).toEqual([]);
  });

  it('skips rows that are not lists of strings (the resume-key separator)', () => {
    const json = [['timestamp', 'original'], ['20190101000000', 'http://example.org/'], [], [3]];
    expect(parseCdxJson(json).map((c) => c.timestamp)).toEqual(['20190101000000']);
  });
});

describe('timestampToIso', () => {
  it('turns a Wayback timestamp into an ISO date-time', () => {
    expect(timestampToIso('20190304121502')).toBe('2019-03-04T12:15:02Z');
  });
});

describe('accessBound', () => {
  it.each<[string, string | null]>([
    ['2019-03-15', '20190315235959'],
    ['2019-03-15T08:00:00Z', '20190315235959'],
    ['2019-02', '20190228235959'],
    ['2020-02', '20200229235959'],
    ['2019', '20191231235959'],
    ['15/03/2019', null],
  ])('%s → %s', (accessed, expected) => {
    expect(accessBound(accessed)).toBe(expected);
  });
});
