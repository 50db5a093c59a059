import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckResult, NoteVerification } from '../types.js';
import { jsonText } from '../util/fs.js';
import { TextSpool } from '../util/line-file.js';

/** One URL's answer and how each note citing it compared with the page. */
export interface StoredCheck {
  result: CheckResult;
  verifications: NoteVerification[];
}

/**
 * A StoredCheck as JSON texts in its store's layout: the result, and the verifications joined
 * by commas ('' for none).
 */
export interface StoredCheckTexts {
  result: string;
  verifications: string;
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
  /** The URL's result alone: its verifications are not read. */
  result(url: string): CheckResult | null;
  /** What get() gives, as the texts it is kept as: check.json is made of a 'check-file' store's, which it would only lay out again. */
  texts(url: string): StoredCheckTexts | null;
  has(url: string): boolean;
  readonly size: number;
  /**
   * Rewrite the file in the order of the URLs' numbers, once every answer is in: the reports
   * read it in that order, several times over, and answers come in the order they arrive.
   */
  sortByUrl(): Promise<void>;
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
 * How a store lays out what it keeps. 'check-file': as check.json lays out its elements (see
 * JsonTexts), for a run that writes one from texts(). 'compact': as JSON.stringify does, for
 * `report`, which writes no check.json: the indented layout cost it 0.8 s of CPU at 100,000
 * URLs, and more bytes queued and read back.
 */
export type StoredLayout = 'check-file' | 'compact';

const LAYOUTS: Record<StoredLayout, { text: (value: unknown) => string; between: string }> = {
  'check-file': { text: jsonText, between: ',\n' },
  compact: { text: (value) => JSON.stringify(value), between: ',' },
};

/**
 * `beside`: the check output's path; a store left by a killed run goes with its next write.
 * Only the run's URLs are kept: where each line is goes in an array by URL number, not in
 * one more map of every URL. Results and verifications are kept apart, as the texts check.json
 * is made of: of the four reads of each URL after a run, the death states read the result
 * alone, and check.json's two passes (its results, then its verifications) each copy one text
 * in place where they parsed the whole record and laid it out again.
 */
export async function createResultStore(beside: string, urls: UrlNumbers, layout: StoredLayout): Promise<ResultStore> {
  const { text, between } = LAYOUTS[layout];
  await mkdir(dirname(beside), { recursive: true });
  let results = new TextSpool(beside);
  let verifications = new TextSpool(beside);
  const lineOf = new Int32Array(urls.urlCount).fill(-1);
  let size = 0;
  const lineFor = (url: string): number => {
    const number = urls.urlNumber(url);
    return number === -1 ? -1 : (lineOf[number] as number);
  };
  return {
    put(found) {
      const number = urls.urlNumber(found.result.url);
      if (number === -1) throw new Error(`result store: ${found.result.url} is not a URL of this run`);
      if (lineOf[number] === -1) size += 1;
      lineOf[number] = results.append(text(found.result));
      verifications.append(found.verifications.map(text).join(between));
    },
    get(url) {
      const at = lineFor(url);
      if (at === -1) return null;
      const listed = verifications.read(at);
      return { result: JSON.parse(results.read(at)) as CheckResult, verifications: listed === '' ? [] : (JSON.parse(`[${listed}]`) as NoteVerification[]) };
    },
    result(url) {
      const at = lineFor(url);
      return at === -1 ? null : (JSON.parse(results.read(at)) as CheckResult);
    },
    texts(url) {
      const at = lineFor(url);
      return at === -1 ? null : { result: results.read(at), verifications: verifications.read(at) };
    },
    has: (url) => lineFor(url) !== -1,
    get size() {
      return size;
    },
    async sortByUrl() {
      const order = new Int32Array(size);
      let next = 0;
      for (const at of lineOf) if (at !== -1) order[next++] = at;
      results = await results.reordered(order);
      verifications = await verifications.reordered(order);
      next = 0;
      for (let number = 0; number < lineOf.length; number += 1) if (lineOf[number] !== -1) lineOf[number] = next++;
    },
    async close() {
      await results.close();
      await verifications.close();
    },
  };
}
