/**
 * A model client that replays the farm's answers (plan.mjs) for one URL the way a polite
 * checker must: GET every hop, follow every redirect, retry 429/5xx up to `tries` in total,
 * never sooner than Retry-After. It yields the status citecheck should report and the requests
 * the URL costs each host, which is what the lower bound is computed from.
 */
import { answer, DEFAULT_TRIES } from './plan.mjs';

/** @typedef {'ok'|'redirected'|'broken'|'blocked'|'server_error'|'timeout'} StatusWord */

/**
 * @typedef {object} PlannedRequest
 * @property {number} host
 * @property {number} latencyMs
 * @property {number} retryAfterMs pause the answer imposes before the retry that follows it (0: none)
 */

const MAX_HOPS = 10;

/** @param {number} status */
function retryable(status) {
  return status === 408 || status === 429 || (status >= 500 && status < 600 && status !== 501 && status !== 505);
}

/** @param {number} status @returns {StatusWord} */
function wordFor(status) {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404 || status === 410) return 'broken';
  if (status === 401 || status === 403 || status === 429) return 'blocked';
  if (status >= 500) return 'server_error';
  return 'broken';
}

/** Host, port and path without a trailing slash: the same comparison citecheck uses for "moved". */
function comparable(url) {
  const u = new URL(url);
  return `${u.hostname.replace(/^www\./, '')}${u.port === '' ? '' : `:${u.port}`}${u.pathname.replace(/\/+$/, '')}${u.search}`;
}

/**
 * @param {import('./plan.mjs').Layout & { hostOf: (origin: string) => number }} layout
 * @param {string} url
 * @param {{ tries?: number, asked?: Map<string, number> }} [options] `asked` counts earlier requests per host+path
 * @returns {{ status: StatusWord, finalUrl: string, expandedUrl: string | null, requests: PlannedRequest[] }}
 */
export function replay(layout, url, options = {}) {
  const tries = options.tries ?? DEFAULT_TRIES;
  const asked = options.asked ?? new Map();
  /** @type {PlannedRequest[]} */
  const requests = [];
  let current = url;
  let expandedUrl = null;
  let leadingShorteners = true;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const u = new URL(current);
    const host = layout.hostOf(u.origin);
    const key = `${host} ${u.pathname}`;
    let last;
    for (let attempt = 1; ; attempt += 1) {
      const previous = asked.get(key) ?? 0;
      asked.set(key, previous + 1);
      last = answer(layout, host, u.pathname, previous);
      const again = retryable(last.status) && attempt < tries;
      const retryAfter = again && last.headers['retry-after'] !== undefined ? Number(last.headers['retry-after']) * 1000 : 0;
      requests.push({ host, latencyMs: last.delayMs, retryAfterMs: retryAfter });
      if (!again) break;
    }
    if (last.location !== null) {
      if (leadingShorteners && host < layout.shorteners) expandedUrl = last.location;
      else leadingShorteners = false;
      current = last.location;
      continue;
    }
    let status = wordFor(last.status);
    if (status === 'ok' && comparable(expandedUrl ?? url) !== comparable(current)) status = 'redirected';
    return { status, finalUrl: current, expandedUrl, requests };
  }
  return { status: 'broken', finalUrl: current, expandedUrl, requests };
}
