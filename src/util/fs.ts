import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CitecheckError } from '../errors.js';
import { isProcessAlive } from './process.js';

/**
 * Write a file so that readers (and a process killed half way) only ever see the old
 * content or the new content, never a truncated one: write a temp file beside the target,
 * flush it to disk, then rename over the target (atomic on one filesystem). Temp files of
 * the same target left by killed writers go once this write is in place. `data` may come
 * in pieces (see jsonPieces), so a large file never has to exist as one string.
 */
export async function writeFileAtomic(path: string, data: string | Iterable<string>): Promise<void> {
  await writeFilesAtomic([{ path, data }]);
}

/** A file to write: its path, and its text whole or in pieces. */
export interface FileToWrite {
  path: string;
  data: string | Iterable<string>;
  /**
   * Text that goes before `data` in the file but is made once all of `data` is: a report's
   * summary of the rows below it, which is known only once they are read. `data` then goes
   * to a temp file of its own, copied in after the head: cheaper than reading the rows twice.
   */
  head?: () => string;
}

interface Writing {
  path: string;
  tmp: string;
  pieces: Iterator<string>;
  blocks: Blocks;
  handle: FileHandle | null;
  done: boolean;
  head: (() => string) | undefined;
  /** Where `data` was written while the file has a head still to go before it. */
  body: string | null;
}

/**
 * Several files written side by side, each as writeFileAtomic writes one, and renamed into
 * place once all are written: none is if any fails. Each next piece comes from the unfinished
 * file of least `positionOf` (the first, by default): files made from one SharedPass keep
 * to the same item that way.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[], positionOf: (file: number) => number = () => 0): Promise<void> {
  const writing: Writing[] = files.map((file) => ({
    path: file.path,
    tmp: tempPathFor(file.path),
    pieces: (typeof file.data === 'string' ? [file.data] : file.data)[Symbol.iterator](),
    blocks: new Blocks(),
    handle: null,
    done: false,
    head: file.head,
    body: null,
  }));
  let current: Writing | undefined;
  try {
    for (const file of writing) {
      current = file;
      await mkdir(dirname(file.path), { recursive: true });
      file.handle = await open(file.tmp, 'w');
    }
    for (let next = nextFile(writing, positionOf); next !== undefined; next = nextFile(writing, positionOf)) {
      current = next;
      await writeNextPiece(next, next.handle as FileHandle);
    }
    for (const file of writing) {
      current = file;
      if (file.head !== undefined) await writeHeadThenBody(file, file.head);
    }
    for (const file of writing) {
      current = file;
      await rename(file.tmp, file.path);
    }
  } catch (error) {
    await Promise.all(writing.map(async (file) => {
      await file.handle?.close().catch(() => undefined);
      await rm(file.tmp, { force: true });
      if (file.body !== null) await rm(file.body, { force: true });
    }));
    const reason = error instanceof Error ? error.message : String(error);
    throw new CitecheckError('WRITE_FAILED', `could not write ${current?.path ?? files.map((file) => file.path).join(', ')}: ${reason}`, { cause: error });
  }
  for (const file of writing) await removeStaleTempFiles(file.path);
}

function nextFile(writing: readonly Writing[], positionOf: (file: number) => number): Writing | undefined {
  let next: number | undefined;
  writing.forEach((file, i) => {
    if (!file.done && (next === undefined || positionOf(i) < positionOf(next))) next = i;
  });
  return next === undefined ? undefined : writing[next];
}

/** Take the file's next piece into its block, writing the block when full; at the end, the rest, flushed to disk (unless a head is still to go before it). */
async function writeNextPiece(file: Writing, handle: FileHandle): Promise<void> {
  const step = file.pieces.next();
  if (step.done === true) {
    await writeRest(file.blocks, handle);
    file.done = true;
    await closeFile(file, handle, file.head === undefined);
    return;
  }
  await addPiece(file.blocks, handle, step.value);
}

async function writeRest(blocks: Blocks, handle: FileHandle): Promise<void> {
  const rest = blocks.rest();
  // On an open handle, each writeFile continues where the last one stopped.
  if (rest !== null) await handle.writeFile(rest);
  blocks.written();
}

/** Flushed to disk first when `sync`: a file about to be renamed into place. */
async function closeFile(file: Writing, handle: FileHandle, sync: boolean): Promise<void> {
  if (sync) await handle.sync();
  file.handle = null;
  await handle.close();
}

async function addPiece(blocks: Blocks, handle: FileHandle, piece: string): Promise<void> {
  const full = blocks.fullBefore(piece);
  if (full !== null) {
    await handle.writeFile(full);
    blocks.written();
  }
  blocks.add(piece);
}

