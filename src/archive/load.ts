import { readFile } from 'node:fs/promises';
import { CitecheckError } from '../errors.js';
import { STATUS_WORDS, type ArchivedCheck, type ArchiveFile } from '../types.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(path: string, field: string, should: string): CitecheckError {
  return new CitecheckError('INVALID_FIELD', `${path}: ${field} ${should}; fix or delete the archive file`);
}

const NULLABLE_STRINGS = ['reason', 'expandedUrl', 'title', 'error'] as const;

function checkEntry(path: string, field: string, entry: unknown): ArchivedCheck {
  if (!isObject(entry)) throw invalid(path, field, 'must be an object');
  const at = (name: string) => `${field}.${name}`;
  if (typeof entry.checkedAt !== 'string' || Number.isNaN(Date.parse(entry.checkedAt))) {
    throw invalid(path, at('checkedAt'), 'must be an ISO date-time');
  }
  if (!STATUS_WORDS.includes(entry.status as never)) {
    throw invalid(path, at('status'), `must be one of ${STATUS_WORDS.join(', ')}`);
  }
  if (typeof entry.finalUrl !== 'string') throw invalid(path, at('finalUrl'), 'must be a string');
  for (const name of NULLABLE_STRINGS) {
    if (entry[name] !== null && typeof entry[name] !== 'string') throw invalid(path, at(name), 'must be a string or null');
  }
  if (entry.httpStatus !== null && !Number.isInteger(entry.httpStatus)) {
    throw invalid(path, at('httpStatus'), 'must be an integer or null');
  }
  const hops = entry.hops;
  if (!Array.isArray(hops)) throw invalid(path, at('hops'), 'must be an array');
  hops.forEach((hop: unknown, i) => {
    if (!isObject(hop) || typeof hop.url !== 'string' || (hop.status !== null && !Number.isInteger(hop.status))) {
      throw invalid(path, at(`hops[${i}]`), 'must be { url: string, status: integer or null }');
    }
  });
  return entry as unknown as ArchivedCheck;
}

const DEATH_STATES = ['alive', 'failing', 'dead'];

function checkDeath(path: string, field: string, death: unknown): void {
  const ok =
    isObject(death) &&
    DEATH_STATES.includes(death.state as string) &&
    Number.isInteger(death.strikes) &&
    (death.lastStrikeAt === null || (typeof death.lastStrikeAt === 'string' && !Number.isNaN(Date.parse(death.lastStrikeAt))));
  if (!ok) throw invalid(path, field, `must be { state: ${DEATH_STATES.join(' | ')}, strikes: integer, lastStrikeAt: date or null }`);
}

/** Check the shape of a parsed archive, naming the first field that is wrong. */
function validateArchive(path: string, data: unknown): ArchiveFile {
  if (!isObject(data)) throw invalid(path, 'the top level', 'must be an object');
  if (data.schemaVersion !== 1) {
    throw invalid(path, 'schemaVersion', `is ${JSON.stringify(data.schemaVersion)}, this citecheck reads 1`);
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

/** Read the archive; a missing file is an empty archive (the first run). */
export async function loadArchive(path: string): Promise<ArchiveFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, urls: {} };
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new CitecheckError('INVALID_JSON', `${path} is not valid JSON (${reason}); fix or delete it`, { cause: error });
  }
  return validateArchive(path, data);
}
