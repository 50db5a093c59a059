import type { DeathState, StatusWord, Verification } from '../types.js';

/** What is known of one cited URL after a check, as far as a rescue cares. */
export interface SourceState {
  status: StatusWord;
  /** The note's comparison with the page, when it could be made. */
  verification: Verification | null;
  death: DeathState | null;
}

/**
 * A note needs an archived copy when its link no longer shows what was cited: the page is
 * gone (broken, a soft 404, dead over time), the link now leads to something else (a page
 * whose title does not match, usually after a redirect), or the quotations are no longer in it. A transient
 * failure (a timeout, a 5xx) is not enough until the URL is dead over time.
 */
export function needsArchivedCopy(source: SourceState): boolean {
  if (source.status === 'broken' || source.status === 'soft_404') return true;
  if (source.death?.state === 'dead') return true;
  // A different title: redirected elsewhere, or the same URL now serving another article.
  if (source.verification?.title.verdict === 'mismatch') return true;
  return source.verification?.quotations.some((q) => q.finding === 'not_found') ?? false;
}
