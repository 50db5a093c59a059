import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstH1, readHead, type HeadFacts } from '../../src/resolve/head.js';

/** The oracle: the same head read as a DOM with CSS selectors (how page-meta read it before). */
function headBySelectors(head: string): HeadFacts {
  const doc = cheerio.load(head, { xml: { xmlMode: false } });
  const metas = new Map<string, string[]>();
  for (const el of doc('meta').toArray()) {
    for (const key of new Set([el.attribs['name'], el.attribs['property']])) {
      if (key !== undefined) metas.set(key.toLowerCase(), [...(metas.get(key.toLowerCase()) ?? []), el.attribs['content'] ?? '']);
    }
  }
  return {
    metas,
    jsonLd: doc('script[type="application/ld+json"]').toArray().map((el) => doc(el).text()),
    title: doc('title').first().text(),
    canonical: doc('link[rel="canonical"]').attr('href'),
  };
}

/** The oracle for the heading: parse5 on the heading's markup. */
function headingByParse5(html: string): string | null {
  const match = /<h1[\s>][\s\S]*?<\/h1\s*>/i.exec(html);
  return match === null ? null : cheerio.load(match[0], null, false).text();
}

describe('readHead', () => {
  it('reads metas by lower-cased key, JSON-LD blocks, the first title and the first canonical link', () => {
    const head = '<title>One</title><title>Two</title><meta name="Author" content="Ann"><meta name="og:title" property="og:title" content="Once"><meta name=author>' +
      '<script type="Application/LD+JSON">{"a":1}</script><script>{"b":2}</script><link rel=Canonical><link rel=canonical href=/b>';
    expect(readHead(head)).toEqual({
      metas: new Map([['author', ['Ann', '']], ['og:title', ['Once']]]),
      jsonLd: ['{"a":1}'],
      title: 'One',
      canonical: undefined,
    });
  });

  it.each([
    ['nothing', '', { metas: new Map(), jsonLd: [], title: '', canonical: undefined }],
    ['a title and a script left open', '<title>T &amp; U<script type="application/ld+json">{}', { metas: new Map(), jsonLd: [], title: 'T & U<script type="application/ld+json">{}', canonical: undefined }],
    ['a canonical link', '<link rel="canonical" href="https://x.example/a">', { metas: new Map(), jsonLd: [], title: '', canonical: 'https://x.example/a' }],
  ])('%s', (_, head, expected) => {
    expect(readHead(head)).toEqual(expected);
    expect(headBySelectors(head)).toEqual(expected);
  });

  const element = fc.constantFrom(
    '<title>A  title</title>',
    '<title>Fish &amp; chips',
    '<meta name="author" content="Ann Lee">',
    '<meta property="article:author" content="Bo">',
    '<meta name="Citation_Title" content="Cited">',
    '<meta name="x" property="X" content="both">',
    '<meta name="description">',
    '<link rel="canonical" href="https://example.org/a">',
    '<link rel="CANONICAL" href="/b">',
    '<link rel="canonical">',
    '<script type="application/ld+json">{"@graph":[{"author":{"name":"Cy"}}]}</script>',
    '<script type="APPLICATION/ld+json">[1,</script>',
    '<script>var x = "<title>no</title>";</script>',
    '<style>title { color: red }</style>',
    '<!-- <meta name="author" content="hidden"> -->',
    '<div>',
    '</div>',
    '</title>',
    ' text ',
  );

  it('any head built from the elements it looks for reads as its DOM does', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 30 }), (elements) => {
        const head = elements.join('');
        expect(readHead(head)).toEqual(headBySelectors(head));
      }),
      { numRuns: 400 },
    );
  });
});

describe('firstH1', () => {
  it.each([
    ['plain text', '<body><h1>Plain  heading</h1><h1>second</h1>', 'Plain  heading'],
    ['markup inside', '<h1 class="x">A <em>b</em></h1>', 'A b'],
    ['an entity', '<h1>Fish &amp; chips&nbsp;today</h1>', 'Fish & chips\u00A0today'],
    ['a quoted attribute holding >', '<h1 data-x="a>b">Text</h1>', 'Text'],
    ['a tag that never ends', '<h1 </h1><p>x</p>', ''],
    ['an empty heading', '<h1></h1>', ''],
    ['no heading', '<h2>Not this</h2>', null],
  ])('%s', (_, html, expected) => {
    expect(firstH1(html)).toBe(expected);
    expect(headingByParse5(html)).toBe(expected);
  });

  const part = fc.constantFrom('<h1>', '<h1 id=a>', "<h1 title='x>y'>", '<H1 class="c">', '</h1>', '</H1 >', 'Heading ', 'A &amp; B', '&notit;', '\r\n', '\0', '<b>', '</b>', '<noscript>', '</noscript>', '<script>', '</script>', '<h1');

  it('any heading reads as parse5 reads it', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 20 }), (parts) => {
        const html = parts.join('');
        expect(firstH1(html)).toBe(headingByParse5(html));
      }),
      { numRuns: 1000 },
    );
  });
});
