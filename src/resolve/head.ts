/**
 * Reading a page's head and first heading without building a tree: the resolver does this for
 * every page it reaches, so it must stay cheap.
 */
import { createRequire } from 'node:module';
import { Parser } from 'htmlparser2';

const require = createRequire(import.meta.url);
/**
 * Loaded on first use: most headings are plain text and never need it, and loading cheerio
 * cost about 0.1 s before every run's first request.
 */
let cheerio: typeof import('cheerio') | null = null;

/** What the head holds for us, gathered in one streaming pass (no tree). */
export interface HeadFacts {
  /** Every `<meta name|property=… content=…>`, by lower-cased key, in page order. */
  metas: Map<string, string[]>;
  /** Text of each `<script type="application/ld+json">`. */
  jsonLd: string[];
  /** Text of the first `<title>`; "" when there is none. */
  title: string;
  /** href of the first `<link rel="canonical">`, if that link has one. */
  canonical: string | undefined;
}

/**
 * htmlparser2's streaming parser rather than a DOM: a head needs no tree repair, and skipping
 * the tree and the selector engine makes this the cheap part of reading a page. Attribute
 * values compare as CSS selectors on HTML do: `type` and `rel` without regard to case.
 */
export function readHead(head: string): HeadFacts {
  const facts: HeadFacts = { metas: new Map(), jsonLd: [], title: '', canonical: undefined };
  let collecting: 'title' | 'json-ld' | null = null;
  let text = '';
  let seenTitle = false;
  let seenCanonical = false;
  let depth = 0;
  let collectDepth = 0;
  const parser = new Parser({
    onopentag(name, attributes) {
      depth += 1;
      if (name === 'meta') {
        const content = attributes['content'] ?? '';
        for (const key of new Set([attributes['name'], attributes['property']])) {
          if (key === undefined) continue;
          const lower = key.toLowerCase();
          const list = facts.metas.get(lower);
          if (list) list.push(content);
          else facts.metas.set(lower, [content]);
        }
      } else if (name === 'link' && !seenCanonical && attributes['rel']?.toLowerCase() === 'canonical') {
        seenCanonical = true;
        facts.canonical = attributes['href'];
      }
      if (collecting !== null) return;
      if (name === 'title' && !seenTitle) {
        seenTitle = true;
        collecting = 'title';
      } else if (name === 'script' && attributes['type']?.toLowerCase() === 'application/ld+json') {
        collecting = 'json-ld';
      } else return;
      collectDepth = depth;
      text = '';
    },
    ontext(data) {
      if (collecting !== null) text += data;
    },
    onclosetag() {
      if (collecting !== null && depth === collectDepth) {
        if (collecting === 'title') facts.title = text;
        else facts.jsonLd.push(text);
        collecting = null;
      }
      depth -= 1;
    },
  });
  parser.end(head);
  return facts;
}

/** An `<h1 …>` opening tag without quotes, so its first `>` is where it ends. */
const PLAIN_H1_OPEN = /^<h1[^>"']*>/i;

/** Text of the page's first `<h1>`, as parse5 reads it, or null when there is none. */
export function firstH1(html: string): string | null {
  const match = /<h1[\s>][\s\S]*?<\/h1\s*>/i.exec(html);
  if (match === null) return null;
  // A heading of plain characters (no markup, entity, CR or NUL) is its own text: the parser
  // would hand back those very characters, so it is spared for most pages.
  const open = PLAIN_H1_OPEN.exec(match[0])?.[0].length ?? Infinity;
  const close = match[0].search(/<\/h1\s*>$/i);
  const inner = open <= close ? match[0].slice(open, close) : null;
  if (inner !== null && !/[<&\r\0]/.test(inner)) return inner;
  cheerio ??= require('cheerio') as typeof import('cheerio');
  return cheerio.load(match[0], null, false).text();
}
