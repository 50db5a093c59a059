import type { Hop } from '../types.js';

/** Cut `text` to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A URL as people say it: no scheme, no lone trailing slash, cut to `max` characters. */
export function shortUrl(url: string, max = 40): string {
  return truncate(url.replace(/^https?:\/\//i, '').replace(/^([^/?#]+)\/$/, '$1'), max);
}

/** `bit.ly/37gadS6 —301→ www.state.gov/joint-statement… —200`: each hop and what it answered. */
export function hopChain(hops: readonly Hop[]): string {
  return hops
    .map((hop, i) => {
      const answer = hop.status === null ? 'no answer' : String(hop.status);
      const how = hop.via === 'meta_refresh' ? ' (meta refresh)' : '';
      const arrow = i < hops.length - 1 ? '→ ' : '';
      return `${shortUrl(hop.url)} —${answer}${how}${arrow}`;
    })
    .join('');
}
