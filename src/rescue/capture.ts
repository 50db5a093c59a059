/** One row of the Wayback CDX index, as the rescue stage uses it. */
export interface Capture {
  /** YYYYMMDDhhmmss */
  timestamp: string;
  original: string;
  statuscode: string;
  mimetype: string;
}

const TIMESTAMP = /^\d{14}$/;

/**
 * The last Wayback timestamp within an access date (`2019-03-04`, or a partial `2019-03`
 * or `2019`), or null when it is not an ISO date.
 */
export function accessBound(accessed: string): string | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(accessed);
  if (match === null) return null;
  const [, year = '', month = '12', day] = match;
  const lastDay = day ?? String(new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate());
  return `${year}${month}${lastDay.padStart(2, '0')}235959`;
}

/** `20190304121500` → `2019-03-04T12:15:00Z`. */
export function timestampToIso(timestamp: string): string {
  const t = timestamp;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
}

/**
 * The capture to offer for a note accessed on `accessed`: the last one on or before that
 * day (the page as the author saw it), else the first one after. Without a readable access
 * date, the latest. Only captures the archive got with a 200 qualify: a capture of a redirect or
 * an error page is no copy of the source.
 */
export function closestCapture(captures: readonly Capture[], accessed: string | null): Capture | null {
  const usable = captures
    .filter((c) => c.statuscode === '200' && TIMESTAMP.test(c.timestamp))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const limit = accessed === null ? null : accessBound(accessed);
  if (limit === null) return usable.at(-1) ?? null;
  const before = usable.filter((c) => c.timestamp <= limit);
  return before.at(-1) ?? usable.find((c) => c.timestamp > limit) ?? null;
}

/**
 * Rows of a CDX `output=json` answer: the first row names the fields (`fl=` decides which
 * and in what order), the others are captures. Anything else reads as no captures.
 */
export function parseCdxJson(json: unknown): Capture[] {
  if (!Array.isArray(json) || json.length === 0) return [];
  const [header, ...rows] = json as unknown[];
  if (!isStringRow(header)) return [];
  const column = (name: string) => header.indexOf(name);
  const [ts, orig, code, mime] = ['timestamp', 'original', 'statuscode', 'mimetype'].map(column);
  if (ts === undefined || orig === undefined || ts < 0 || orig < 0) return [];
  return rows.filter(isStringRow).map((row) => ({
    timestamp: row[ts] ?? '',
    original: row[orig] ?? '',
    statuscode: code !== undefined && code >= 0 ? (row[code] ?? '') : '',
    mimetype: mime !== undefined && mime >= 0 ? (row[mime] ?? '') : '',
  }));
}

function isStringRow(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((cell) => typeof cell === 'string');
}
