import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A server on 127.0.0.1, any free port; `close` when done. */
export async function startServer(handler: Handler): Promise<{ base: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function sendJson(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}

/** A base URL on which nothing listens (a port that was free a moment ago). */
export async function closedPort(): Promise<string> {
  const { base, close } = await startServer((_req, res) => res.end());
  await close();
  return base;
}
