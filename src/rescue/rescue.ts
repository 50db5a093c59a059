import { CitecheckError, isCitecheckError } from '../errors.js';
import type { ArchivedCopy } from '../types.js';
import { candidateUrls } from './candidates.js';
import { examineSnapshot, type FetchPage, type Judge } from './snapshot.js';
import { findSnapshot, type LookupDeps } from './wayback.js';

export interface RescueDeps extends LookupDeps {
  fetchPage: FetchPage;
  judge: Judge;
  /** e.g. `https://web.archive.org` (replay lives under `/web/`). */
  webBase: string;
}

export interface CitedLink {
  cited: string;
  /** Where the shortener pointed, from the check result. */
  expandedUrl: string | null;
  /** Where the hop chain ended, from the check result. */
  finalUrl: string | null;
  /** The note's access date (ISO), if it gives one. */
  accessed: string | null;
}

/**
 * An archived copy for a cited link: the first verified one among the candidate URLs,
 * else the first copy found (so the editor can compare by hand), else null. Throws
 * ARCHIVE_UNAVAILABLE when nothing was found and the archive failed to answer for some
 * candidate: "no copy" must not be concluded (or cached) from an outage.
 */
export async function rescue(link: CitedLink, deps: RescueDeps): Promise<ArchivedCopy | null> {
  let fallback: ArchivedCopy | null = null;
  let unanswered: string | null = null;
  for (const url of candidateUrls(link.cited, link.expandedUrl, link.finalUrl)) {
    const snapshot = await findSnapshot(url, link.accessed, deps).catch((error: unknown) => {
      if (isCitecheckError(error) && error.code === 'ARCHIVE_UNAVAILABLE') return 'unavailable' as const;
      throw error;
    });
    if (snapshot === 'unavailable') {
      unanswered = url;
      continue;
    }
    if (snapshot === null) continue;
    const copy = await examineSnapshot(snapshot, deps);
    if (copy === null) {
      unanswered = url;
      continue;
    }
    if (copy.verified) return copy;
    fallback ??= copy;
  }
  if (fallback === null && unanswered !== null) {
    throw new CitecheckError('ARCHIVE_UNAVAILABLE', `the Wayback Machine did not answer for ${unanswered}; try again later`);
  }
  return fallback;
}
