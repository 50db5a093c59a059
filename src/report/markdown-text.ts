/**
 * Markdown escaping for text that came from the web or a document (titles, errors, URLs):
 * it must render as itself on GitHub and still read plainly as text.
 */

/**
 * Backslash-escape what CommonMark/GFM would turn into formatting, links, HTML or table cells,
 * and what GitHub adds on top: `$…$` math, `@name` mentions and `#123` issue links (a report
 * posted as an issue must not ping strangers).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~$]/g, '\\$&')
    .replace(/[@#](?=\w)/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^([#+\-=!]|\d+\.)/, '\\$1');
}

/** A link destination that neither ends the link nor the table cell early. */
function escapeDestination(url: string): string {
  return url.replace(/[\s()<>|\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function link(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${escapeDestination(url)})`;
}

/** Inline code that holds any text, backticks included (CommonMark: a longer fence). */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
