import type { ArchivedCheck, CheckResult } from '../types.js';

/** The archive's copy of one result: only what later runs compare or show. */
export function toArchivedCheck(result: CheckResult): ArchivedCheck {
  return {
    checkedAt: result.checkedAt,
    status: result.status,
    reason: 'reason' in result ? result.reason : null,
    httpStatus: result.httpStatus,
    finalUrl: result.finalUrl,
    expandedUrl: result.expandedUrl,
    title: result.title,
    hops: result.hops.map((hop) => ({ url: hop.url, status: hop.status })),
    error: result.error,
  };
}

/** Append a check to a history, keeping the newest `limit` entries. */
export function appendCapped(history: readonly ArchivedCheck[], entry: ArchivedCheck, limit: number): ArchivedCheck[] {
  return [...history, entry].slice(-limit);
}
