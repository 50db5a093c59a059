import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { Parser, type Handler } from 'htmlparser2';
import { isWhiteSpace } from '../util/text.js';

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
 * The spaces a main text collapses: a run of them becomes one line break when it holds one,
 * else one space.
 */
function isCollapsed(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0c || code === 0x0b || code === 0xa0;
}

/** Inside a piece of text, a run of collapsed spaces that is not already one space or one line break. */
const UNTIDY_RUN = /[\t\f\v\u00A0]|[ \n][ \t\n\f\v\u00A0]/;
/** A run of collapsed spaces holding a line break. */
const LINE_RUNS = /[ \t\f\v\u00A0]*\n[ \t\n\f\v\u00A0]*/g;
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

/** The attributes the reading looks at, and their places in TagAttributes. */
const AT = { role: 0, class: 1, rel: 2, itemprop: 3, name: 4, property: 5, content: 6 } as const;
const PLACES = new Map<string, number>(Object.entries(AT));

/**
 * Those attributes of the tag being opened, as written (undecoded; the first of a repeated
 * name, as htmlparser2 keeps). Collected as the parser reports each one (onattribute) rather
 * than looked up by name on the parser's attribute object, whose shape differs from tag to
 * tag, so that V8's inline caches for those lookups gave up. Measured in a microbenchmark
 * (readPage, one page type at a time): the fixtures' news and government pages 39-58 ->
 * 22-33 us (the home page 24 -> 17), the bench farm's page 126 -> 64 us; in the bench's own
 * runs, where the farm's pages have few attribute shapes, no change was measured.
 */
class TagAttributes {
  private readonly values: (string | undefined)[] = new Array<string | undefined>(PLACES.size).fill(undefined);
  hidden = false;

  reset(): void {
    this.values.fill(undefined);
    this.hidden = false;
  }

  add(name: string, value: string): void {
    const at = PLACES.get(name);
    if (at !== undefined) this.values[at] ??= value;
    else if (name === 'hidden') this.hidden = true;
  }

  /** The value at `at` (one of AT's places), entities decoded. */
  get(at: number): string | undefined {
    const value = this.values[at];
    return value !== undefined && value.includes('&') ? decodeHTMLAttribute(value) : value;
  }
}

/**
 * The page is tokenized without decoding entities, which let the tokenizer skip to the next
 * `<` instead of looking at every character for a `&` (a third of the parse of a plain page);
 * the few texts and attribute values read that hold a `&` are decoded here, by the decoder
 * htmlparser2 uses, in the mode it would have used.
 */
