import type { Capture } from '../../../src/rescue/capture.js';
import { startServer } from '../../support/http-server.js';
import { sendJson } from './http.js';

export interface FakeWaybackData {
  /** CDX index per URL, in any order. */
  captures?: Record<string, Capture[]>;
  /** Answer `filter=` like a mirror that does not apply it. */
  ignoreFilter?: boolean;
  /** HTTP status for every CDX query instead of an answer (an outage). */
  cdxStatus?: number;
  /** Raw availability answers per URL; unknown URLs get an empty `archived_snapshots`. */
  availability?: Record<string, unknown>;
  availabilityStatus?: number;
  /** Replayed pages by `/web/...` path: HTML, or a redirect to another path. */
  pages?: Record<string, { html: string } | { redirect: string }>;
}

const FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'] as const;

/** Just enough of web.archive.org (CDX, availability, replay) to rescue citations from. */
export async function startFakeWayback(data: FakeWaybackData) {
  const requests: URL[] = [];
  const server = await startServer('127.0.0.1', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    if (url.pathname === '/cdx/search/cdx') {
      if (data.cdxStatus !== undefined) return sendJson(res, data.cdxStatus, { error: 'down' });
      return sendJson(res, 200, cdx(data, url.searchParams));
    }
    if (url.pathname === '/wayback/available') {
      if (data.availabilityStatus !== undefined) return sendJson(res, data.availabilityStatus, { error: 'down' });
      const asked = url.searchParams.get('url') ?? '';
      return sendJson(res, 200, data.availability?.[asked] ?? { url: asked, archived_snapshots: {} });
    }
    const page = data.pages?.[url.pathname];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<title>Wayback Machine</title>Hrm. The Wayback Machine has not archived that URL.');
    }
    if ('redirect' in page) {
      res.writeHead(302, { location: page.redirect });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page.html);
  });
  return { base: server.origin, close: server.close, requests };
}

/** The CDX server's `output=json` answer, honouring url, from, to, limit (±N), filter and fl. */
function cdx(data: FakeWaybackData, params: URLSearchParams): string[][] {
  const fl = (params.get('fl') ?? FIELDS.join(',')).split(',');
  let rows = [...(data.captures?.[params.get('url') ?? ''] ?? [])].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null) rows = rows.filter((c) => c.timestamp >= from.padEnd(14, '0'));
  if (to !== null) rows = rows.filter((c) => c.timestamp <= to.padEnd(14, '9'));
  if (!data.ignoreFilter) {
    for (const filter of params.getAll('filter')) {
      const [field, value] = filter.split(':') as [keyof Capture, string];
      rows = rows.filter((c) => c[field] === value);
    }
  }
  const limit = Number(params.get('limit') ?? '0');
  if (limit > 0) rows = rows.slice(0, limit);
  if (limit < 0) rows = rows.slice(limit);
  if (rows.length === 0) return [];
  const cell = (c: Capture, field: string): string => (field in c ? c[field as keyof Capture] : '-');
  return [fl, ...rows.map((c) => fl.map((field) => cell(c, field)))];
}
