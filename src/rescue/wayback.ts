import { CitecheckError } from '../errors.js';
import { accessBound, closestCapture, parseCdxJson, type Capture } from './capture.js';

/** GET a URL and parse its JSON body. Rejects only when no answer came at all. */
export type FetchJson = (url: string) => Promise<{ status: number; json: unknown }>;

export interface Snapshot {
  timestamp: string;
  original: string;
  /** Which API named it. */
  source: 'cdx' | 'availability';
}

export interface LookupDeps {
  fetchJson: FetchJson;
  /** e.g. `https://web.archive.org` (the CDX server lives under `/cdx/search/cdx`). */
  cdxBase: string;
  /** e.g. `https://archive.org` (the availability API lives under `/wayback/available`). */
  availabilityBase: string;
}

/** Captures asked for per CDX query: a few, in case the filter is not applied upstream. */
const CDX_ROWS = 5;

function cdxQuery(base: string, url: string, range: Record<string, string>): string {
  const params = new URLSearchParams({
    url,
    output: 'json',
    filter: 'statuscode:200',
    fl: 'timestamp,original,statuscode,mimetype',
    // Identical captures in a row say nothing new; one of each is enough.
    collapse: 'digest',
    ...range,
  });
  return `${base}/cdx/search/cdx?${params.toString()}`;
}

/** An answer, or null when none came at all (the archive unreachable). */
async function ask(deps: LookupDeps, url: string): Promise<{ status: number; json: unknown } | null> {
  return deps.fetchJson(url).catch(() => null);
}

/** `null` when the CDX server did not answer usefully (as opposed to "no captures"). */
async function cdxCaptures(deps: LookupDeps, url: string, range: Record<string, string>): Promise<Capture[] | null> {
  const answer = await ask(deps, cdxQuery(deps.cdxBase, url, range));
  return answer?.status === 200 ? parseCdxJson(answer.json) : null;
}

/**
 * The capture closest to the access date, by the CDX index: first the last few captures up
 * to the access day (`limit=-N` counts from the end), and only if none of them will do, the
 * first few after it.
 */
async function fromCdx(url: string, accessed: string | null, deps: LookupDeps): Promise<Snapshot | null | 'unavailable'> {
  const day = accessed === null ? null : accessBound(accessed);
  const before = await cdxCaptures(deps, url, day === null ? { limit: `-${CDX_ROWS}` } : { to: day, limit: `-${CDX_ROWS}` });
  if (before === null) return 'unavailable';
  let chosen = closestCapture(before, accessed);
  if (chosen === null && day !== null) {
    const after = await cdxCaptures(deps, url, { from: day, limit: String(CDX_ROWS) });
    if (after === null) return 'unavailable';
    chosen = closestCapture(after, accessed);
  }
  return chosen === null ? null : { timestamp: chosen.timestamp, original: chosen.original, source: 'cdx' };
}

const SNAPSHOT_PATH = /\/web\/(\d{14})[a-z]*_?\/(.+)$/;

/**
 * The availability API answers `{"archived_snapshots": {"closest": {...}}}`, and sometimes
 * `{}` or an empty `archived_snapshots` even for archived pages: that reads as "none here".
 */
export function parseAvailability(json: unknown, asked: string): Snapshot | null {
  const closest = (json as { archived_snapshots?: { closest?: unknown } } | null)?.archived_snapshots?.closest;
  if (typeof closest !== 'object' || closest === null) return null;
  const { available, status, url, timestamp } = closest as Record<string, unknown>;
  if (available !== true || String(status) !== '200' || typeof timestamp !== 'string' || !/^\d{14}$/.test(timestamp)) {
    return null;
  }
  const original = typeof url === 'string' ? SNAPSHOT_PATH.exec(url)?.[2] : undefined;
  return { timestamp, original: original ?? asked, source: 'availability' };
}

async function fromAvailability(url: string, accessed: string | null, deps: LookupDeps): Promise<Snapshot | null | 'unavailable'> {
  const params = new URLSearchParams({ url });
  const day = accessed === null ? null : accessBound(accessed);
  if (day !== null) params.set('timestamp', day.slice(0, 8));
  const answer = await ask(deps, `${deps.availabilityBase}/wayback/available?${params.toString()}`);
  return answer?.status === 200 ? parseAvailability(answer.json, url) : 'unavailable';
}

/**
 * The Wayback capture of `url` to offer for a note accessed on `accessed` (ISO date), or
 * null when the archive has none. CDX first; the availability API when CDX has nothing or
 * fails. Throws ARCHIVE_UNAVAILABLE when the archive could not say (an error status, or no
 * answer at all): "none" would be cached as a fact.
 */
export async function findSnapshot(url: string, accessed: string | null, deps: LookupDeps): Promise<Snapshot | null> {
  const cdx = await fromCdx(url, accessed, deps);
  if (cdx !== null && cdx !== 'unavailable') return cdx;
  const available = await fromAvailability(url, accessed, deps);
  if (available !== null && available !== 'unavailable') return available;
  if (cdx === 'unavailable' || available === 'unavailable') {
    throw new CitecheckError('ARCHIVE_UNAVAILABLE', `the Wayback Machine did not answer for ${url}; try again later`);
  }
  return null;
}
