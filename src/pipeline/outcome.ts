import { changesOf } from '../archive/index.js';
import type { ArchivedCheck, Change, CheckFile, CheckResult } from '../types.js';
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
  /** What changed for `url` since the last run: nothing for most URLs, and for one never checked before. */
  changes(url: string): readonly Change[];
}

const UNCHANGED: readonly Change[] = [];

/**
 * Each URL's changes since the last run, worked out as its result comes, so the reports need
 * not read every result back once more for them. Kept only where there are some.
 */
export class ChangesByUrl {
  private readonly byUrl = new Map<string, Change[]>();

  /** `before`: the URL's last check from an earlier run. A later result for the URL (a second try) replaces the first's changes. */
  record(result: CheckResult, before: ArchivedCheck | null): void {
    const changes = changesOf(result, before);
    if (changes.length > 0) this.byUrl.set(result.url, changes);
    else this.byUrl.delete(result.url);
  }

  of(url: string): readonly Change[] {
    return this.byUrl.get(url) ?? UNCHANGED;
  }
}

/** A check.json read back; `previousOf` gives a URL's last check from an earlier run (`archive.previous`). */
export function outcomeOfFile(file: CheckFile, previousOf: (url: string) => ArchivedCheck | null): CheckOutcome {
  const byUrl = new Map(file.results.map((result) => [result.url, { result, verifications: [] as StoredCheck['verifications'] }]));
  for (const verification of file.verifications) byUrl.get(verification.url)?.verifications.push(verification);
  const changes = new ChangesByUrl();
  for (const result of file.results) changes.record(result, previousOf(result.url));
  return { ...file, urls: file.results.map((r) => r.url), found: (url) => byUrl.get(url) ?? null, changes: (url) => changes.of(url) };
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
