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

/** `beside`: the check output's path; a store left by a killed run goes with its next write. */
export async function createResultStore(beside: string): Promise<ResultStore> {
  await mkdir(dirname(beside), { recursive: true });
  const path = tempPathFor(beside);
  const fd = openSync(path, 'w+');
  const lines = new LineWriter(fd, path, 0);
  const lineOf = new Map<string, number>();
  const where = new LineIndex();
  let closed = false;
  return {
    put(found) {
      const { start, length, written } = lines.append(`${JSON.stringify(found)}\n`);
      // A failed write is thrown again by the next read or by close(), which flush.
      written.catch(() => undefined);
      lineOf.set(found.result.url, where.push(start, length));
    },
    get(url) {
      const at = lineOf.get(url);
      return at === undefined ? null : (JSON.parse(lines.read(where.start(at), where.length(at))) as StoredCheck);
    },
    has: (url) => lineOf.has(url),
    get size() {
      return lineOf.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      lines.discard();
      await rm(path, { force: true });
    },
  };
}