/** The file's head, then the body written so far (moved to `file.body`), copied in after it, into a new temp file. */
async function writeHeadThenBody(file: Writing, head: () => string): Promise<void> {
  file.body = file.tmp;
  file.tmp = tempPathFor(file.path);
  const handle = await open(file.tmp, 'w');
  file.handle = handle;
  await addPiece(file.blocks, handle, head());
  await writeRest(file.blocks, handle);
  const body = await open(file.body, 'r');
  try {
    const chunk = Buffer.allocUnsafe(BLOCK_BYTES);
    for (;;) {
      const { bytesRead } = await body.read(chunk, 0, chunk.length);
      if (bytesRead === 0) break;
      await handle.writeFile(chunk.subarray(0, bytesRead));
    }
  } finally {
    await body.close();
  }
  await closeFile(file, handle, true);
  await rm(file.body, { force: true });
  file.body = null;
}

/**
 * A temp file beside `path`, named for this process: removeStaleTempFiles(path) clears it
 * once this process is gone, if it was left behind.
 */
export function tempPathFor(path: string): string {
  // Math.random, not crypto.randomBytes: the name needs no secrecy (the process id already
  // sets it apart from other writers), and loading node:crypto cost `parse` 10-30 ms.
  const suffix = Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return `${path}.${process.pid}.${suffix}.tmp`;
}

const TEMP_NAME = /^\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Remove the temp files that writers of `path` killed before their rename (kill -9, power
 * loss) left beside it, so they do not pile up run after run. Only files of processes no
 * longer running: a live writer's temp file is about to become `path`. Never fails (a file
 * it cannot list or remove stays). Returns the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const name = basename(path);
  const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
  const stale = siblings.filter((sibling) => {
    const match = sibling.startsWith(name) ? TEMP_NAME.exec(sibling.slice(name.length)) : null;
    return match !== null && !isProcessAlive(Number(match[1]));
  });
  await Promise.all(stale.map((sibling) => rm(join(dirname(path), sibling), { force: true }).catch(() => undefined)));
  return stale;
}

/** glibc's malloc serves blocks of this size and more with mmap, unless it has been told otherwise (see readFileBytes). */
const MMAP_THRESHOLD = 128 * 1024;
/** The largest mmapped block whose freeing makes glibc raise its mmap threshold (32 MiB on 64-bit). */
const DYNAMIC_THRESHOLD_MAX = 32 * 1024 * 1024;

/**
 * A whole file's bytes, as readFile reads them, but in a buffer of more than 32 MiB once the
 * file is large enough to be mmapped at all. Freeing an mmapped block of up to 32 MiB makes
 * glibc raise its mmap threshold to that size and then keep up to twice as much freed memory
 * in its heaps for the rest of the process: a 31 MB document (100,000 notes) read into a
 * buffer of its size left the check with about 105 MB of RSS outside V8's heap, against
 * 55-60 MB with the threshold pinned (MALLOC_MMAP_THRESHOLD_) or the file read a megabyte at a
 * time (bench farm, 100,000 URLs). A block above 32 MiB leaves the threshold alone, and its
 * pages past the end of the file are never touched, so they cost address space, not memory.
 * Reading in chunks instead cost a second copy of the text (+15 MB peak, +60 ms for a 10 MB
 * document). Fails as readFile does.
 */
