import { getDomain } from 'tldts';
import type { Hop } from '../types.js';

/** Link shorteners seen in news and policy citations. Add to it when a new one turns up. */
export const SHORTENERS: readonly string[] = [
  'bit.ly', 'j.mp', 'bitly.com', 'wapo.st', 'nyti.ms', 'reut.rs', 't.co', 'goo.gl', 'ow.ly',
  'tinyurl.com', 'buff.ly', 'trib.al', 'dlvr.it', 'fb.me', 'lnkd.in', 'is.gd', 'v.gd', 'tiny.cc',
  'rebrand.ly', 'shorturl.at', 'cutt.ly', 'bl.ink', 'youtu.be', 'amzn.to', 'on.ft.com',
  'econ.st', 'bbc.in', 'cnn.it', 'apne.ws', 'politi.co', 'hill.cm', 'wp.me', 'ift.tt',
  'aje.io', 'aje.me', 'trt.world', 'fxn.ws', 'nbcnews.to', 'bloom.bg', 'gu.com',
  'ti.me', 'usat.ly', 'abcn.ws', 'cbsn.ws', 'n.pr', 'lat.ms', 'chn.ge', 's.id',
];

/** True when the URL's host is on the list (or a subdomain of a listed host). */
export function isKnownShortener(url: string, list: readonly string[] = SHORTENERS): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return list.some((entry) => host === entry || host.endsWith(`.${entry}`));
}

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
