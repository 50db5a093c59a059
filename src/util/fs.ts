import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
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
  const tmp = tempPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      // On an open handle, each writeFile continues where the last one stopped.
      for (const block of typeof data === 'string' ? [data] : inBlocks(data)) await handle.writeFile(block, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new CitecheckError('WRITE_FAILED', `could not write ${path}: ${reason}`, { cause: error });
  }
  await removeStaleTempFiles(path);
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

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
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
  let separator = '{\n';
  for (const [key, item] of Object.entries(value)) {
    const split = longParts(item);
    if ('whole' in split) {
      const member = memberText(key, split.whole);
      if (member === '') continue;
      yield `${separator}${member}`;
    } else {
      const [open, close] = Array.isArray(item) || item instanceof ArrayStream ? ['[', ']'] : ['{', '}'];
      const head = `  ${JSON.stringify(key)}: ${open}\n`;
      const end = `\n  ${close}`;
      let opened = false;
      for (const part of split.parts) {
        const text = memberText(key, part);
        // An object part whose members were all left out (undefined) is written as `{}`.
        if (!text.endsWith(end)) continue;
        // The separator apart: joined to a piece of some 15 K characters, it would cost a copy of the piece.
        yield opened ? ',\n' : `${separator}${head}`;
        yield text.slice(head.length, -end.length);
        opened = true;
      }
      yield opened ? end : `${separator}  ${JSON.stringify(key)}: ${open}${close}`;
    }
    separator = ',\n';
  }
  yield separator === '{\n' ? '{}\n' : '\n}\n';
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
 * Pieces encoded into blocks of about a megabyte: one write each, instead of one per piece.
 * Each piece is encoded straight into the block: Buffer.from on a long string reserves
 * three bytes a character and was slower than the stringify itself.
 * The block is reused, so the caller must be done with one before asking for the next
 * (writeFileAtomic awaits each write): a fresh megabyte per block, 29 of them for a 10 MB
 * document, cost more CPU in page faults and memory bookkeeping than the encoding.
 */
function* inBlocks(pieces: Iterable<string>): Generator<Buffer> {
  let block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  for (const piece of pieces) {
    // Counting a piece's bytes is a pass over it: skipped when it fits even at three bytes a
    // UTF-16 unit, the most one takes, as nearly every piece does.
    if (used + piece.length * 3 > block.length) {
      const length = Buffer.byteLength(piece, 'utf8');
      if (used + length > block.length) {
        if (used > 0) yield block.subarray(0, used);
        if (length > block.length) block = Buffer.allocUnsafe(length);
        used = 0;
      }
    }
    used += block.write(piece, used, 'utf8');
  }
  if (used > 0) yield block.subarray(0, used);
}
