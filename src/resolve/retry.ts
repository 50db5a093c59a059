import type { HopOutcome } from './fetch-hop.js';

/** First backoff step; doubles each retry, plus up to one step of random jitter. */
const BACKOFF_BASE_MS = 1000;

const RETRYABLE_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** Timeouts, resets, 408, 429 and 5xx may pass; 501/505 say "never", so they do not retry. */
export function isRetryable(outcome: HopOutcome): boolean {
  if (outcome.error !== null) {
    return (outcome.error.code !== null && RETRYABLE_CODES.has(outcome.error.code)) || outcome.error.name === 'TimeoutError';
  }
  const status = outcome.response?.status ?? 0;
  if (status === 408 || status === 429) return true;
  return status >= 500 && status < 600 && status !== 501 && status !== 505;
}

/** Exponential backoff with jitter: retry n (1-based) waits base·2^(n-1) + random·base. */
export function backoffMs(retry: number, random: () => number): number {
  return BACKOFF_BASE_MS * 2 ** (retry - 1) + Math.round(random() * BACKOFF_BASE_MS);
}

/**
 * RFC 9110 §10.2.3: Retry-After is either delay-seconds or an HTTP-date. Returns the wait
 * in ms from `now` (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** What a retry line names: the status, or the error code. */
export function failureLabel(outcome: HopOutcome): string {
  if (outcome.response !== null) return String(outcome.response.status);
  return outcome.error?.code ?? outcome.error?.name ?? 'error';
}
