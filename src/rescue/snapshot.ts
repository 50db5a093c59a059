import type { ArchivedCopy } from '../types.js';
import { timestampToIso } from './capture.js';
import type { Snapshot } from './wayback.js';

/** GET a page, following redirects; `finalUrl` is where it landed. */
export type FetchPage = (
  url: string,
) => Promise<{ status: number | null; finalUrl: string; html: string | null; error: string | null }>;

/** How a page compares with the note (wired to the verify stage by the caller). */
export type Judge = (html: string) => {
  titleMatches: boolean;
  quotesFound: number;
  quotesTotal: number;
  title: string | null;
};

/** The snapshot as a reader sees it, in the archive's frame: the URL to cite. */
export function snapshotUrl(webBase: string, snapshot: Snapshot): string {
  return `${webBase}/web/${snapshot.timestamp}/${snapshot.original}`;
}

/** `id_` asks for the page as captured, without the archive's toolbar and rewritten links. */
function rawSnapshotUrl(webBase: string, snapshot: Snapshot): string {
  return `${webBase}/web/${snapshot.timestamp}id_/${snapshot.original}`;
}

/**
 * Fetch a snapshot and judge it against the note. Null when the archive would not serve it
 * (the caller tries the next candidate). A copy is `verified` only when its title matches
 * and, if the note quotes the source, every quotation is found in it.
 */
export async function examineSnapshot(
  snapshot: Snapshot,
  deps: { fetchPage: FetchPage; judge: Judge; webBase: string },
): Promise<ArchivedCopy | null> {
  const page = await deps.fetchPage(rawSnapshotUrl(deps.webBase, snapshot));
  if (page.status !== 200 || page.html === null) return null;
  const verdict = deps.judge(page.html);
  return {
    url: snapshotUrl(deps.webBase, snapshot),
    timestamp: snapshot.timestamp,
    capturedAt: timestampToIso(snapshot.timestamp),
    original: snapshot.original,
    finalUrl: page.finalUrl,
    title: verdict.title,
    titleMatches: verdict.titleMatches,
    quotesFound: verdict.quotesFound,
    quotesTotal: verdict.quotesTotal,
    verified: verdict.titleMatches && verdict.quotesFound === verdict.quotesTotal,
  };
}

export type CopyAction = `replace with ${string}` | `compare by hand before replacing with ${string}`;

/** The report's action for a note whose source has an archived copy. */
export function actionText(copy: ArchivedCopy): CopyAction {
  const marks = [`captured ${copy.capturedAt.slice(0, 10)}`, `title ${copy.titleMatches ? '✓' : '✗'}`];
  if (copy.quotesTotal > 0) marks.push(`quotes ${copy.quotesFound}/${copy.quotesTotal}`);
  const where = `${copy.url} (${marks.join(', ')})`;
  return copy.verified ? `replace with ${where}` : `compare by hand before replacing with ${where}`;
}
