import { CitecheckError } from '../errors.js';
import type { ArchivedCheck, ArchivedUrl } from '../types.js';
import { checkDeath, checkEntry, invalid, isObject } from './validate.js';

/** The per-URL state later stages keep beside `history`. */
export type UrlAnnotation = Partial<Omit<ArchivedUrl, 'history'>>;

/**
 * The archive is a log: a header line, then one JSON record a line, appended as the run goes.
 * A check is `{"url","check"}`; state set beside the history is `{"url","set"}` (a patch:
 * fields it names replace the URL's, others stay). Appending a line costs the same at 100
 * URLs and at 100,000, where rewriting one JSON document cost seconds each time; and a run
 * needs to hold an index of the file, not the file.
 */
export const LOG_HEADER = '{"schemaVersion":2,"format":"citecheck archive: one JSON record a line"}';

export type LogRecord = { url: string; check: ArchivedCheck } | { url: string; set: UrlAnnotation };

export function checkLine(url: string, check: ArchivedCheck): string {
  return `${JSON.stringify({ url, check })}\n`;
}

export function annotationLine(url: string, set: UrlAnnotation): string {
  return `${JSON.stringify({ url, set })}\n`;
}

/** Whether the file's first line says it is a log (else it is a one-document archive). */
export function isLogHeader(line: string): boolean {
  try {
    const header = JSON.parse(line) as unknown;
    return isObject(header) && header.schemaVersion === 2;
  } catch {
    return false;
  }
}

/** One line of the log, checked: a wrong line is named by its number, like a compiler error. */
export function parseLogLine(path: string, lineNumber: number, text: string): LogRecord {
  const where = `${path}:${lineNumber}`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new CitecheckError('INVALID_JSON', `${where}: not a valid JSON record (${reason}); fix or delete the archive file`, { cause: error });
  }
  if (!isObject(data) || typeof data.url !== 'string') throw invalid(where, 'url', 'must be a string');
  if ('check' in data) return { url: data.url, check: checkEntry(where, 'check', data.check) };
  if (!isObject(data.set)) throw invalid(where, 'the record', 'must have a `check` or a `set` object');
  if (data.set.death !== undefined) checkDeath(where, 'set.death', data.set.death);
  return { url: data.url, set: data.set as UrlAnnotation };
}
