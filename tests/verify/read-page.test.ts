import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapsedText, readPage, trimmedLength } from '../../src/verify/main-text.js';
import { referenceReadPage } from './reference-read-page.js';

const fixtureDirs = ['./fixtures/', '../resolve/fixtures/', '../pipeline/fixtures/'];
const fixtures = fixtureDirs.flatMap((dir) => {
  const url = new URL(dir, import.meta.url);
  let names: string[];
  try {
    names = readdirSync(url).filter((name) => name.endsWith('.html'));
  } catch {
    names = [];
  }
  return names.map((name) => [`${dir}${name}`, readFileSync(new URL(name, url), 'utf8')] as const);
});

const LONG = 'The delegation agreed on a timetable for the withdrawal of combat forces. '.repeat(4);

describe('readPage reads a page as its DOM reading does', () => {
  it.each([
    ['an article long enough wins over paragraphs elsewhere', `<body><div><p>${LONG}${LONG}</p></div><article><p>${LONG}</p></article></body>`, { text: LONG.trim(), byline: '', title: null }],
    ['a short article is a teaser: the densest block wins', `<body><article>Related</article><div><p>a b</p><p>c</p></div></body>`, { text: 'a b\nc', byline: '', title: null }],
    ['the longest of several articles, the first of equals', `<article>${LONG}x</article><article>${LONG}yz</article><article>${LONG}wv</article>`, { text: `${LONG}yz`, byline: '', title: null }],
    ['role=main counts as main', `<div role="main">${LONG}</div><p>other</p>`, { text: LONG.trim(), byline: '', title: null }],
    ['furniture is left out, at any depth', '<body><nav><p>Menu</p></nav><div><p>Kept<span hidden>gone</span></p><header>no</header><div role="banner">no</div></div></body>', { text: 'Kept', byline: '', title: null }],
    ['a byline inside furniture still names the author', '<header><span class="byline">By  Jane\nDoe</span></header><p>x</p>', { text: 'x', byline: 'By Jane Doe', title: null }],
    ['author metadata comes before byline text', '<p rel="Author">Ann</p><meta name="author" content="Bob"><meta property="article:author" content="Cy"><meta name="Author" content="no">', { text: 'Ann', byline: 'Bob Cy Ann', title: null }],
    ['the first title, whitespace collapsed', '<head><title> A\n  page </title></head><body><svg><title>icon</title></svg><p>t</p></body>', { text: 't', byline: '', title: 'A page' }],
    ['a page without <body>: its paragraphs at the top level are its text', '<title>T</title><p>top level</p><p>and more</p>', { text: 'top level\nand more', byline: '', title: 'T' }],
    ['a page without <body> or paragraphs: the whole document, furniture and title left out', '<html><head><title>T</title></head><div>Only text</div><nav>menu</nav></html>', { text: 'Only text', byline: '', title: 'T' }],
    ['block boundaries break lines, inline ones do not', '<body><div>a<b>b</b><br>c<p>d</p>e</div></body>', { text: 'ab\nc\nd\ne', byline: '', title: null }],
    ['entities decoded, no-break spaces collapsed', '<body><p>A&amp;B&nbsp;&nbsp; C</p></body>', { text: 'A&B C', byline: '', title: null }],
    ['a paragraph is measured trimmed, no-break spaces and line breaks too', '<div><p>&nbsp;&nbsp;\n&nbsp;&nbsp; ab \n</p></div><section><p>abcd</p></section>', { text: 'abcd', byline: '', title: null }],
  ])('%s', (_, html, expected) => {
    expect(readPage(html)).toEqual(expected);
    expect(referenceReadPage(html)).toEqual(expected);
  });

  it.each(fixtures)('fixture %s', (_, html) => {
    expect(readPage(html)).toEqual(referenceReadPage(html));
  });

  const tag = fc.constantFrom('p', 'div', 'article', 'main', 'body', 'span', 'nav', 'script', 'style', 'title', 'h1', 'br', 'hr', 'svg', 'header', 'section', 'li', 'ul', 'meta', 'a', 'template', 'td', 'tr', 'table', 'noscript', 'html', 'head', 'textarea', 'xmp');
  const attribute = fc.constantFrom('', ' role="main"', ' role="navigation"', ' role=Main', ' hidden', ' class="byline"', ' class="post-author x"', ' class=Byline', ' rel=AUTHOR', ' itemprop=author', ' name=author content="Ann Lee"', ' property="article:author" content=Bo', ' name=author', ' class="by&#108;ine"', ' role=&#109;ain', ' rel="&#65;UTHOR"', ' itemprop=&quot;author', ' name=author content="O&#39;Brien &amp Co &notit; &amp=x &ampy"', ' role="navigation&amp;"');
  const text = fc.constantFrom('Hello world', ' ', '  ', '\t', ' \f ', '\n\n', ' \n ', '&amp; x&nbsp;y', LONG, 'Lorem ipsum dolor sit amet. ', '\u00A0', 'a\tb', '\v\u00A0 x', '&copy 2021 &amp;amp; &#x41;&#65 &notin &notit; a&ampb &#0; &', '&nbsp&nbsp;&#160;', '\u3000x\u3000', ' \u2028 ', '\uFEFF', 'a \n\t\n b', ' \u00A0\n');
  const token = fc.oneof(
    // Two attributes at times, a name repeated among them: the first of a name is the one that counts.
    fc.tuple(tag, attribute, attribute).map(([name, first, second]) => `<${name}${first}${second}>`),
    tag.map((name) => `</${name}>`),
    text,
    fc.constant('<!-- c -->'),
  );

  it.each([
    ['nested 300 deep', `<body>${'<div>'.repeat(300)}<p>${LONG}</p>${'</div>'.repeat(300)}<p>x</p></body>`],
    ['of some 70,000 elements', `<body><nav><p>menu</p></nav>${'<span>a</span> '.repeat(70_000)}<article><p>${LONG}</p></article><div><p>x</p></div></body>`],
    ['a plain page after it', `<head><title>T</title></head><body><div><p>${LONG}</p></div><p>y</p></body>`],
  ])('a page %s', (_, html) => {
    expect(readPage(html)).toEqual(referenceReadPage(html));
  });

  it('any spacing of the text in a body', () => {
    const part = fc.oneof(text, fc.constantFrom('word', '<p>', '</p>', '<br>', '<span>', '</span>', '<div>', '</div>'));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), (parts) => {
        const html = `<body>${parts.join('')}</body>`;
        expect(readPage(html)).toEqual(referenceReadPage(html));
      }),
      { numRuns: 400 },
    );
  });

  it('any page built from the tags and attributes the reader looks at', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const html = tokens.join('');
        expect(readPage(html)).toEqual(referenceReadPage(html));
      }),
      { numRuns: 400 },
    );
  });
});

