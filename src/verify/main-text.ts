import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { Parser, type Handler } from 'htmlparser2';

/**
 * Page furniture that is never the cited text. Not `form`: ASP.NET sites (many government
 * ones) wrap the whole page in one. `title` is read on its own; as text it would only count
 * on a page without `<body>`, whose text is then the whole document's.
 */
const NOISE_TAGS = new Set('script style noscript template svg iframe nav footer aside header title'.split(' '));
const NOISE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);

/** Elements that end a line of text: without the break, "<p>a</p><p>b</p>" reads "ab". */
const BLOCK = new Set(
  'address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section table td th tr ul'.split(
    ' ',
  ),
);

/**
 * Runs of spaces, tabs and no-break spaces, each to become one space. A lone plain space is
 * already that and is left alone: replacing every space between words cost more than
 * parsing the page.
 */
const SPACE_RUNS = / [ \t\f\v\u00A0]+|[\t\f\v\u00A0][ \t\f\v\u00A0]*/g;

/**
 * Elements whose text the tokenizer hands over undecoded (raw text, and textarea's and xmp's
 * in htmlparser2): `&amp;` there stays as written. `<title>` is decoded like any text.
 */
const UNDECODED_TEXT = new Set(['script', 'style', 'textarea', 'xmp']);

type Attributes = Record<string, string>;

/**
 * The page is tokenized without decoding entities, which let the tokenizer skip to the next
 * `<` instead of looking at every character for a `&` (a third of the parse of a plain page);
 * the few texts and attribute values read that hold a `&` are decoded here, by the decoder
 * htmlparser2 uses, in the mode it would have used.
 */
function decodedText(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

function attribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return value !== undefined && value.includes('&') ? decodeHTMLAttribute(value) : value;
}

function isNoise(name: string, attributes: Attributes): boolean {
  const role = attribute(attributes, 'role');
  return NOISE_TAGS.has(name) || (role !== undefined && NOISE_ROLES.has(role)) || 'hidden' in attributes;
}

/**
 * Where pages name their authors outside the metadata the resolver reads: `.byline`,
 * `[rel=author]` (rel compares case-insensitively in HTML), `[itemprop=author]`,
 * `[class*=author]`, `[class*=byline]`.
 */
function isByline(attributes: Attributes): boolean {
  const className = attribute(attributes, 'class');
  return (
    (className !== undefined && (className.includes('author') || className.includes('byline'))) ||
    attribute(attributes, 'rel')?.toLowerCase() === 'author' ||
    attribute(attributes, 'itemprop') === 'author'
  );
}

function isAuthorMeta(name: string, attributes: Attributes): boolean {
  return name === 'meta' && (attribute(attributes, 'name') === 'author' || attribute(attributes, 'property') === 'article:author');
}

/** What the verify stage reads from a page body, from one parse. */
export interface PageText {
  /** The main text (see mainText). */
  text: string;
  /** Byline text, read before the page furniture it often sits in is removed. */
  byline: string;
  /** The `<title>`, whitespace collapsed. */
  title: string | null;
}

/** Shorter than this, an `<article>` is a teaser card (a related story), not the page's content. */
const MIN_ARTICLE_CHARS = 200;

/** A stretch of the page's text stream: [start, end) indices of `Reading.pieces` or `Reading.raw`. */
interface Span {
  start: number;
  end: number;
}

/** An element still open while the page streams past. */
interface OpenElement {
  /** Null when the element is furniture or inside furniture: it adds nothing to the main text. */
  main: Span | null;
  /** Set on the elements whose raw text is wanted: the byline holders and the first `<title>`. */
  raw: Span | null;
  block: boolean;
  /** A `<p>`: its parent is credited with its text length when it closes. */
  creditTo: OpenElement | null;
  /** Its text comes undecoded (see UNDECODED_TEXT). */
  undecoded: boolean;
}

/** The document itself: a paragraph at top level credits it, and it has no text of its own. */
const ROOT: OpenElement = { main: null, raw: null, block: false, creditTo: null, undecoded: false };

/**
 * One pass over the page with htmlparser2's streaming parser, no tree: the main text is kept
 * as one stream of pieces (`null` marks a block boundary) with furniture left out, and each
 * element of interest remembers its span of that stream. The result equals reading the same
 * parse as a DOM: remove the furniture, then take text of the chosen elements.
 */
class Reading implements Partial<Handler> {
  readonly pieces: (string | null)[] = [];
  /** Every text, furniture included, while a byline or the title is open. */
  readonly raw: string[] = [];
  readonly articles: Span[] = [];
  readonly mains: Span[] = [];
  readonly bodies: Span[] = [];
  /** Paragraph text length credited per parent, parents in order of their first paragraph. */
  readonly credit = new Map<OpenElement, number>();
  readonly authorMetas: string[] = [];
  readonly bylines: Span[] = [];
  title: Span | null = null;
  private readonly stack: OpenElement[] = [];
  private noiseDepth = 0;
  private rawOpen = 0;

