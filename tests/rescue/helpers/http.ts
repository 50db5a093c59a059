import type { ServerResponse } from 'node:http';
import { request } from 'undici';
import type { FetchPage } from '../../../src/rescue/snapshot.js';
import type { FetchJson } from '../../../src/rescue/wayback.js';

/** Thin real clients for the tests; the tool's own go through the resolver's politeness gate. */
export const fetchJson: FetchJson = async (url) => {
  const res = await request(url, { signal: AbortSignal.timeout(2000) });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.statusCode, json };
};

export const fetchPage: FetchPage = async (url) => {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    try {
      const res = await request(current, { signal: AbortSignal.timeout(2000) });
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        await res.body.dump();
        current = new URL(location, current).toString();
        continue;
      }
      const html = await res.body.text();
      return { status: res.statusCode, finalUrl: current, html: res.statusCode === 200 ? html : null, error: null };
    } catch (error) {
      return { status: null, finalUrl: current, html: null, error: (error as Error).message };
    }
  }
  return { status: null, finalUrl: current, html: null, error: 'too many redirects' };
};

export function sendJson(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}