describe('the text of a stream of pieces', () => {
  const piece = fc.oneof(
    fc.constant(null),
    fc.constantFrom('', ' ', '  ', '\n', ' \n ', '\t\f', '\u00A0', 'a', 'a b', 'a  b', 'a\nb', 'a \t\n\u00A0b', ' a ', '\u3000', '\r', '\u2028a\u202F', '\uFEFF', 'x\u1680'),
    fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', '\u00A0', '\r', '\u3000', '\v') }),
  );

  it('is the pieces joined, collapsed and trimmed, built a piece at a time', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.nat(20), (pieces, cut) => {
        const spans = [
          { start: 0, end: Math.min(cut, pieces.length) },
          { start: Math.min(cut, pieces.length), end: pieces.length },
        ];
        const joined = pieces
          .map((p) => p ?? '\n')
          .join('')
          .replace(/[ \t\f\v\u00A0]+/g, ' ')
          .replace(/ *\n[\n ]*/g, '\n')
          .trim();
        expect(collapsedText(pieces, spans)).toBe(joined);
      }),
      { numRuns: 2000 },
    );
  });

  it('measures its trimmed length, block marks counting as nothing, without making it', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.nat(20), fc.nat(20), (pieces, a, b) => {
        const [start, end] = [Math.min(a, b, pieces.length), Math.min(Math.max(a, b), pieces.length)];
        const expected = pieces.slice(start, end).map((p) => p ?? '').join('').trim().length;
        expect(trimmedLength(pieces, start, end)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
