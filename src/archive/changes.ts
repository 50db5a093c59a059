import type { ArchivedCheck, Change, CheckResult, StatusWord } from '../types.js';

/** Statuses that mean the source cannot be read. `blocked` is not one: the site is there. */
export const FAILING_STATUSES: readonly StatusWord[] = ['broken', 'server_error', 'timeout', 'network_error', 'soft_404'];

export function isFailing(status: StatusWord): boolean {
  return FAILING_STATUSES.includes(status);
}

/** A page was reached: only then are its final URL and title facts worth comparing. */
function reachedPage(status: StatusWord): boolean {
  return status === 'ok' || status === 'redirected';
}

function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/**
 * What changed for one URL since its last check from an earlier run (`before`, e.g.
 * `archive.previous`); a URL never checked before has no changes.
 */
export function changesOf(now: CheckResult, before: ArchivedCheck | null): Change[] {
  const changes: Change[] = [];
  if (before === null) return changes;
  const add = (kind: Change['kind'], was: string | null, is: string | null) =>
    changes.push({ url: now.url, kind, before: was, after: is });

  if (!isFailing(before.status) && isFailing(now.status)) add('newly_broken', before.status, now.status);
  // Recovered means it answers with a page again; broken → blocked says nothing of the page.
  if (isFailing(before.status) && reachedPage(now.status)) add('recovered', before.status, now.status);
  if (before.status !== 'redirected' && now.status === 'redirected') add('newly_redirected', before.finalUrl, now.finalUrl);
  else if (reachedPage(before.status) && reachedPage(now.status) && before.finalUrl !== now.finalUrl) {
    add('final_url_changed', before.finalUrl, now.finalUrl);
  }
  if (before.title !== null && now.title !== null && !sameTitle(before.title, now.title)) {
    add('title_changed', before.title, now.title);
  }
  return changes;
}
