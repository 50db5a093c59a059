import type { CheckResult, Hop, Status } from '../../src/types.js';

/** A hand-built hop (tests never depend on the resolver's code). */
export function hop(url: string, status: number | null, extra: Partial<Hop> = {}): Hop {
  return { url, method: 'GET', status, location: null, ms: 10, address: '127.0.0.1', via: 'http', ...extra };
}

/** A hand-built CheckResult: a one-hop 200 page, overridden per test. */
export function checked(url: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    ...status,
    url,
    expandedUrl: null,
    finalUrl: url,
    httpStatus: 200,
    title: 'Found title',
    page: null,
    hops: [hop(url, 200)],
    error: null,
    attempts: 1,
    retries: [],
    checkedAt: '2026-11-29T07:00:00.000Z',
    ms: 10,
    ...extra,
  } as CheckResult;
}
