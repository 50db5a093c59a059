import type { CheckResult, Status } from '../../src/types.js';

/** A hand-built CheckResult: defaults for an `ok` page, overridden per test. */
export function result(url: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    ...status,
    url,
    expandedUrl: null,
    finalUrl: url,
    httpStatus: status.status === 'ok' ? 200 : null,
    title: 'A page',
    page: null,
    hops: [{ url, method: 'GET', status: 200, location: null, ms: 12, address: '127.0.0.1', via: 'http' }],
    error: null,
    attempts: 1,
    retries: [],
    checkedAt: '2026-11-29T07:00:00.000Z',
    ms: 12,
    ...extra,
  } as CheckResult;
}
