/**
 * Markdown escaping for text that came from the web or a document (titles, errors, URLs):
 * it must render as itself on GitHub and still read plainly as text.
 */

/**
 * Backslash-escape what CommonMark/GFM would turn into formatting, links, HTML or table cells,
 * and what GitHub adds on top: `$…$` math, `@name` mentions and `#123` issue links (a report
 * posted as an issue must not ping strangers).
 */
function escapeText(text: string, atLineStart: boolean): string {
  const escaped = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~$]/g, '\\$&')
    .replace(/[@#](?=\w)/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // A line that starts like a heading, list item or rule would become one.
  return atLineStart ? escaped.replace(/^[#+\-=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2') : escaped;
}

// GFM turns a bare web address into a link but ignores backslash escapes inside it, so an
// escaped `_` would show (and link) as `\_`. Bare addresses become explicit links instead.
// Trailing punctuation stays outside the address, as GFM's own autolinks do.
const WEB_ADDRESS = /(?:https?:\/\/|www\.)\S*[^\s.,:;!?'")\]*_~]/gi;

export function escapeMarkdown(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  let out = '';
  let from = 0;
  for (const match of flat.matchAll(WEB_ADDRESS)) {
    // `!` right before a link would make it an image.
    out += escapeText(flat.slice(from, match.index), from === 0).replace(/!$/, '\\!');
    const address = match[0];
    out += link(address, /^www\./i.test(address) ? `https://${address}` : address);
    from = match.index + address.length;
  }
  return out + escapeText(flat.slice(from), from === 0);
}

/** A link destination that neither ends the link nor the table cell early. */
function escapeDestination(url: string): string {
  return url.replace(/[\s()<>|\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function link(text: string, url: string): string {
  return `[${escapeText(text, false)}](${escapeDestination(url)})`;
}

/** Inline code that holds any text, backticks included (CommonMark: a longer fence). */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
