import { checkResult } from '../resolve/check-result.js';
import type { ArchivedCheck, CheckResult, Status } from '../types.js';

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

/**
 * A result rebuilt from the archive, for `--resume`: the status, its reason and where the
 * chain went are kept; page metadata and retry details are not (the report shows less for
 * such a URL, and says it was not fetched again).
 */
export function fromArchivedCheck(url: string, entry: ArchivedCheck): CheckResult {
  // `ok` has no reason at all: a `reason: undefined` key would read as one ('reason' in result).
  const status = (entry.reason === null ? { status: entry.status } : { status: entry.status, reason: entry.reason }) as Status;
  return checkResult(status, {
    url,
    expandedUrl: entry.expandedUrl,
    finalUrl: entry.finalUrl,
    httpStatus: entry.httpStatus,
    title: entry.title,
    page: null,
    hops: entry.hops.map((hop) => ({ url: hop.url, status: hop.status, method: 'GET', location: null, ms: 0, address: null, via: 'http' })),
    error: entry.error,
    attempts: 0,
    retries: [],
    checkedAt: entry.checkedAt,
    ms: 0,
  });
}
