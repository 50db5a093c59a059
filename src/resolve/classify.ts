import type { Hop, Status } from '../types.js';
import { PRIVATE_ADDRESS_CODE } from './address-guard.js';
import { isKnownShortener } from './shortener-list.js';
import { isTlsFailure } from './tls.js';

/** How a chain of hops ended, as the hop loop saw it. */
export type ChainEnd =
  | { kind: 'response'; headers: Record<string, string> }
  /** `afterHeaders`: the response had begun (its body failed), so a deadline hit the body. */
  | { kind: 'error'; code: string | null; name: string | null; afterHeaders?: boolean }
  | { kind: 'loop' }
  | { kind: 'too_many_hops' }
  | { kind: 'bad_redirect' }
  | { kind: 'rate_limited' };

/** Maps an undici or Node error (by code, then by name) to a status. */
export function classifyError(code: string | null, name: string | null): Status {
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { status: 'timeout', reason: 'connect' };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { status: 'timeout', reason: 'headers' };
    case 'UND_ERR_BODY_TIMEOUT':
      return { status: 'timeout', reason: 'body' };
    case 'ENOTFOUND':
      return { status: 'broken', reason: 'dns_nxdomain' };
    case 'EAI_AGAIN':
      return { status: 'network_error', reason: 'dns_unavailable' };
    case PRIVATE_ADDRESS_CODE:
      return { status: 'unsupported', reason: 'private_address' };
    case 'ECONNREFUSED':
      return { status: 'network_error', reason: 'connection_refused' };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { status: 'network_error', reason: 'connection_reset' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return { status: 'network_error', reason: 'host_unreachable' };
    case 'UND_ERR_HEADERS_OVERFLOW':
      return { status: 'network_error', reason: 'headers_too_large' };
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR__ERROR_FORMAT_PADDING_1':
      return { status: 'network_error', reason: 'decoding_failed' };
    default:
      break;
  }
  if (code !== null && isTlsFailure(code)) return { status: 'network_error', reason: 'tls_certificate' };
  if (code !== null && code.startsWith('ERR_BROTLI')) return { status: 'network_error', reason: 'decoding_failed' };
  if (name === 'TimeoutError') return { status: 'timeout', reason: 'total' };
  return { status: 'network_error', reason: 'other' };
}

/** From the last response's status and headers, ignoring redirects (the hop loop handles those). */
export function classifyResponse(status: number, headers: Record<string, string>, url: string, shorteners: readonly string[]): Status {
  if (headers['cf-mitigated']?.toLowerCase() === 'challenge') return { status: 'blocked', reason: 'bot_challenge' };
  if (status >= 200 && status < 300) return { status: 'ok' };
  if (status === 404 && isKnownShortener(url, shorteners)) return { status: 'broken', reason: 'shortener_not_found' };
  if (status === 404) return { status: 'broken', reason: 'not_found' };
  if (status === 410) return { status: 'broken', reason: 'gone' };
  if (status === 401) return { status: 'blocked', reason: 'unauthorized' };
  if (status === 403) return { status: 'blocked', reason: 'forbidden' };
  if (status === 429) return { status: 'blocked', reason: 'rate_limited' };
  if (status === 999) return { status: 'blocked', reason: 'nonstandard_999' };
  // 408: the server gave up waiting for us; after retries that is a timeout, not a dead link.
  if (status === 408) return { status: 'timeout', reason: 'total' };
  if (status >= 500 && status < 600) return { status: 'server_error' };
  if (status >= 300 && status < 400) return { status: 'broken', reason: 'bad_redirect' };
  return { status: 'broken', reason: 'client_error' };
}

/** One status for a whole chain: how it ended, and whether the page moved after the shortener. */
export function classifyChain(
  end: ChainEnd,
  hops: readonly Hop[],
  expanded: string | null,
  url: string,
  shorteners: readonly string[],
): Status {
  switch (end.kind) {
    case 'error': {
      const status = classifyError(end.code, end.name);
      return end.afterHeaders === true && status.status === 'timeout' && status.reason === 'total' ? { status: 'timeout', reason: 'body' } : status;
    }
    case 'loop':
      return { status: 'broken', reason: 'redirect_loop' };
    case 'too_many_hops':
      return { status: 'broken', reason: 'too_many_redirects' };
    case 'bad_redirect':
      return { status: 'broken', reason: 'bad_redirect' };
    case 'rate_limited':
      return { status: 'blocked', reason: 'rate_limited' };
    case 'response': {
      const last = hops.at(-1);
      if (last === undefined || last.status === null) return { status: 'network_error', reason: 'other' };
      const status = classifyResponse(last.status, end.headers, last.url, shorteners);
      if (status.status === 'ok' && movedBeyondCosmetics(expanded ?? url, last.url)) return { status: 'redirected' };
      return status;
    }
  }
}

/**
 * True when two URLs differ in more than scheme, a leading `www.` or a trailing slash
 * (those are housekeeping redirects, not a page that moved).
 */
export function movedBeyondCosmetics(from: string, to: string): boolean {
  return normaliseForComparison(from) !== normaliseForComparison(to);
}

function normaliseForComparison(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const port = u.port === '' ? '' : `:${u.port}`;
    const path = u.pathname.replace(/\/+$/, '');
    return `${host}${port}${path}${u.search}`;
  } catch {
    return url;
  }
}