export async function readFileBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    // Not a regular file's size (a pipe), or small enough for malloc's heap: read as usual.
    if (size < MMAP_THRESHOLD) return await handle.readFile();
    const bytes = Buffer.allocUnsafe(Math.max(size, DYNAMIC_THRESHOLD_MAX + 1));
    // Up to the size it had when opened, as readFile reads a regular file.
    let length = 0;
    while (length < size) {
      const { bytesRead } = await handle.read(bytes, length, size - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return bytes.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${jsonText(value)}\n`;
}

/** A value laid out as toJson lays it out, without the final newline: the texts JsonTexts holds. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * An array made as it is read, for jsonPieces to write a few elements at a time without ever
 * holding all of them (check.json's results, read back from disk). Anything else that
 * serialises it (JSON.stringify) sees the array it makes.
 */
export class ArrayStream<T> {
  constructor(private readonly items: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }

  toJSON(): T[] {
    return [...this.items()];
  }
}

/**
 * An array given as its elements' JSON texts, each laid out by jsonText; one text may hold
 * several elements joined by ",\n", and '' holds none. jsonPieces indents them into place
 * without parsing them: check.json's results are kept as text through a run, and parsing
 * 100,000 of them to lay them out again cost more than the copy. Anything else that
 * serialises it (JSON.stringify) sees the array they make.
 */
export class JsonTexts {
  constructor(private readonly texts: () => Iterable<string>) {}

  [Symbol.iterator](): Iterator<string> {
    return this.texts()[Symbol.iterator]();
  }

  toJSON(): unknown[] {
    const listed = [...this.texts()].filter((text) => text !== '');
    return JSON.parse(`[${listed.join(',')}]`) as unknown[];
  }
}

/** Elements stringified together: pieces of some 15 K characters for citations. */
const ELEMENTS_PER_PIECE = 16;

/**
 * The text of toJson(value), in pieces: a long top-level array (or ArrayStream), or a
 * top-level member that is an object of many keys, is stringified a few elements at a time. A
 * 10 MB document's citations make a 29 MB JSON text; built as one string, it had to be copied
 * flat and then encoded into a 29 MB buffer, which took longer than stringifying it. Written
 * by writeFileAtomic, the pieces are also made between writes, so a large file does not hold
 * the event loop for the whole of it. Each
 * piece comes from JSON.stringify itself (the elements wrapped as they sit in the object), so
 * undefined, toJSON and indentation follow its rules. Only plain objects are split; anything
 * else comes as one piece.
 */
export function* jsonPieces(value: unknown): Generator<string> {
  if (!isPlainObject(value)) {
    yield toJson(value);
    return;
  }
  const written = yield* memberPieces(value, '{\n');
  yield written ? '\n}\n' : '{}\n';
}

/**
 * jsonPieces of the object of the members of `head()` followed by those of `rest`, in two
 * parts to be joined in that order: the head's text (at least one of its members is written),
 * and the rest's, which may be written before the head is known (see FileToWrite.head).
 */
export function jsonPiecesAfterHead(head: () => Record<string, unknown>, rest: Record<string, unknown>): { head: () => string; rest: Iterable<string> } {
  return {
    head: () => [...memberPieces(head(), '{\n')].join(''),
    rest: (function* () {
      yield* memberPieces(rest, ',\n');
      yield '\n}\n';
    })(),
  };
}

/** An object's members as jsonPieces writes them, the first after `first` and the others after a comma; returns whether any was written. */
function* memberPieces(value: Record<string, unknown>, first: string): Generator<string, boolean> {
  let separator = first;
  let written = false;
  for (const [key, item] of Object.entries(value)) {
    const split = item instanceof JsonTexts ? { bodies: textsBodies(item) } : longParts(item);
    if ('whole' in split) {
      const member = memberText(key, split.whole);
      if (member === '') continue;
      yield `${separator}${member}`;
    } else {
      const [open, close] = Array.isArray(item) || item instanceof ArrayStream || item instanceof JsonTexts ? ['[', ']'] : ['{', '}'];
      const head = `  ${JSON.stringify(key)}: ${open}\n`;
      const end = `\n  ${close}`;
      const bodies = 'bodies' in split ? split.bodies : partBodies(key, split.parts, head, end);
      let opened = false;
      for (const body of bodies) {
        // The separator apart: joined to a piece of some 15 K characters, it would cost a copy of the piece.
        yield opened ? ',\n' : `${separator}${head}`;
        yield body;
        opened = true;
      }
      yield opened ? end : `${separator}  ${JSON.stringify(key)}: ${open}${close}`;
    }
    separator = ',\n';
    written = true;
  }
  return written;
}

/** Each part's members as JSON.stringify lays them out one level down, between the member's `head` and `end`. */
function* partBodies(key: string, parts: Iterable<unknown>, head: string, end: string): Generator<string> {
  for (const part of parts) {
    const text = memberText(key, part);
    // An object part whose members were all left out (undefined) is written as `{}`.
    if (text.endsWith(end)) yield text.slice(head.length, -end.length);
  }
}

/** JsonTexts' elements one level further in than jsonText laid them out, ELEMENTS_PER_PIECE to a piece. */
function* textsBodies(texts: JsonTexts): Generator<string> {
  let group: string[] = [];
  for (const text of texts) {
    if (text === '') continue;
    group.push(`    ${text.replaceAll('\n', '\n    ')}`);
    if (group.length < ELEMENTS_PER_PIECE) continue;
    yield group.join(',\n');
    group = [];
  }
  if (group.length > 0) yield group.join(',\n');
}

/**
 * A long array, or a plain object of many keys, as groups of ELEMENTS_PER_PIECE; anything
 * else whole. A short stream is whole as the array of what it gave: it may give it only once.
 */
function longParts(item: unknown): { whole: unknown } | { parts: Iterable<unknown> } {
  if (item instanceof ArrayStream) return streamParts(item);
  if (Array.isArray(item)) {
    if (item.length <= ELEMENTS_PER_PIECE) return { whole: item };
    const parts = function* (): Generator<unknown[]> {
      for (let i = 0; i < item.length; i += ELEMENTS_PER_PIECE) yield item.slice(i, i + ELEMENTS_PER_PIECE);
    };
    return { parts: parts() };
  }
  if (!isPlainObject(item)) return { whole: item };
  // Keys, not entries: on an archive of 100,000 URLs, Object.entries alone held the event loop for a third of a second.
  const keys = Object.keys(item);
  if (keys.length <= ELEMENTS_PER_PIECE) return { whole: item };
  const parts = function* (): Generator<Record<string, unknown>> {
    // fromEntries, not assignment: a key named __proto__ must stay a member.
    for (let i = 0; i < keys.length; i += ELEMENTS_PER_PIECE) yield Object.fromEntries(keys.slice(i, i + ELEMENTS_PER_PIECE).map((key) => [key, item[key]]));
  };
  return { parts: parts() };
}

/** A stream's groups of ELEMENTS_PER_PIECE, or what it gave when that is short enough to be one piece, as an array would be. */
function streamParts(stream: ArrayStream<unknown>): { whole: unknown } | { parts: Iterable<unknown> } {
  const items = stream[Symbol.iterator]();
  const first: unknown[] = [];
  for (let next = items.next(); !next.done; next = items.next()) {
    first.push(next.value);
    if (first.length > ELEMENTS_PER_PIECE) break;
  }
  if (first.length <= ELEMENTS_PER_PIECE) return { whole: first };
  const parts = function* (): Generator<unknown[]> {
    let group: unknown[] = [];
    const rest = { [Symbol.iterator]: () => items };
    for (const item of [first, rest]) {
      for (const value of item) {
        group.push(value);
        if (group.length === ELEMENTS_PER_PIECE) {
          yield group;
          group = [];
        }
      }
    }
    if (group.length > 0) yield group;
  };
  return { parts: parts() };
}

/** `  "key": value`, laid out by JSON.stringify one level down; '' when it leaves the value out. */
function memberText(key: string, item: unknown): string {
  return JSON.stringify({ [key]: item }, null, 2).slice(2, -2);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || 'toJSON' in value) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

const BLOCK_BYTES = 1 << 20;

/**
 * Pieces encoded into blocks of `size` bytes (a megabyte unless told): one write each, instead
 * of one per piece. Each piece is encoded straight into the block: Buffer.from on a long string
 * reserves three bytes a character and was slower than the stringify itself.
 * The block is reused, so a full block must be written before the next piece goes in: a
 * fresh megabyte per block, 29 of them for a 10 MB document, cost more CPU in page faults and
 * memory bookkeeping than the encoding. A piece that does not fit grows the block (a writer
 * that holds pieces until it writes, as LineWriter does, never asks fullBefore); a block grown
 * past `keep` (`size` unless told) is given back once written, so a long-lived writer's
 * block stays near its size.
 */
export class Blocks {
  private block: Buffer;
  private used = 0;

  constructor(
    private readonly size: number = BLOCK_BYTES,
    private readonly keep: number = size,
  ) {
    this.block = Buffer.allocUnsafe(size);
  }

  /** Bytes added since the block was last written. */
  get usedBytes(): number {
    return this.used;
  }

  /** The block to write before `piece` goes in, when `piece` does not fit after what is there; else null. */
  fullBefore(piece: string): Buffer | null {
    return this.used === 0 || this.fits(piece) ? null : this.block.subarray(0, this.used);
  }

  /** The block fullBefore or rest gave is written (or given up): start again. */
  written(): void {
    this.used = 0;
    if (this.block.length > this.keep) this.block = Buffer.allocUnsafe(this.size);
  }

  /** Encode `piece` after what is there, growing the block when it has no room; returns its bytes. */
  add(piece: string): number {
    if (!this.fits(piece)) {
      const bigger = Buffer.allocUnsafe(Math.max(this.used + Buffer.byteLength(piece, 'utf8'), 2 * this.block.length));
      this.block.copy(bigger, 0, 0, this.used);
      this.block = bigger;
    }
    const bytes = this.block.write(piece, this.used, 'utf8');
    this.used += bytes;
    return bytes;
  }

  /**
   * Counting a piece's bytes is a pass over it: skipped when it fits even at three bytes a
   * UTF-16 unit, the most one takes, as nearly every piece does.
   */
  private fits(piece: string): boolean {
    return this.used + piece.length * 3 <= this.block.length || this.used + Buffer.byteLength(piece, 'utf8') <= this.block.length;
  }

  rest(): Buffer | null {
    return this.used > 0 ? this.block.subarray(0, this.used) : null;
  }
}
