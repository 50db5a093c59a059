/**
 * A JSON text whose top level is an object with one long list (citations.json's citations,
 * check.json's results), read from its bytes without building the whole value: the list's
 * elements are parsed one at a time as they are iterated. JSON.parse of a 100,000-note
 * citations.json (89 MB) held its text and every note at once, some 400 MB.
 *
 * Only the structure between values is scanned here (by byte: every character JSON gives a
 * meaning to is ASCII, and no byte of a multi-byte UTF-8 character is); each value is checked
 * by JSON.parse when it is parsed, so the whole text is held to JSON's rules as JSON.parse would.
 */
export interface StreamedObject {
  /** The text's value without the list member (the whole value when the top level is not an object, or the member not a list). */
  value: unknown;
  /** The list's elements, parsed as they are iterated (once); null when there is no such list. */
  elements: Iterable<unknown> | null;
}

/** The text is not JSON: the message says what and where, as JSON.parse's do. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Past a UTF-8 byte order mark: editors on Windows write one, and it is no part of the JSON text (RFC 8259 §8.1 lets a parser ignore it). */
function textStart(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** A span [start, end) of the bytes. */
interface Span {
  start: number;
  end: number;
}

class Scanner {
  constructor(private readonly bytes: Buffer) {}

  fail(at: number, what: string): never {
    const byte = this.bytes[at];
    const found = byte === undefined ? 'end of data' : `'${String.fromCharCode(byte)}'`;
    throw new JsonSyntaxError(`${what}, found ${found} at position ${at}`);
  }

  skipSpace(at: number): number {
    let i = at;
    while (isSpace(this.bytes[i])) i += 1;
    return i;
  }

  /** Past the string whose opening quote is at `at`. */
  skipString(at: number): number {
    let i = at + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, i);
      if (quote === -1) this.fail(this.bytes.length, 'Unterminated string');
      let backslashes = 0;
      while (this.bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
      if (backslashes % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }

  /** The span of the value starting at `at` (no space before it); its content is left to JSON.parse. */
  value(at: number): Span {
    const first = this.bytes[at];
    if (first === QUOTE) return { start: at, end: this.skipString(at) };
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return { start: at, end: this.skipNested(at) };
    let i = at;
    for (let byte = this.bytes[i]; byte !== undefined && byte !== COMMA && byte !== CLOSE_BRACE && byte !== CLOSE_BRACKET && !isSpace(byte); byte = this.bytes[i]) i += 1;
    if (i === at) this.fail(at, 'Expected a value');
    return { start: at, end: i };
  }

  /** Past the object or list opening at `at`, counting brackets outside strings (their pairing is JSON.parse's to check). */
  private skipNested(at: number): number {
    let depth = 0;
    for (let i = at; i < this.bytes.length; ) {
      const byte = this.bytes[i];
      if (byte === QUOTE) {
        i = this.skipString(i);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return this.fail(this.bytes.length, 'Unterminated object or list');
  }

  parse(span: Span): unknown {
    try {
      return JSON.parse(this.bytes.toString('utf8', span.start, span.end)) as unknown;
    } catch (error) {
      throw new JsonSyntaxError(`${(error as Error).message} (in the value at position ${span.start})`);
    }
  }
}

/** The members of the top-level object opening at `open`: key and value span, in order. */
function membersOf(scan: Scanner, bytes: Buffer, open: number): { members: [string, Span][]; end: number } {
  const members: [string, Span][] = [];
  let i = scan.skipSpace(open + 1);
  if (bytes[i] === CLOSE_BRACE) return { members, end: i + 1 };
  for (;;) {
    if (bytes[i] !== QUOTE) scan.fail(i, 'Expected a member name');
    const keyEnd = scan.skipString(i);
    const key = scan.parse({ start: i, end: keyEnd }) as string;
    i = scan.skipSpace(keyEnd);
    if (bytes[i] !== COLON) scan.fail(i, "Expected ':' after a member name");
    const span = scan.value(scan.skipSpace(i + 1));
    members.push([key, span]);
    i = scan.skipSpace(span.end);
    if (bytes[i] === CLOSE_BRACE) return { members, end: i + 1 };
    if (bytes[i] !== COMMA) scan.fail(i, "Expected ',' or '}' after a member");
    i = scan.skipSpace(i + 1);
  }
}

function* elementsOf(scan: Scanner, bytes: Buffer, list: Span): Generator<unknown> {
  let i = scan.skipSpace(list.start + 1);
  if (bytes[i] === CLOSE_BRACKET) return;
  for (;;) {
    const span = scan.value(i);
    yield scan.parse(span);
    i = scan.skipSpace(span.end);
    if (bytes[i] === CLOSE_BRACKET) return;
    if (bytes[i] !== COMMA) scan.fail(i, "Expected ',' or ']' after an element");
    i = scan.skipSpace(i + 1);
  }
}

/**
 * Read `bytes` (a whole JSON text) with the list member `listKey` of its top-level object
 * streamed. Everything but the list's elements is parsed and checked now; an element that is
 * not JSON is found when it is reached. Throws JsonSyntaxError.
 */
export function streamJsonObject(bytes: Buffer, listKey: string): StreamedObject {
  const scan = new Scanner(bytes);
  const start = scan.skipSpace(textStart(bytes));
  if (bytes[start] !== OPEN_BRACE) return { value: scan.parse({ start, end: bytes.length }), elements: null };
  const { members, end } = membersOf(scan, bytes, start);
  const after = scan.skipSpace(end);
  if (after < bytes.length) scan.fail(after, 'Unexpected data after the JSON value');
  // A repeated name: JSON.parse keeps the last.
  let list: Span | null = null;
  for (const [key, span] of members) if (key === listKey) list = bytes[span.start] === OPEN_BRACKET ? span : null;
  // Defined, not assigned: a member named __proto__ stays a member, as JSON.parse makes it.
  const value: Record<string, unknown> = {};
  for (const [key, span] of members) {
    if (list !== null && key === listKey) continue;
    Object.defineProperty(value, key, { value: scan.parse(span), enumerable: true, writable: true, configurable: true });
  }
  return { value, elements: list === null ? null : elementsOf(scan, bytes, list) };
}
