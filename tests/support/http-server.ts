import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';

/** One request as it reached a test server. */
export interface Seen {
  method: string;
  path: string;
  /** Date.now() when the request reached the server. */
  start: number;
  /** False when the client went away before the response was finished (an aborted body). */
  finished: boolean;
}

export interface TestServer {
  /** `http://<address>:<port>` (`https://` with `tls`). */
  origin: string;
  /** Every request so far, in order of arrival. */
  seen: Seen[];
  /** The most requests this server had in flight at once. */
  readonly maxInFlight: number;
  /** The node server itself, for events a request handler never sees (a proxy's CONNECT). */
  server: http.Server;
  /** Stops listening and ends every connection, kept-alive ones included. */
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface ServerOptions {
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
}

/** Listen on `address`, any free port (port 0); resolves to the port given. */
export async function listen(server: NetServer, address: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * A real server on a loopback `address` (127.0.0.1, 127.0.0.2 … are distinct hosts to the
 * checker), recording each request's arrival and how many were in flight at once.
 */
export async function startServer(address: string, handler: Handler, options: ServerOptions = {}): Promise<TestServer> {
  const seen: Seen[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const recording: Handler = (req, res) => {
    const record: Seen = { method: req.method ?? '', path: req.url ?? '', start: Date.now(), finished: false };
    seen.push(record);
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('finish', () => {
      record.finished = true;
    });
    res.on('close', () => {
      inFlight -= 1;
    });
    handler(req, res);
  };
  const server = options.tls === undefined ? http.createServer(recording) : https.createServer(options.tls, recording);
  const port = await listen(server, address);
  return {
    origin: `${options.tls === undefined ? 'http' : 'https'}://${address}:${port}`,
    seen,
    get maxInFlight() {
      return state.maxInFlight;
    },
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An origin on which nothing listens (a port that was free a moment ago). */
export async function closedOrigin(address = '127.0.0.1'): Promise<string> {
  const { origin, close } = await startServer(address, (_req, res) => res.end());
  await close();
  return origin;
}

/** The request's body, as UTF-8 text, once it has all arrived. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Minimum gap between consecutive request starts, in ms. */
export function minGap(seen: readonly Seen[]): number {
  const starts = seen.map((s) => s.start).sort((a, b) => a - b);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < starts.length; i += 1) gap = Math.min(gap, (starts[i] as number) - (starts[i - 1] as number));
  return gap;
}