function decodedText(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

function isNoise(name: string, attributes: TagAttributes): boolean {
  const role = attributes.get(AT.role);
  return NOISE_TAGS.has(name) || (role !== undefined && NOISE_ROLES.has(role)) || attributes.hidden;
}

/**
 * Where pages name their authors outside the metadata the resolver reads: `.byline`,
 * `[rel=author]` (rel compares case-insensitively in HTML), `[itemprop=author]`,
 * `[class*=author]`, `[class*=byline]`.
 */
function isByline(attributes: TagAttributes): boolean {
  const className = attributes.get(AT.class);
  return (
    (className !== undefined && (className.includes('author') || className.includes('byline'))) ||
    attributes.get(AT.rel)?.toLowerCase() === 'author' ||
    attributes.get(AT.itemprop) === 'author'
  );
}

function isAuthorMeta(name: string, attributes: TagAttributes): boolean {
  return name === 'meta' && (attributes.get(AT.name) === 'author' || attributes.get(AT.property) === 'article:author');
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

/**
 * An element still open while the page streams past. It is its own span of `Reading.pieces`
 * (one object per tag rather than two: a page has hundreds of tags); `inMain` false when the
 * element is furniture or inside furniture, so it adds nothing to the main text.
 */
interface OpenElement extends Span {
  inMain: boolean;
  /** Set on the elements whose raw text is wanted: the byline holders and the first `<title>`. */
  raw: Span | null;
  block: boolean;
  /** A `<p>`: its parent is credited with its text length when it closes. */
  creditTo: OpenElement | null;
  /** Its text comes undecoded (see UNDECODED_TEXT). */
  undecoded: boolean;
}

/** The document itself: a paragraph at top level credits it, and it has no text of its own. */
const ROOT: OpenElement = { start: 0, end: 0, inMain: false, raw: null, block: false, creditTo: null, undecoded: false };

/**
 * `pieces.slice(start, end).join('').trim().length`, block marks counting as nothing, without
 * making the string: every paragraph asks it.
 */
export function trimmedLength(pieces: readonly (string | null)[], start: number, end: number): number {
  let total = 0;
  for (let i = start; i < end; i++) total += pieces[i]?.length ?? 0;
  let leading = 0;
  for (let i = start; i < end && leading < total; i++) {
    const piece = pieces[i] ?? '';
    let k = 0;
    while (k < piece.length && isWhiteSpace(piece.charCodeAt(k))) k += 1;
    leading += k;
    if (k < piece.length) break;
  }
  if (leading === total) return 0;
  let trailing = 0;
  for (let i = end - 1; i >= start; i--) {
    const piece = pieces[i] ?? '';
    let k = piece.length;
    while (k > 0 && isWhiteSpace(piece.charCodeAt(k - 1))) k -= 1;
    trailing += piece.length - k;
    if (k > 0) break;
  }
  return total - leading - trailing;
}

const NO_GAP = 0;
const SPACE = 1;
const LINE_BREAK = 2;

/**
 * The text of `spans` of `pieces` (null: a block boundary, read as a line break), each run of
 * collapsed spaces made one line break or one space, and trimmed. Equal to joining the pieces,
 * collapsing, then trimming, but built a piece at a time: those three passes each copied the
 * page's text (reading the 8 KB bench farm page made 73.6 KB of garbage with them, 49.1 KB
 * this way). Runs that span pieces are settled at the boundaries; the few pieces with an
 * untidy run inside are collapsed alone.
 */
export function collapsedText(pieces: readonly (string | null)[], spans: readonly Span[]): string {
  let text = '';
  let gap = NO_GAP;
  for (const { start, end } of spans) {
    for (let i = start; i < end; i++) {
      const piece = pieces[i] ?? null;
      if (piece === null) {
        gap = LINE_BREAK;
        continue;
      }
      let first = 0;
      for (let code = piece.charCodeAt(0); isCollapsed(code); code = piece.charCodeAt(++first)) gap = code === 0x0a ? LINE_BREAK : Math.max(gap, SPACE);
      if (first === piece.length) continue;
      let last = piece.length;
      let after = NO_GAP;
      for (let code = piece.charCodeAt(last - 1); isCollapsed(code); code = piece.charCodeAt(--last - 1)) after = code === 0x0a ? LINE_BREAK : Math.max(after, SPACE);
      let middle = first === 0 && last === piece.length ? piece : piece.slice(first, last);
      if (UNTIDY_RUN.test(middle)) middle = middle.replace(LINE_RUNS, '\n').replace(SPACE_RUNS, ' ');
      if (text !== '' && gap !== NO_GAP) text += gap === LINE_BREAK ? '\n' : ' ';
      text += middle;
      gap = after;
    }
  }
  // Other white space (a carriage return, an ideographic space) may still open or end it.
  return isWhiteSpace(text.charCodeAt(0)) || isWhiteSpace(text.charCodeAt(text.length - 1)) ? text.trim() : text;
}

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

  /** The attributes of the tag being opened: filled by onattribute, read by onopentag. */
  private readonly attributes = new TagAttributes();

  onopentagname(): void {
    this.attributes.reset();
  }

  onattribute(name: string, value: string): void {
    this.attributes.add(name, value);
  }

  onopentag(name: string): void {
    const attributes = this.attributes;
    const parent = this.stack.at(-1) ?? ROOT;
    const noise = this.noiseDepth > 0 || isNoise(name, attributes);
    if (noise) this.noiseDepth += 1;
    const block = !noise && BLOCK.has(name);
    const element: OpenElement = { start: this.pieces.length, end: 0, inMain: !noise, raw: null, block, creditTo: null, undecoded: UNDECODED_TEXT.has(name) };
    if (block) this.pieces.push(null);
    if (isAuthorMeta(name, attributes)) this.authorMetas.push(attributes.get(AT.content) ?? '');
    const firstTitle = name === 'title' && this.title === null;
    const byline = isByline(attributes);
    if (firstTitle || byline) {
      element.raw = { start: this.raw.length, end: 0 };
      this.rawOpen += 1;
      if (firstTitle) this.title = element.raw;
      if (byline) this.bylines.push(element.raw);
    }
    if (element.inMain) {
      if (name === 'article') this.articles.push(element);
      if (name === 'main' || attributes.get(AT.role) === 'main') this.mains.push(element);
      if (name === 'body') this.bodies.push(element);
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
    if (!element.inMain) this.noiseDepth -= 1;
    else element.end = this.pieces.length;
    if (element.raw !== null) {
      element.raw.end = this.raw.length;
      this.rawOpen -= 1;
    }
    if (element.creditTo !== null && element.inMain) {
      const length = trimmedLength(this.pieces, element.start, element.end);
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
    return collapsedText(this.pieces, spans);
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
    if (dense !== null && dense.inMain) return this.textOf([dense]);
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
