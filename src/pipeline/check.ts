import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { fromArchivedCheck, isFailing, type Archive, type ArchiveView } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { checkAll, createResolver, looksOffline, networkSettings, type Checked, type Resolver } from '../resolve/index.js';
import type { CheckFile, CheckResult, CitationsFile, NoteVerification } from '../types.js';
import { nonsenseUrl, fingerprintPage, pageComparer, type NonsenseProbe } from '../verify/index.js';
import { deathPolicy, updateDeaths } from './death.js';
import { rescueSources } from './rescue.js';
import { collectSources, type Source } from './sources.js';

export interface CheckDeps {
  archive: Archive;
  logger?: Logger;
  dispatcher?: Dispatcher;
  /** Called after each URL: how many are done, of how many, and the host just finished. */
  onProgress?: (done: number, total: number, host: string) => void;
  /** With --resume: URLs whose last archived check is younger than this are not fetched again. */
  resumeMaxAgeHours?: number;
  signal?: AbortSignal;
  citationsPath: string;
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
 * cite it while its body is still in memory, and record each result in the archive as it
 * completes (so an interrupted run keeps what it learned).
 */
export async function checkDocuments(files: readonly CitationsFile[], config: Config, deps: CheckDeps): Promise<CheckFile> {
  const now = deps.now ?? Date.now;
  const checkedAt = new Date(now()).toISOString();
  const sources = collectSources(files);
  const byUrl = new Map(sources.map((s) => [s.url, s]));
  const resolver = createResolver({ ...networkSettings(config), dispatcher: deps.dispatcher, logger: deps.logger, now });
  const probes = new Map<string, Promise<NonsenseProbe | null>>();
  // By URL, so a second try (--confirm-now) replaces what the first one found.
  const verificationsByUrl = new Map<string, NoteVerification[]>();
  const reuse = deps.resumeMaxAgeHours === undefined ? new Map<string, CheckResult>() : freshResults(deps.archive, sources, deps.resumeMaxAgeHours, now());
  const reused = [...reuse.values()];
  const toFetch = sources.filter((s) => !reuse.has(s.url)).map((s) => s.url);
  let done = reused.length;
  let archiveError: unknown = null;

  const onResult = async (checked: Checked): Promise<void> => {
    const source = byUrl.get(checked.result.url);
    if (source) {
      const probe = checked.html ? await probeFor(resolver, probes, checked.result) : null;
      const found = verifySource(source, checked, probe);
      verificationsByUrl.set(source.url, found);
      applySoft404(checked.result, found);
    }
    // Not awaited here: the archive coalesces writes, and close() flushes the last state.
    deps.archive.record(checked.result).catch((error: unknown) => {
      archiveError ??= error;
    });
    done += 1;
    deps.onProgress?.(done, sources.length, hostOf(checked.result.url));
  };

  try {
    // Enough URL checks under way per host to keep its allowed connections busy through
    // every URL's later hops and retries, without queueing the whole document in memory.
    const feeding = { signal: deps.signal, perHostWindow: Math.max(8, 4 * config.hostConcurrency), window: Math.max(512, 4 * config.concurrency) };
    const firstTries = await checkAll(resolver, toFetch, onResult, feeding);
    const offline = firstTries.length > 0 && looksOffline(firstTries);
    const failing = firstTries.filter((r) => isFailing(r.status)).map((r) => r.url);
    let fetched = firstTries;
    if (deps.confirmPauseMs !== undefined && !offline && failing.length > 0 && !deps.signal?.aborted) {
      await delay(deps.confirmPauseMs, undefined, { signal: deps.signal }).catch(() => undefined);
      const again = new Map((await checkAll(resolver, failing, onResult, feeding)).map((r) => [r.url, { ...r, rechecked: true }]));
      fetched = firstTries.map((r) => again.get(r.url) ?? r);
    }
    if (archiveError) throw archiveError;
    const results = new Map([...reused, ...fetched].map((r) => [r.url, r]));
    const verifications = sources.flatMap((s) => verificationsByUrl.get(s.url) ?? []);
    if (!offline) {
      updateDeaths(deps.archive, fetched, deathPolicy(config));
      if (config.rescue && !deps.signal?.aborted) await rescueSources(sources, [...results.values()], verifications, config, { archive: deps.archive, resolver, logger: deps.logger, now });
    }
    return {
      schemaVersion: 1,
      checkedAt,
      citations: deps.citationsPath,
      offline,
      partial: results.size < sources.length,
      results: sources.flatMap((s) => results.get(s.url) ?? []),
      verifications,
    };
  } finally {
    await resolver.close();
  }
}

function freshResults(archive: ArchiveView, sources: readonly Source[], maxAgeHours: number, now: number): Map<string, CheckResult> {
  const oldest = now - maxAgeHours * 3_600_000;
  const fresh = new Map<string, CheckResult>();
  for (const { url } of sources) {
    const last = archive.lastChecked(url);
    if (last && Date.parse(last.checkedAt) >= oldest) fresh.set(url, fromArchivedCheck(url, last));
  }
  return fresh;
}

function verifySource(source: Source, checked: Checked, probe: NonsenseProbe | null): NoteVerification[] {
  const compare = pageComparer(checked.result, checked.html, probe);
  return source.notes.map((note) => ({ document: note.document, number: note.citation.number, url: source.url, verification: compare(note) }));
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