  onopentag(name: string, attributes: Attributes): void {
    const parent = this.stack.at(-1) ?? ROOT;
    const noise = this.noiseDepth > 0 || isNoise(name, attributes);
    if (noise) this.noiseDepth += 1;
    const block = !noise && BLOCK.has(name);
    const element: OpenElement = { main: noise ? null : { start: this.pieces.length, end: 0 }, raw: null, block, creditTo: null, undecoded: UNDECODED_TEXT.has(name) };
    if (block) this.pieces.push(null);
    if (isAuthorMeta(name, attributes)) this.authorMetas.push(attribute(attributes, 'content') ?? '');
    const firstTitle = name === 'title' && this.title === null;
    const byline = isByline(attributes);
    if (firstTitle || byline) {
      element.raw = { start: this.raw.length, end: 0 };
      this.rawOpen += 1;
      if (firstTitle) this.title = element.raw;
      if (byline) this.bylines.push(element.raw);
    }
    if (element.main !== null) {
      if (name === 'article') this.articles.push(element.main);
      if (name === 'main' || attribute(attributes, 'role') === 'main') this.mains.push(element.main);
      if (name === 'body') this.bodies.push(element.main);
      if (name === 'p') {
        element.creditTo = parent;
        if (!this.credit.has(parent)) this.credit.set(parent, 0);
      }
    }
    this.stack.push(element);
  }

  onclosetag(): void {
    const element = this.stack.pop();
    if (element === undefined) return;
    if (element.block) this.pieces.push(null);
    if (element.main === null) this.noiseDepth -= 1;
    else element.main.end = this.pieces.length;
    if (element.raw !== null) {
      element.raw.end = this.raw.length;
      this.rawOpen -= 1;
    }
    if (element.creditTo !== null && element.main !== null) {
      let text = '';
      for (let i = element.main.start; i < element.main.end; i++) text += this.pieces[i] ?? '';
      const length = text.trim().length;
      this.credit.set(element.creditTo, (this.credit.get(element.creditTo) ?? 0) + length);
    }
  }

  ontext(data: string): void {
    if (this.noiseDepth > 0 && this.rawOpen === 0) return;
    // Inside an element whose text is left undecoded, that element is the innermost one open: its text holds no tags.
    const text = this.stack.at(-1)?.undecoded === true ? data : decodedText(data);
    if (this.noiseDepth === 0) this.pieces.push(text);
    if (this.rawOpen > 0) this.raw.push(text);
  }

  /** Text of the spans with a line break at each block boundary; source line breaks are kept too. */
  textOf(spans: readonly Span[]): string {
    let text = '';
    for (const { start, end } of spans) for (let i = start; i < end; i++) text += this.pieces[i] ?? '\n';
    return text.replace(SPACE_RUNS, ' ').replace(/ *\n[\n ]*/g, '\n').trim();
  }

  rawText(span: Span): string {
    return this.raw.slice(span.start, span.end).join('');
  }

  /**
   * The element holding most paragraph text, Readability's core idea reduced to one pass:
   * each <p> credits its parent with its length, and the best-credited parent wins.
   */
  densestBlock(): OpenElement | null {
    let best: OpenElement | null = null;
    let bestCredit = 0;
    for (const [element, value] of this.credit) {
      if (value > bestCredit) {
        best = element;
        bestCredit = value;
      }
    }
    return best;
  }

  /**
   * The page's main text: furniture removed, then the article (the longest if several),
   * `<main>` or `[role=main]`, else the densest block of paragraphs, else the whole body.
   * HTML lets a page leave `<body>` out (and paragraphs then sit at the top level): its text
   * is then the whole document's, furniture removed.
   */
  mainText(): string {
    for (const spans of [this.articles, this.mains]) {
      let longest: string | undefined;
      for (const span of spans) {
        const text = this.textOf([span]);
        if (longest === undefined || text.length > longest.length) longest = text;
      }
      if (longest !== undefined && longest.length >= MIN_ARTICLE_CHARS) return longest;
    }
    const dense = this.densestBlock();
    if (dense !== null && dense.main !== null) return this.textOf([dense.main]);
    if (dense === null && this.bodies.length > 0) return this.textOf(this.bodies);
    return this.textOf([{ start: 0, end: this.pieces.length }]);
  }
}

export function readPage(html: string): PageText {
  const reading = new Reading();
  // htmlparser2 rather than parse5: twice as fast on long pages, and text needs no spec-exact tree.
  const parser = new Parser(reading, { decodeEntities: false });
  parser.end(html);
  const title = reading.title === null ? '' : reading.rawText(reading.title).replace(/\s+/g, ' ').trim();
  const byline = [...reading.authorMetas, ...reading.bylines.map((span) => reading.rawText(span))]
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: reading.mainText(), byline, title: title === '' ? null : title };
}

export function mainText(html: string): string {
  return readPage(html).text;
}
