/**
 * The cheerio reading of a page that src/verify/main-text.ts replaced with one streaming pass,
 * kept here as the oracle the streaming reader must agree with: same DOM semantics, written
 * with selectors.
 */
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { PageText } from '../../src/verify/main-text.js';

/**
 * Page furniture that is never the cited text. Not `form`: ASP.NET sites (many government
 * ones) wrap the whole page in one.
 */
const NOISE =
  'script, style, noscript, template, svg, iframe, nav, footer, aside, header, title, ' +
  '[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [hidden]';

/** Elements that end a line of text: without the break, "<p>a</p><p>b</p>" reads "ab". */
const BLOCK = new Set(
  'address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section table td th tr ul'.split(
    ' ',
  ),
);

/** Text of the nodes with a line break at each block boundary; source line breaks are kept too. */
function textOf(nodes: readonly AnyNode[]): string {
  const parts: string[] = [];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      parts.push(node.data);
      return;
    }
    if (node.type === 'root') {
      for (const child of node.children) walk(child);
      return;
    }
    if (node.type !== 'tag') return;
    const block = BLOCK.has(node.name);
    if (block) parts.push('\n');
    for (const child of node.children) walk(child);
    if (block) parts.push('\n');
  };
  for (const node of nodes) walk(node);
  return parts
    .join('')
    .replace(/[ \t\f\v\u00A0]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}

/**
 * The element holding most paragraph text, Readability's core idea reduced to one pass:
 * each <p> credits its parent with its length, and the best-credited parent wins.
 */
function densestBlock($: cheerio.CheerioAPI): AnyNode | null {
  const credit = new Map<AnyNode, number>();
  $('p').each((_, paragraph) => {
    const parent = paragraph.parent;
    if (!parent) return;
    credit.set(parent, (credit.get(parent) ?? 0) + $(paragraph).text().trim().length);
  });
  let best: AnyNode | null = null;
  let bestCredit = 0;
  for (const [node, value] of credit) {
    if (value > bestCredit) {
      best = node;
      bestCredit = value;
    }
  }
  return best;
}

/** Where pages name their authors outside the metadata the resolver reads. */
const BYLINE = '.byline, [rel=author], [itemprop=author], [class*=author], [class*=byline]';

/**
 * Shorter than this, an `<article>` is a teaser card (a related story), not the page's
 * content: the densest block decides instead.
 */
const MIN_ARTICLE_CHARS = 200;

/**
 * The page's main text: furniture removed, then the article (the longest if several),
 * `<main>` or `[role=main]`, else the densest block of paragraphs, else the whole body,
 * or the whole document when it has no `<body>`.
 */
function mainTextOf($: cheerio.CheerioAPI): string {
  $(NOISE).remove();
  for (const selector of ['article', 'main, [role=main]']) {
    const texts = $(selector)
      .toArray()
      .map((node) => textOf([node]))
      .sort((a, b) => b.length - a.length);
    const longest = texts[0];
    if (longest !== undefined && longest.length >= MIN_ARTICLE_CHARS) return longest;
  }
  const dense = densestBlock($);
  if (dense) return textOf([dense]);
  return textOf($('body').length > 0 ? $('body').toArray() : $.root().toArray());
}

export function referenceReadPage(html: string): PageText {
  const $ = cheerio.load(html, { xml: { xmlMode: false } });
  const title = $('title').first().text().replace(/\s+/g, ' ').trim();
  const byline = [
    ...$('meta[name=author], meta[property="article:author"]')
      .toArray()
      .map((node) => $(node).attr('content') ?? ''),
    ...$(BYLINE)
      .toArray()
      .map((node) => $(node).text()),
  ]
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: mainTextOf($), byline, title: title === '' ? null : title };
}

