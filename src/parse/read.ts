import { isUtf8 } from 'node:buffer';
import { CitecheckError } from '../errors.js';
import { readFileBytes } from '../util/fs.js';
import { ByteLines } from './lines.js';

/** A handful of stray bytes (one mis-encoded name) is tolerated; more means it is not UTF-8 text. */
const TOLERATED_INVALID_SEQUENCES = 8;

/**
 * Read a document's lines: UTF-8 (or UTF-16 with a byte-order mark), BOM stripped, any
 * line end read as `\n`. Each line is decoded when it is read (see ByteLines). Refuses
 * missing, binary and empty files with a message that names the file.
 */
export async function readDocument(path: string): Promise<ByteLines> {
  const lines = new ByteLines(utf8Of(await readBytes(path), path));
  if (isBlank(lines)) {
    throw new CitecheckError('INPUT_EMPTY', `${path}: the file is empty`);
  }
  return lines;
}

/** Stops at the first line with text in it, in nearly every document the first. */
function isBlank(lines: ByteLines): boolean {
  for (let i = 0; i < lines.length; i += 1) if ((lines.at(i) ?? '').trim() !== '') return false;
  return true;
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFileBytes(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    throw new CitecheckError('INPUT_NOT_FOUND', `${path}: ${reason}`, { cause: error });
  }
}

/** The document as UTF-8: checked when it is, made from the text when it is UTF-16 (rare, and small). */
function utf8Of(bytes: Buffer, path: string): Buffer {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(new TextDecoder('utf-16le').decode(bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(new TextDecoder('utf-16be').decode(bytes));
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new CitecheckError('INPUT_NOT_TEXT', `${path}: not a text file (binary content at byte ${nul})`);
  }
  // The native check clears a valid file at once; the byte-by-byte scan (~80 ms for 10 MB)
  // runs only for a file with bad bytes, to count them and say where the first one is.
  const invalid = isUtf8(bytes) ? [] : invalidUtf8Offsets(bytes, TOLERATED_INVALID_SEQUENCES + 1);
  if (invalid.length > TOLERATED_INVALID_SEQUENCES) {
    throw new CitecheckError(
      'INPUT_NOT_TEXT',
      `${path}: not a text file (invalid UTF-8 at byte ${invalid[0]}; save it as UTF-8 text)`,
    );
  }
  return bytes;
}

/** Offsets of malformed UTF-8 sequences (RFC 3629 §4), stopping after `limit` of them. */
export function invalidUtf8Offsets(bytes: Uint8Array, limit: number): number[] {
  const found: number[] = [];
  let i = 0;
  while (i < bytes.length && found.length < limit) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      found.push(i);
      i += 1;
    } else {
      i += length;
    }
  }
  return found;
}

/**
 * Well-formed lead bytes, with the sequence length and the range allowed for the second
 * byte (RFC 3629 §4 table: no overlongs, no surrogates, nothing above U+10FFFF).
 */
const LEADS: readonly { from: number; to: number; length: number; low: number; high: number }[] = [
  { from: 0xc2, to: 0xdf, length: 2, low: 0x80, high: 0xbf },
  { from: 0xe0, to: 0xe0, length: 3, low: 0xa0, high: 0xbf },
  { from: 0xe1, to: 0xec, length: 3, low: 0x80, high: 0xbf },
  { from: 0xed, to: 0xed, length: 3, low: 0x80, high: 0x9f },
  { from: 0xee, to: 0xef, length: 3, low: 0x80, high: 0xbf },
  { from: 0xf0, to: 0xf0, length: 4, low: 0x90, high: 0xbf },
  { from: 0xf1, to: 0xf3, length: 4, low: 0x80, high: 0xbf },
  { from: 0xf4, to: 0xf4, length: 4, low: 0x80, high: 0x8f },
];

/** Length of the well-formed sequence starting at `i`, or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const rule = LEADS.find((entry) => lead >= entry.from && lead <= entry.to);
  if (!rule || i + rule.length > bytes.length) return 0;
  const second = bytes[i + 1] ?? 0;
  if (second < rule.low || second > rule.high) return 0;
  for (let k = 2; k < rule.length; k += 1) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return rule.length;
}
