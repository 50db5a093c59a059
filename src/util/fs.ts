import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CitecheckError } from '../errors.js';

/**
 * Write a file so that readers (and a process killed half way) only ever see the old
 * content or the new content, never a truncated one: write a temp file beside the target,
 * flush it to disk, then rename over the target (atomic on one filesystem). `data` may
 * come in pieces (see jsonPieces), so a large file never has to exist as one string.
 */
export async function writeFileAtomic(path: string, data: string | Iterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      // On an open handle, each writeFile continues where the last one stopped.
      for (const chunk of typeof data === 'string' ? [data] : inChunks(data)) await handle.writeFile(chunk, 'utf8');
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
}

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The text of toJson(value), in pieces: each element of a top-level array is stringified
 * and indented on its own. A 10 MB document's citations make a 29 MB JSON text; built as
 * one string, it had to be copied flat and then encoded into a 29 MB buffer, which took
 * longer than stringifying it. Same rules as JSON.stringify: properties that are undefined
 * (or functions) are left out, such array elements become null. Only plain objects are
 * split; anything else comes as one piece.
 */
export function* jsonPieces(value: unknown): Generator<string> {
  if (!isPlainObject(value)) {
    yield toJson(value);
    return;
  }
  let separator = '{\n';
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > 0) {
      yield `${separator}  ${JSON.stringify(key)}: [`;
      let itemSeparator = '\n';
      for (const element of item as unknown[]) {
        yield `${itemSeparator}    ${indented(JSON.stringify(element, null, 2) ?? 'null', '    ')}`;
        itemSeparator = ',\n';
      }
      yield '\n  ]';
    } else {
      const text = JSON.stringify(item, null, 2) as string | undefined;
      if (text === undefined) continue;
      yield `${separator}  ${JSON.stringify(key)}: ${indented(text, '  ')}`;
    }
    separator = ',\n';
  }
  yield separator === '{\n' ? '{}\n' : '\n}\n';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || 'toJSON' in value) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** JSON text one level deeper: its only line breaks are its own layout (strings escape theirs). */
function indented(json: string, indent: string): string {
  return json.replaceAll('\n', `\n${indent}`);
}

/**
 * Pieces joined into chunks of about 16 K characters: one write each, instead of one per
 * piece. Small enough that encoding a chunk stays in malloc's heap: megabyte chunks were
 * each mapped fresh from the kernel and took twice as long to encode in all.
 */
function* inChunks(pieces: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= 1 << 14) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
