import type { Archive } from '../archive/index.js';
import type { Config } from '../config/index.js';
import { ALIVE, nextDeathState, type DeathPolicy } from '../rescue/index.js';
import type { CheckResult, DeathState } from '../types.js';

export function deathPolicy(config: Pick<Config, 'deadAfterStrikes' | 'deadAfterDays'>): DeathPolicy {
  return { strikes: config.deadAfterStrikes, minDaysApart: config.deadAfterDays };
}

/**
 * Move each checked URL's death state on by this run's answer. The caller skips an offline
 * run: when nothing got an answer, no URL was really checked, so none may gain a strike.
 * The new states are in the archive at once; the file gets them with the log's next batched
 * write, which is not awaited here: archive.close() writes what is left and reports a write
 * that failed.
 */
export function updateDeaths(archive: Archive, results: Iterable<CheckResult>, policy: DeathPolicy): void {
  for (const result of results) {
    const prev = archive.annotation(result.url)?.death ?? null;
    const next = nextDeathState(prev, { status: result.status, reason: 'reason' in result ? result.reason : null, checkedAt: result.checkedAt }, policy);
    if (!sameState(prev ?? ALIVE, next)) archive.annotate(result.url, { death: next }).catch(() => undefined);
  }
}

/** Unchanged states are not written: a URL that was never failing keeps no death state. */
function sameState(a: DeathState, b: DeathState): boolean {
  return a.state === b.state && a.strikes === b.strikes && a.lastStrikeAt === b.lastStrikeAt;
}

/**
 * The run that made a URL dead is the one whose check was its last strike: derived from the
 * archive and the check results, so `report` re-rendering a run says the same as the run did.
 */
export function diedIn(death: DeathState | null, result: Pick<CheckResult, 'checkedAt'>): boolean {
  return death?.state === 'dead' && death.lastStrikeAt === result.checkedAt;
}
