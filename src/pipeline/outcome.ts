import type { CheckFile } from '../types.js';
import { ArrayStream, jsonPieces } from '../util/fs.js';
import type { StoredCheck } from './result-store.js';

/**
 * What a check found, as the later steps read it: by URL, one at a time. Behind it is either
 * a run's result store (nothing held) or a check.json read back by `report`.
 */
export interface CheckOutcome {
  checkedAt: string;
  citations: string;
  /** True when every request failed below HTTP (no DNS, no route): nothing was really checked. */
  offline: boolean;
  /** True when the run was interrupted before every URL was checked. */
  partial: boolean;
  /** The distinct URLs that have a result, in the documents' order. */
  urls: readonly string[];
  found(url: string): StoredCheck | null;
}

export function outcomeOfFile(file: CheckFile): CheckOutcome {
  const byUrl = new Map(file.results.map((result) => [result.url, { result, verifications: [] as StoredCheck['verifications'] }]));
  for (const verification of file.verifications) byUrl.get(verification.url)?.verifications.push(verification);
  return { ...file, urls: file.results.map((r) => r.url), found: (url) => byUrl.get(url) ?? null };
}

/** check.json, made in pieces as the results are read back: the same text as jsonPieces of the whole CheckFile. */
export function checkFilePieces(outcome: CheckOutcome): Iterable<string> {
  const each = function* <T>(pick: (found: StoredCheck) => T[]): Generator<T> {
    for (const url of outcome.urls) {
      const found = outcome.found(url);
      if (found !== null) yield* pick(found);
    }
  };
  return jsonPieces({
    schemaVersion: 1,
    checkedAt: outcome.checkedAt,
    citations: outcome.citations,
    offline: outcome.offline,
    partial: outcome.partial,
    results: new ArrayStream(() => each((found) => [found.result])),
    verifications: new ArrayStream(() => each((found) => found.verifications)),
  });
}
