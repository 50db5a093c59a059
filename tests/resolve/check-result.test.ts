import { describe, expect, it } from 'vitest';
import { checkResult, type ResultFields } from '../../src/resolve/check-result.js';
import type { Status } from '../../src/types.js';

const fields: ResultFields = {
  url: 'https://example.org/a',
  expandedUrl: null,
  finalUrl: 'https://example.org/a',
  httpStatus: 404,
  title: null,
  page: null,
  hops: [],
  error: null,
  attempts: 1,
  retries: [],
  checkedAt: '2026-12-06T00:00:00.000Z',
  ms: 12,
};

describe('checkResult', () => {
  it.each<[Status, string[]]>([
    [{ status: 'ok' }, ['status']],
    [{ status: 'server_error' }, ['status']],
    [{ status: 'broken', reason: 'not_found' }, ['status', 'reason']],
    [{ status: 'blocked', reason: 'forbidden' }, ['status', 'reason']],
  ])('puts %j first, with a reason only when the status has one', (status, head) => {
    const result = checkResult(status, fields);
    expect(Object.keys(result)).toEqual([...head, ...Object.keys(fields)]);
    expect('reason' in result).toBe(head.includes('reason'));
    expect(result).toEqual({ ...status, ...fields });
  });

  it('makes a result of its own, leaving the status it was given as it was', () => {
    const status: Status = { status: 'broken', reason: 'gone' };
    const result = checkResult(status, fields);
    expect(result).not.toBe(status);
    expect(status).toEqual({ status: 'broken', reason: 'gone' });
  });
});
