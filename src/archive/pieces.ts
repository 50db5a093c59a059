import type { ArchiveFile } from '../types.js';
import { toJson } from '../util/fs.js';

/** URLs stringified together: pieces of some 50 K characters. */
const URLS_PER_PIECE = 32;

const URLS_MEMBER = '\n  "urls": ';
const CHUNK_HEAD = '{\n  "urls": {\n';
const CHUNK_TAIL = '\n  }\n}';

/**
 * The text of toJson(file), in pieces of a few dozen URLs, taken from the state as it is
 * now (entries are replaced on change, never mutated, so the references are a snapshot).
 * As one string the archive (some 1 KB a URL) had to be encoded into a buffer in one go,
 * which cost more than stringifying it; writeFileAtomic encodes pieces block by block.
 * Each piece comes from JSON.stringify itself (the URLs wrapped as they sit in the file),
 * so its layout rules hold.
 */
export function archivePieces(file: ArchiveFile): Iterable<string> {
  // JSON leaves out a member whose value is undefined; a piece of nothing but those would break the layout.
  const entries = Object.entries(file.urls).filter(([, entry]) => entry !== undefined);
  // The file with "urls" emptied, members in their order, split where "urls" goes.
  const skeleton = toJson(Object.fromEntries(Object.entries(file).map(([key, value]) => [key, key === 'urls' ? {} : value])));
  const at = skeleton.indexOf(`${URLS_MEMBER}{}`) + URLS_MEMBER.length;
  return (function* pieces(): Generator<string> {
    yield skeleton.slice(0, at);
    if (entries.length === 0) yield '{}';
    else {
      yield '{\n';
      for (let i = 0; i < entries.length; i += URLS_PER_PIECE) {
        const urls = Object.fromEntries(entries.slice(i, i + URLS_PER_PIECE));
        const text = JSON.stringify({ urls }, null, 2).slice(CHUNK_HEAD.length, -CHUNK_TAIL.length);
        yield i === 0 ? text : `,\n${text}`;
      }
      yield '\n  }';
    }
    yield skeleton.slice(at + 2);
  })();
}
