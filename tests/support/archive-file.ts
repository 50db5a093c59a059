import { readFile } from 'node:fs/promises';
import type { ArchiveFile } from '../../src/types.js';

/**
 * The archive log folded into one object, as a person reading the file would: every check
 * line in order (a history not yet compacted can be longer than the limit), state patches
 * merged. Written apart from src/archive on purpose: it reads the format as the README documents it.
 */
export async function readArchiveFile(path: string): Promise<ArchiveFile> {
  const [header, ...lines] = (await readFile(path, 'utf8')).split('\n');
  // After the last newline: '' for a whole file, or a line a killed writer cut short (dropped, as citecheck does).
  lines.pop();
  if (JSON.parse(header ?? '{}').schemaVersion !== 2) throw new Error(`${path} is not an archive log`);
  const urls: ArchiveFile['urls'] = {};
  for (const line of lines) {
    const record = JSON.parse(line) as { url: string; check?: ArchiveFile['urls'][string]['history'][number]; set?: object };
    const entry = (urls[record.url] ??= { history: [] });
    if (record.check) entry.history.push(record.check);
    else Object.assign(entry, record.set);
  }
  return { schemaVersion: 1, urls };
}
