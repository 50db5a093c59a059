import { changesOf } from '../archive/index.js';
import type { ArchivedCheck, Change, CheckResult, CheckStream, NoteVerification } from '../types.js';
import { JsonTexts, jsonPieces } from '../util/fs.js';
import { Chains, RecordSpool } from '../util/line-file.js';
import { createResultStore, type StoredCheck, type StoredCheckTexts, type UrlNumbers } from './result-store.js';

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

/** What a check found, read back from a result store; close() deletes the store. */
export interface StoredOutcome extends CheckOutcome {
  close(): Promise<void>;
}

/** A run's outcome, its store laid out for check.json: what checkFilePieces writes. */
export interface CheckRun extends StoredOutcome {
  /** found(url) as the JSON texts check.json is made of. */
  texts(url: string): StoredCheckTexts | null;
}

/**
 * A check.json read back into a result store beside `beside` (the file's path), for the
 * reports of `citations`: each result with the verifications of its URL, and the changes since
 * `previousOf` (a URL's last check from an earlier run: `archive.previous`). Results for URLs
 * the citations do not cite are left out; for a URL given twice, the last counts. Nothing of
 * the file is held: at 100,000 URLs check.json is over 200 MB.
 */
export async function outcomeOfFile(
  file: CheckStream,
  citations: UrlNumbers & { urls(): string[] },
  beside: string,
  previousOf: (url: string) => ArchivedCheck | null,
): Promise<StoredOutcome> {
  const store = await createResultStore(beside, citations, 'compact');
  try {
    const verifications = await groupedByUrl(file.verifications, citations, beside);
    const changes = new ChangesByUrl();
    try {
      for (const result of file.results) {
        const number = citations.urlNumber(result.url);
        if (number === -1) continue;
        store.put({ result, verifications: verifications.of(number) });
        changes.record(result, previousOf(result.url));
      }
    } finally {
      await verifications.close();
    }
    await store.sortByUrl();
    const urls = citations.urls().filter((url) => store.has(url));
    return { ...headerOf(file), urls, found: (url) => store.get(url), changes: (url) => changes.of(url), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function headerOf({ checkedAt, citations, offline, partial }: CheckStream): Pick<CheckOutcome, 'checkedAt' | 'citations' | 'offline' | 'partial'> {
  return { checkedAt, citations, offline, partial };
}

/** The verifications of each URL, in the order given, kept in a temp file: a chain per URL number, its items the spool's ordinals. */
async function groupedByUrl(verifications: Iterable<NoteVerification>, urls: UrlNumbers, beside: string): Promise<{ of(number: number): NoteVerification[]; close(): Promise<void> }> {
  const spool = new RecordSpool<NoteVerification>(beside);
  const chains = new Chains();
  for (let number = 0; number < urls.urlCount; number += 1) chains.newChain();
  try {
    for (const verification of verifications) {
      const number = urls.urlNumber(verification.url);
      if (number === -1) continue;
      spool.append(verification);
      chains.append(number);
    }
  } catch (error) {
    await spool.close();
    throw error;
  }
  return {
    of(number) {
      const found: NoteVerification[] = [];
      for (let ordinal = chains.first(number); ordinal !== -1; ordinal = chains.next(ordinal)) found.push(spool.read(ordinal));
      return found;
    },
    close: () => spool.close(),
  };
}

/** check.json, made in pieces as the results are read back: the same text as jsonPieces of the whole CheckFile. */
export function checkFilePieces(outcome: CheckRun): Iterable<string> {
  const each = function* (pick: (texts: StoredCheckTexts) => string): Generator<string> {
    for (const url of outcome.urls) {
      const texts = outcome.texts(url);
      if (texts !== null) yield pick(texts);
    }
  };
  return jsonPieces({
    schemaVersion: 1,
    checkedAt: outcome.checkedAt,
    citations: outcome.citations,
    offline: outcome.offline,
    partial: outcome.partial,
    results: new JsonTexts(() => each((texts) => texts.result)),
    verifications: new JsonTexts(() => each((texts) => texts.verifications)),
  });
}
