import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  /** Date.now() when the request reached the server. */
  start: number;
  /** False when the client went away before the response was finished (an aborted body). */
  finished: boolean;
}

export interface TestServer {
  origin: string;
  seen: Seen[];
  maxInFlight: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A real HTTP server on `address` (127.0.0.1, 127.0.0.2 … are distinct hosts), recording requests and concurrency. */
export async function startServer(address: string, handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = http.createServer((req, res) => {
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
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${address}:${port}`,
    seen,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Minimum gap between consecutive request starts, in ms. */
export function minGap(seen: readonly Seen[]): number {
  const starts = seen.map((s) => s.start).sort((a, b) => a - b);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < starts.length; i += 1) gap = Math.min(gap, (starts[i] as number) - (starts[i - 1] as number));
  return gap;
}
