import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type TestServer } from '../support/http-server.js';

/**
 * Arguments every run against the test's own 127.0.0.1 servers needs (e.g. a flag that lets
 * the checker reach private addresses). One place, so the tests change together.
 */
export const LOCAL_ARGS: readonly string[] = ['--allow-private'];

/** Quiet, fast flags for runs against local servers; never asking the real Wayback Machine. */
export const QUIET_LOCAL = [...LOCAL_ARGS, '--no-rescue', '--host-interval', '0', '--log-level', 'silent', '--quiet'];

// The real binary, as a user runs it (built by `npm test` before vitest starts).
const CLI = resolve('dist/cli.js');

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI; `exited` settles when the process is gone, however it ended. */
export function startCli(args: readonly string[], cwd: string): { child: ChildProcess; exited: Promise<Exited> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<Exited>((done) => child.on('close', (code, signal) => done({ code, signal, ...out })));
  return { child, exited };
}

export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'citecheck-harden-'));
}

export interface SlowHosts {
  /** One base URL per host: http://127.0.0.k:port */
  bases: string[];
  /** Requests received per path under /doc/, across all hosts (probes for other paths not counted). */
  requests: Map<string, number>;
  /** Total /doc/ requests so far. */
  total(): number;
  /** Answer the requests to /held/… (held until now) and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

const page = (path: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Title ${path}</title></head>` +
  `<body><article><h1>Title ${path}</h1><p>Officials said the mission will change by the end of the year.</p></article></body></html>`;

/**
 * Servers on 127.0.0.1…127.0.0.n (distinct hosts to the checker) that answer after `delayMs`,
 * except /hang/… never and /held/… when the test calls release().
 */
export async function slowHosts(count: number, delayMs: number): Promise<SlowHosts> {
  const requests = new Map<string, number>();
  const servers: TestServer[] = [];
  const held: (() => void)[] = [];
  let released = false;
  for (let k = 1; k <= count; k += 1) {
    const server = await startServer(`127.0.0.${k}`, (req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/doc/')) requests.set(`${req.headers.host}${url}`, (requests.get(`${req.headers.host}${url}`) ?? 0) + 1);
      if (url.startsWith('/hang/')) return; // accepts, never answers
      if (url.startsWith('/held/')) {
        const answer = (): void => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(url));
        if (released) answer();
        else held.push(answer);
        return;
      }
      setTimeout(() => {
        if (url.startsWith('/doc/')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(url));
        else res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
      }, delayMs);
    });
    servers.push(server);
  }
  return {
    bases: servers.map((server) => server.origin),
    requests,
    total: () => [...requests.values()].reduce((a, b) => a + b, 0),
    release: () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
    close: async () => {
      for (const server of servers) await server.close();
    },
  };
}

/** A document citing `perHost` distinct pages on each host (note i cites /doc/<i>), then the `more` URLs given. */
export function documentCiting(bases: readonly string[], perHost: number, more: readonly string[] = []): { text: string; urls: string[] } {
  const urls = [...Array.from({ length: bases.length * perHost }, (_v, i) => `${bases[i % bases.length]}/doc/${i + 1}`), ...more];
  const body = `A Paper Under Test\n\n${urls.map((_u, i) => `Claim ${i + 1}.[${i + 1}]`).join(' ')}\n\nNotes\n\n`;
  const notes = urls.map((url, i) => `[${i + 1}] Jane Roe${i + 1}, “Title /doc/${i + 1},” Example News, 26/7/2021, at: ${url}`);
  return { text: `${body}${notes.join('\n')}\n`, urls };
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Wait until `ready()` holds, polling; fails after `timeoutMs`. */
export async function until(ready: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
