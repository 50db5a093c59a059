import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { fromArchivedCheck, isFailing, type Archive, type ArchiveView } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { checkEach, createResolver, feedingWindows, networkSettings, offlineTally, type Checked, type Resolver } from '../resolve/index.js';
import type { CheckResult, NoteVerification } from '../types.js';
import { nonsenseUrl, fingerprintPage, pageComparer, type NonsenseProbe } from '../verify/index.js';
import { deathPolicy, updateDeaths } from './death.js';
import { rescueSources } from './rescue.js';
import { ChangesByUrl, type CheckRun } from './outcome.js';
import type { CitationStore, CitingNote } from './citation-store.js';
import { createResultStore, type ResultStore, type StoredCheck } from './result-store.js';

export interface CheckDeps {
  archive: Archive;
  logger?: Logger;
  dispatcher?: Dispatcher;
  /** Called after each URL: how many are done, of how many, and the host just finished. */
  onProgress?: (done: number, total: number, host: string) => void;
  /** With --resume: URLs whose last archived check is younger than this are not fetched again. */
  resumeMaxAgeHours?: number;
  signal?: AbortSignal;
  /**
   * With --confirm-now: try each failing URL once more from scratch after this pause, and
   * keep the second answer (marked `rechecked`).
   */
  confirmPauseMs?: number;
  /** The run's clock (stamps every check; tests move it across days). Default Date.now. */
  now?: () => number;
}

/**
 * Resolve every distinct URL of the documents once, compare each page with the notes that
 * cite it while its body is still in memory (the notes read back from the store for it, and
 * let go after), and record each result in the archive as it completes (so an interrupted
 * run keeps what it learned).
 */
export async function checkDocuments(citations: CitationStore, config: Config, deps: CheckDeps): Promise<CheckRun> {
  const now = deps.now ?? Date.now;
  const checkedAt = new Date(now()).toISOString();
  const sources = citations.urls();
  const resolver = createResolver({ ...networkSettings(config), dispatcher: deps.dispatcher, logger: deps.logger, now });
  // Beside the check output: a store left by a killed run goes with that file's next write.
  const store = await createResultStore(config.checkOutput, citations, 'check-file');
  const changes = new ChangesByUrl();
  const keep = (found: StoredCheck): void => {
    store.put(found);
    changes.record(found.result, deps.archive.previous(found.result.url, checkedAt));
  };
  const probes = new Map<string, Promise<NonsenseProbe | null>>();
  const toFetch = deps.resumeMaxAgeHours === undefined ? sources : stale(deps.archive, sources, deps.resumeMaxAgeHours, now(), keep);
  const tally = offlineTally();
  const failing: string[] = [];
  let confirming = false;
  let done = store.size;
  let archiveError: unknown = null;

  const onResult = async (checked: Checked): Promise<void> => {
    const { result } = checked;
    let verifications: NoteVerification[] = [];
    if (citations.has(result.url)) {
      const probe = checked.html ? await probeFor(resolver, probes, result) : null;
      verifications = verifySource(citations.notesCiting(result.url), checked, probe);
      applySoft404(result, verifications);
    }
    if (confirming) result.rechecked = true;
    else {
      tally.add(result);
      if (isFailing(result.status)) failing.push(result.url);
    }
    keep({ result, verifications });
    // Not awaited here: the archive batches writes, and close() flushes the last ones.
    deps.archive.record(result).catch((error: unknown) => {
      archiveError ??= error;
    });
    done += 1;
    deps.onProgress?.(done, sources.length, hostOf(result.url));
  };

  try {
    const feeding = { signal: deps.signal, ...feedingWindows(config) };
    await checkEach(resolver, toFetch, onResult, feeding);
    const offline = tally.offline();
    if (deps.confirmPauseMs !== undefined && !offline && failing.length > 0 && !deps.signal?.aborted) {
      await delay(deps.confirmPauseMs, undefined, { signal: deps.signal }).catch(() => undefined);
      confirming = true;
      await checkEach(resolver, failing, onResult, feeding);
    }
    if (archiveError) throw archiveError;
    await store.sortByUrl();
    if (!offline) {
      updateDeaths(deps.archive, fetchedResults(toFetch, store), deathPolicy(config));
      if (config.rescue && !deps.signal?.aborted) await rescueSources(citations, (url) => store.get(url), config, { archive: deps.archive, resolver, logger: deps.logger, now });
    }
    const urls = sources.filter((url) => store.has(url));
    const citationsPath = citations.documents.map((d) => d.document.path).join(', ');
    return { checkedAt, citations: citationsPath, offline, partial: urls.length < sources.length, urls, found: (url) => store.get(url), texts: (url) => store.texts(url), changes: (url) => changes.of(url), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  } finally {
    await resolver.close();
  }
}

/** This run's answers for the URLs it fetched, read back one at a time. */
function* fetchedResults(urls: readonly string[], store: ResultStore): Generator<CheckResult> {
  for (const url of urls) {
    const result = store.result(url);
    if (result !== null) yield result;
  }
}

/**
 * With --resume: the URLs to fetch again. Those whose last archived check is younger than
 * `maxAgeHours` are put in the store as archived, and not fetched.
 */
function stale(archive: ArchiveView, sources: readonly string[], maxAgeHours: number, now: number, keep: (found: StoredCheck) => void): string[] {
  const oldest = now - maxAgeHours * 3_600_000;
  return sources.flatMap((url) => {
    const last = archive.lastChecked(url);
    if (last === null || Date.parse(last.checkedAt) < oldest) return [url];
    keep({ result: fromArchivedCheck(url, last), verifications: [] });
    return [];
  });
}

function verifySource(notes: readonly CitingNote[], checked: Checked, probe: NonsenseProbe | null): NoteVerification[] {
  const compare = pageComparer(checked.result, checked.html, probe);
  const { url } = checked.result;
  return notes.map((note) => ({ document: note.document, number: note.citation.number, url, verification: compare(note) }));
}

/** Soft 404 is a fact about the URL, so any note's finding of it changes the URL's status. */
function applySoft404(result: CheckResult, verifications: readonly NoteVerification[]): void {
  if (result.status !== 'ok' && result.status !== 'redirected') return;
  const finding = verifications.find((v) => v.verification.soft404.length > 0);
  const reason = finding?.verification.soft404[0];
  if (reason) Object.assign(result, { status: 'soft_404', reason });
}

/** One nonsense-path probe per host, shared by every URL on it, fetched through the same polite gate. */
function probeFor(resolver: Resolver, probes: Map<string, Promise<NonsenseProbe | null>>, result: CheckResult): Promise<NonsenseProbe | null> {
  const host = hostOf(result.finalUrl);
  let probe = probes.get(host);
  if (!probe) {
    probe = resolver.fetchPage(nonsenseUrl(result.finalUrl)).then(
      (page) => ({ host, status: page.status, finalUrl: page.finalUrl, ...fingerprintPage(page.html) }),
      () => null,
    );
    probes.set(host, probe);
  }
  return probe;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

