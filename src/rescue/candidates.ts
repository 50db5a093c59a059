import { hostIsUnder } from '../util/url.js';

/**
 * The URLs to look up in the archive for one cited link, in order: as cited, where the
 * shortener pointed, where the hop chain ended. Archives often hold the target but not the
 * bit.ly link. Fragments are dropped (archives index without them); non-web URLs are skipped.
 */
export function candidateUrls(cited: string, expandedUrl: string | null, finalUrl: string | null): string[] {
  const seen = new Set<string>();
  for (const raw of [cited, expandedUrl, finalUrl]) {
    const url = raw === null ? null : webUrl(raw);
    if (url !== null && !isWaybackLink(url)) seen.add(url);
  }
  return [...seen];
}

function webUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

/** A link that already is a Wayback snapshot needs no rescue of its own. */
function isWaybackLink(url: string): boolean {
  return new URL(url).hostname === 'web.archive.org';
}

/** archive.today and its mirror domains (Wikipedia deprecated links to them in 2026). */
const ARCHIVE_TODAY_HOSTS = ['archive.today', 'archive.is', 'archive.ph', 'archive.li', 'archive.vn', 'archive.fo', 'archive.md'];

/** True for a link into archive.today under any of its names: it needs a Wayback replacement. */
export function isArchiveTodayLink(url: string): boolean {
  return hostIsUnder(url, ARCHIVE_TODAY_HOSTS);
}
