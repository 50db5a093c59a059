import { getDomain } from 'tldts';
import type { Hop } from '../types.js';
import { isKnownShortener, SHORTENERS } from './shortener-list.js';

/** The shape of a short link: one short path segment, no query. */
const SHORT_PATH = /^\/[A-Za-z0-9_-]{1,12}\/?$/;

/**
 * The pattern rule: a short path answering 301/302 (or 307/308) to another registrable
 * domain behaves as a shortener even if it is not on the list.
 */
export function looksLikeShortenerHop(hop: Hop, target: string): boolean {
  if (hop.status === null || ![301, 302, 303, 307, 308].includes(hop.status)) return false;
  let from: URL;
  let to: URL;
  try {
    from = new URL(hop.url);
    to = new URL(target);
  } catch {
    return false;
  }
  if (!SHORT_PATH.test(from.pathname) || from.search !== '') return false;
  const a = getDomain(from.hostname) ?? from.hostname;
  const b = getDomain(to.hostname) ?? to.hostname;
  return a !== b;
}

/**
 * Where the shortener(s) pointed: the first URL after the leading run of shortener hops.
 * Null when the chain does not start with a shortener.
 */
export function expandedUrl(hops: readonly Hop[], list: readonly string[] = SHORTENERS): string | null {
  let expanded: string | null = null;
  for (const hop of hops) {
    const target = hopTarget(hop);
    if (target === null) break;
    const shortener = isKnownShortener(hop.url, list) || looksLikeShortenerHop(hop, target);
    if (!shortener) break;
    expanded = target;
  }
  return expanded;
}

/** The absolute URL a redirect hop points to, or null. */
function hopTarget(hop: Hop): string | null {
  if (hop.location === null) return null;
  try {
    return new URL(hop.location, hop.url).href;
  } catch {
    return null;
  }
}
