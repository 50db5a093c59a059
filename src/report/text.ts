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

/**
 * `lines.join('\n').trimEnd() + '\n'`, made as lines come: whitespace at the very end is
 * only known to be the end once the lines run out, so each line is held until a line with
 * text follows it. A 100,000-note report is written without ever being one string.
 * `continuing`: the lines go on from text already written (a newline before the first).
 */
export function* joinedLines(lines: Iterable<string>, continuing = false): Generator<string> {
  let held: string[] = [];
  let started = continuing;
  for (const line of lines) {
    if (/\S/.test(line) && held.length > 0) {
      for (const kept of held) {
        yield started ? `\n${kept}` : kept;
        started = true;
      }
      held = [];
    }
    held.push(line);
  }
  const last = held.length > 0 && /\S/.test(held[0] as string) ? (held[0] as string).trimEnd() : '';
  if (last !== '') yield started ? `\n${last}` : last;
  yield '\n';
}
