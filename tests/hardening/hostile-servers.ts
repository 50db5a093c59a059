import net from 'node:net';
import iconv from 'iconv-lite';
import { html } from '../resolve/helpers.js';
import { listen, startServer, type TestServer } from '../support/http-server.js';

export const CAP = 64 * 1024;
export const HUGE_BYTES = 200 * 1024 * 1024;
export const CHAIN_LENGTH = 50;
export const LIAR_TITLE = 'الحوار الاستراتيجي';
/** Locations a hostile server may send; none may be followed. */
export const BAD_LOCATIONS: Record<string, string> = {
  'not-a-url': 'http://exa mple.org/',
  'broken-ipv6': 'http://[::1',
  file: 'file:///etc/passwd',
  javascript: 'javascript:alert(1)',
};

export interface RawServer {
  origin: string;
  close(): Promise<void>;
}

/** A TCP server speaking whatever `onSocket` writes: for servers node:http would not let us be. */
export async function startRawServer(address: string, onSocket: (socket: net.Socket) => void): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  const port = await listen(server, address);
  return {
    origin: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts the connection and never says a word. */
export const silent = (): void => undefined;

/** HTTP/1.0 with no Content-Length: the body ends when the server closes the connection. */
export function http10(body: string): (socket: net.Socket) => void {
  return (socket) => {
    socket.once('data', () => {
      socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n${body}`);
    });
  };
}

/** Bytes that are no HTML at all (no '<' anywhere), deterministic. */
export const BINARY = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256).map((b) => (b === 0x3c ? 0x3d : b)));

export interface HostileServer extends TestServer {
  /** Bytes the /huge route wrote before the client went away. */
  hugeWritten: number[];
}

/** One HTTP server on `address` with a route for each kind of misbehaviour. */
export async function startHostileServer(address: string): Promise<HostileServer> {
  const hugeWritten: number[] = [];
  const drips = new Set<NodeJS.Timeout>();
  const server = await startServer(address, (req, res) => {
    const path = req.url ?? '/';
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const n = Number(chain[1]);
      if (n >= CHAIN_LENGTH) return void res.writeHead(200, { 'content-type': 'text/html' }).end(html('End of the chain'));
      return void res.writeHead(302, { location: `/chain/${n + 1}` }).end();
    }
    const endless = /^\/endless\/(\d+)$/.exec(path);
    if (endless) return void res.writeHead(302, { location: `/endless/${Number(endless[1]) + 1}` }).end();
    const bad = /^\/bad-location\/(.+)$/.exec(path);
    if (bad) return void res.writeHead(302, { location: BAD_LOCATIONS[bad[1] as string] ?? '' }).end();
    switch (path) {
      case '/ok':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(html('Fine'));
      case '/drip': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Drip');
        const timer = setInterval(() => res.write('.'), 1000);
        drips.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          drips.delete(timer);
        });
        return;
      }
      case '/reset-before':
        return void req.socket.destroy();
      case '/reset-during':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
        res.write('<html><head><title>Cut short</title></head><body>');
        return void setTimeout(() => req.socket.destroy(), 20);
      case '/huge': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Huge page</title></head><body>');
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const index = hugeWritten.push(0) - 1;
        const pump = (): void => {
          while ((hugeWritten[index] as number) < HUGE_BYTES && !res.destroyed) {
            hugeWritten[index] = (hugeWritten[index] as number) + chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      case '/loop-a':
        return void res.writeHead(302, { location: '/loop-b' }).end();
      case '/loop-b':
        return void res.writeHead(301, { location: '/loop-a' }).end();
      case '/429-storm':
        return void res.writeHead(429, { 'retry-after': '86400', 'content-type': 'text/html' }).end('slow down');
      case '/big-headers':
        res.setHeader('x-filler', 'a'.repeat(20 * 1024));
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(html('Never read'));
      case '/lying-charset':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(iconv.encode(html(LIAR_TITLE), 'windows-1256'));
      case '/binary':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(BINARY);
      default:
        return void res.writeHead(404, { 'content-type': 'text/html' }).end(html('Not here'));
    }
  });
  return {
    ...server,
    get seen() {
      return server.seen;
    },
    get maxInFlight() {
      return server.maxInFlight;
    },
    hugeWritten,
    close: async () => {
      for (const timer of drips) clearInterval(timer);
      await server.close();
    },
  };
}
