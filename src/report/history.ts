import { actionText, isArchiveTodayLink, needsArchivedCopy } from '../rescue/index.js';
import type { ArchivedCopy, CheckResult, DeathState, Verification } from '../types.js';
import { adviceFor, type Advice } from './action.js';

/** The archive's knowledge of one URL that the report shows. */
export interface SourceHistory {
  death: DeathState | null;
  /** The URL became dead in this run (the nightly fails on these). */
  newlyDead: boolean;
  archivedCopy: ArchivedCopy | null;
  /** The archive was asked (so a null copy means it holds none, not that nobody looked). */
  copyLookedUp: boolean;
}

/** A failing URL's standing over time; `of` is the strikes that make it dead. */
export interface NoteDeath {
  state: DeathState['state'];
  strikes: number;
  of: number;
  newlyDead: boolean;
}

export function deathOf(history: SourceHistory | undefined, of: number): NoteDeath | null {
  const death = history?.death ?? null;
  if (death === null || death.state === 'alive') return null;
  return { state: death.state, strikes: death.strikes, of, newlyDead: history?.newlyDead ?? false };
}

/**
 * The archived copy replaces the status's own advice when the source needs one; a link into
 * archive.today needs a Wayback replacement whatever its status.
 */
export function rescueAdvice(url: string, result: CheckResult, verification: Verification | null, history: SourceHistory | undefined): Advice & { archive: ArchivedCopy | null } {
  const copy = history?.archivedCopy ?? null;
  const archiveToday = isArchiveTodayLink(url);
  const needed = archiveToday || needsArchivedCopy({ status: result.status, verification, death: history?.death ?? null });
  if (needed && copy !== null) return { action: actionText(copy), replaceWith: copy.url, archive: copy };
  if (archiveToday) return { action: 'replace the archive.today link with a Wayback copy', replaceWith: null, archive: null };
  if (needed && history?.copyLookedUp === true) return { action: 'no archived copy found: find another source', replaceWith: null, archive: null };
  // Keys written out, not spread: V8 (node 20) takes a slow path for a spread followed by new keys.
  const { action, replaceWith } = adviceFor(result);
  return { action, replaceWith, archive: null };
}
