import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Archive } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { isCitecheckError } from '../errors.js';
import { extractPageMeta, type Resolver } from '../resolve/index.js';
import { needsArchivedCopy, rescue, type FetchJson, type Judge, type RescueDeps } from '../rescue/index.js';
import type { CheckResult } from '../types.js';
import { verifyCitation, type ComparedCitation } from '../verify/index.js';
import type { CitationStore } from './citation-store.js';
import type { StoredCheck } from './result-store.js';

export interface RescueRunDeps {
  archive: Archive;
  resolver: Resolver;
  logger?: Logger;
  /** The run's clock, for the cache's age. */
  now: () => number;
}

/** Wayback lookups at once; each is a few requests, all to the archive's hosts and through their gate. */
const LOOKUPS_AT_ONCE = 4;

/**
 * Look up an archived copy for every source that needs one, and keep what was found (or
 * that nothing was) in the archive beside the URL's history. A lookup younger than
 * `rescueMaxAgeDays` is reused; an archive that did not answer is logged and not cached.
 */
export async function rescueSources(
  citations: Pick<CitationStore, 'urls' | 'notesCiting'>,
  found: (url: string) => StoredCheck | null,
  config: Config,
  deps: RescueRunDeps,
): Promise<void> {
  const limit = pLimit(LOOKUPS_AT_ONCE);
  // One archive that does not answer (offline, down) answers no better for the next source:
  // stop asking for this run rather than wait out every lookup; the next run asks again.
  let archiveDown = false;
  let skipped = 0;
  const base: Omit<RescueDeps, 'judge'> = {
    fetchJson: fetchJsonVia(deps.resolver),
    fetchPage: (url) => deps.resolver.fetchPage(url),
    cdxBase: config.waybackCdxBase,
    availabilityBase: config.waybackAvailabilityBase,
    webBase: config.waybackWebBase,
  };
  const jobs = citations.urls().flatMap((url) => {
    const checked = found(url);
    if (checked === null) return [];
    const { status, expandedUrl, finalUrl } = checked.result;
    const entry = deps.archive.annotation(url);
    const needs = [null, ...checked.verifications.map((v) => v.verification)].some((verification) =>
      needsArchivedCopy({ status, verification, death: entry?.death ?? null }),
    );
    if (!needs || isFresh(entry?.archivedCopyCheckedAt, config.rescueMaxAgeDays, deps.now())) return [];
    return [
      limit(async () => {
        if (archiveDown) {
          skipped += 1;
          return;
        }
        // Read when its turn comes: the note (and the result) of every job queued, held until then, were what the stores save.
        const note = citations.notesCiting(url)[0];
        if (note === undefined) return;
        const link = { cited: url, expandedUrl, finalUrl, accessed: note.citation.accessed };
        try {
          const copy = await rescue(link, { ...base, judge: judgeAgainst(note.citation, note.quotations, finalUrl) });
          await deps.archive.annotate(url, { archivedCopy: copy, archivedCopyCheckedAt: new Date(deps.now()).toISOString() });
        } catch (error) {
          if (!isCitecheckError(error) || error.code !== 'ARCHIVE_UNAVAILABLE') throw error;
          if (!archiveDown) deps.logger?.warn({ url }, `${error.message}; no more archive lookups this run`);
          archiveDown = true;
        }
      }),
    ];
  });
  await Promise.all(jobs);
  if (skipped > 0) deps.logger?.warn({ skipped }, 'archived-copy lookups skipped: the Wayback Machine did not answer');
}

function isFresh(checkedAt: string | undefined, maxAgeDays: number, now: number): boolean {
  return checkedAt !== undefined && now - Date.parse(checkedAt) < maxAgeDays * 86_400_000;
}

/** The archive's JSON APIs through the resolver's gate; no answer at all rejects, as FetchJson asks. */
function fetchJsonVia(resolver: Resolver): FetchJson {
  return async (url) => {
    const answer = await resolver.fetchText(url);
    if (answer.status === null) throw new Error(answer.error ?? `no answer from ${url}`);
    let json: unknown = null;
    try {
      json = JSON.parse(answer.text ?? '');
    } catch {
      // A body that is not JSON (an HTML error page) reads as no usable answer.
    }
    return { status: answer.status, json };
  };
}

/**
 * A snapshot judged by the verify stage, as the live page would be: the title must match and
 * each quotation be found. A `fuzzy` quotation counts as found: the copy is the source, and
 * the wording the note got slightly wrong is the same on the live page.
 */
function judgeAgainst(citation: ComparedCitation, quotations: readonly string[], pageUrl: string): Judge {
  return (html) => {
    const page = extractPageMeta(html, null);
    const asChecked: CheckResult = {
      status: 'ok',
      url: pageUrl,
      expandedUrl: null,
      finalUrl: pageUrl,
      httpStatus: 200,
      title: page.title,
      page,
      hops: [],
      error: null,
      attempts: 1,
      retries: [],
      checkedAt: new Date(0).toISOString(),
      ms: 0,
    };
    const verification = verifyCitation(citation, quotations, asChecked, html, null);
    return {
      titleMatches: verification.title.verdict === 'match',
      quotesFound: verification.quotations.filter((q) => q.finding === 'exact' || q.finding === 'fuzzy').length,
      quotesTotal: quotations.length,
      title: page.title,
    };
  };
}
