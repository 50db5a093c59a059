import { openSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckResult, NoteVerification } from '../types.js';
import { tempPathFor } from '../util/fs.js';
import { LineIndex, LineWriter } from '../util/line-file.js';

/** One URL's answer and how each note citing it compared with the page. */
export interface StoredCheck {
  result: CheckResult;
  verifications: NoteVerification[];
}

/**
 * The run's results, one JSON line each in a temp file beside the check output, read back by
 * URL when the reports are written. A run holds where each line is, not the results: at
 * 100,000 URLs they were hundreds of MB, all alive until the end of the run.
 */
export interface ResultStore {
  /** Keep this URL's answer; a later put for the same URL (a second try) replaces it. */
  put(found: StoredCheck): void;
  get(url: string): StoredCheck | null;
  has(url: string): boolean;
  readonly size: number;
  /** Delete the file. */
  close(): Promise<void>;
}

/** The run's URLs numbered 0, 1, … (the citation store's): a result is kept by its URL's number. */
export interface UrlNumbers {
  readonly urlCount: number;
  /** -1 for a URL that is not the run's. */
  urlNumber(url: string): number;
}

/**
 * `beside`: the check output's path; a store left by a killed run goes with its next write.
 * Only the run's URLs are kept: where each line is goes in an array by URL number, not in
 * one more map of every URL.
 */
export async function createResultStore(beside: string, urls: UrlNumbers): Promise<ResultStore> {
  await mkdir(dirname(beside), { recursive: true });
  const path = tempPathFor(beside);
  const fd = openSync(path, 'w+');
  const lines = new LineWriter(fd, path, 0);
  const lineOf = new Int32Array(urls.urlCount).fill(-1);
  const where = new LineIndex();
  let size = 0;
  let closed = false;
  const lineFor = (url: string): number => {
    const number = urls.urlNumber(url);
    return number === -1 ? -1 : (lineOf[number] as number);
  };
  return {
    put(found) {
      const { start, length, written } = lines.append(`${JSON.stringify(found)}\n`);
      // A failed write is thrown again by the next read or by close(), which flush.
      written.catch(() => undefined);
      const number = urls.urlNumber(found.result.url);
      if (number === -1) throw new Error(`result store: ${found.result.url} is not a URL of this run`);
      if (lineOf[number] === -1) size += 1;
      lineOf[number] = where.push(start, length);
    },
    get(url) {
      const at = lineFor(url);
      return at === -1 ? null : (JSON.parse(lines.read(where.start(at), where.length(at))) as StoredCheck);
    },
    has: (url) => lineFor(url) !== -1,
    get size() {
      return size;
    },
    async close() {
      if (closed) return;
      closed = true;
      lines.discard();
      await rm(path, { force: true });
    },
  };
}
