import { CitecheckError } from '../errors.js';
import type { ArchiveFile } from '../types.js';
import { checkDeath, checkEntry, invalid, isObject } from './validate.js';

/** Check the shape of a parsed archive of the first format, naming the first field that is wrong. */
function validateArchive(path: string, data: unknown): ArchiveFile {
  if (!isObject(data)) throw invalid(path, 'the top level', 'must be an object');
  if (data.schemaVersion !== 1) {
    throw invalid(path, 'schemaVersion', `is ${JSON.stringify(data.schemaVersion)}, this citecheck reads 1 (one JSON document) and 2 (one record a line)`);
  }
  if (!isObject(data.urls)) throw invalid(path, 'urls', 'must be an object keyed by URL');
  for (const [url, record] of Object.entries(data.urls)) {
    const field = `urls[${JSON.stringify(url)}]`;
    if (!isObject(record) || !Array.isArray(record.history)) throw invalid(path, `${field}.history`, 'must be an array');
    record.history.forEach((entry: unknown, i) => checkEntry(path, `${field}.history[${i}]`, entry));
    if (record.death !== undefined) checkDeath(path, `${field}.death`, record.death);
  }
  return data as unknown as ArchiveFile;
}

/**
 * An archive written by citecheck before the log format: one JSON document holding every
 * URL. Read whole, which is why the format was left: it had to be held and rewritten whole.
 */
export function parseLegacyArchive(path: string, text: string): ArchiveFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new CitecheckError('INVALID_JSON', `${path} is not valid JSON (${reason}); fix or delete it`, { cause: error });
  }
  return validateArchive(path, data);
}
