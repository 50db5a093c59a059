// The mixed run (`npm run chaos`, after `npm run build`): a 2,000-note document whose URLs
// spread over 20 local hosts (127.0.0.1–127.0.0.20), 10% of them hostile in the ways the
// chaos suite covers one by one, checked by the built pipeline as `citecheck check` does.
// Fails when a URL is missing or classified other than its fault demands, or on any
// unhandled rejection; prints one line with the counts, the wall time and the peak RSS.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { openArchive } from '../../dist/archive/index.js';
import { resolveConfig } from '../../dist/config/index.js';
import { parseNotes } from '../../dist/parse/index.js';
import { checkDocuments } from '../../dist/pipeline/check.js';
import { createCitationStore } from '../../dist/pipeline/citation-store.js';

const HOSTS = 20;
const URLS = 2000;
const FAULTY_EVERY = 10;
const RSS_LIMIT_MIB = 1024;

const failures = [];
process.on('unhandledRejection', (reason) => failures.push(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
process.on('uncaughtException', (error) => failures.push(`uncaught exception: ${error.stack ?? String(error)}`));

const page = (title, extra = '') => `<html><head><title>${title}</title></head><body><h1>${title}</h1>${extra}</body></html>`;
const BOMB = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
const FILLER = Buffer.alloc(64 * 1024, 'x');

/** Each fault: what the server does, and the status the checker must end with. */
const FAULTS = {
  silent: { status: 'timeout', serve: () => undefined },
  drip: {
    status: 'timeout',
    serve: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head><title>Drip');
      const timer = setInterval(() => res.write('.'), 1000);
      res.on('close', () => clearInterval(timer));
    },
  },
  resetBefore: { status: 'network_error', serve: (req) => req.socket.destroy() },
  resetDuring: {
    status: 'network_error',
    serve: (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write('<html><head><title>Cut');
      setTimeout(() => req.socket.destroy(), 10);
    },
  },
  huge: {
    status: 'ok',
    serve: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><head><title>Huge</title></head><body>');
      let sent = 0;
      const pump = () => {
        while (sent < 200 * 1024 * 1024 && !res.destroyed) {
          sent += FILLER.length;
          if (!res.write(FILLER)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  },
  bomb: {
    status: 'ok',
    serve: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.write(zlib.gzipSync(Buffer.from('<html><head><title>Bomb</title></head><body>')));
      res.end(BOMB);
    },
  },
  loop: { status: 'broken', serve: (req, res) => res.writeHead(302, { location: req.url.endsWith('/b') ? req.url.slice(0, -2) : `${req.url}/b` }).end() },
  endless: { status: 'broken', serve: (req, res) => res.writeHead(302, { location: `${req.url}x` }).end() },
  badLocation: { status: 'broken', serve: (_req, res) => res.writeHead(302, { location: 'javascript:alert(1)' }).end() },
  storm: { status: 'blocked', serve: (_req, res) => res.writeHead(429, { 'retry-after': '86400' }).end() },
  bigHeaders: { status: 'network_error', serve: (_req, res) => res.writeHead(200, { 'x-filler': 'a'.repeat(20 * 1024), 'content-type': 'text/html' }).end(page('Hidden')) },
  lyingCharset: {
    status: 'ok',
    serve: (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.from(page('\xe3\xe1\xdd'), 'latin1')),
  },
  binary: { status: 'ok', serve: (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256 || 1))) },
  http10: {
    status: 'ok',
    // Written on the raw socket: node:http would add a Content-Length or chunking.
    serve: (req) => req.socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n${page('Old server', '<p>old</p>'.repeat(500))}`),
  },
};
const FAULT_NAMES = Object.keys(FAULTS);

/** Note i's fault, or null for a healthy page: every tenth note, cycling through the kinds. */
const faultOf = (i) => (i % FAULTY_EVERY === FAULTY_EVERY - 1 ? FAULT_NAMES[Math.floor(i / FAULTY_EVERY) % FAULT_NAMES.length] : null);

async function startHost(n) {
  const server = http.createServer((req, res) => {
    const match = /^\/(\w+)\/(\d+)/.exec(req.url ?? '');
    const fault = match === null ? null : FAULTS[match[1]];
    if (fault) return fault.serve(req, res);
    if (match?.[1] === 'page') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Story ${match[2]}`, '<p>Body text.</p>'));
    res.writeHead(404, { 'content-type': 'text/html' }).end(page('Not found'));
  });
  await new Promise((resolve) => server.listen(0, `127.0.0.${n}`, resolve));
  return { server, origin: `http://127.0.0.${n}:${server.address().port}` };
}

function documentFor(origins) {
  const urls = Array.from({ length: URLS }, (_, i) => `${origins[i % HOSTS]}/${faultOf(i) ?? 'page'}/${i}`);
  const body = urls.map((_, i) => `Claim ${i + 1}.[${i + 1}]`).join(' ');
  const notes = urls.map((url, i) => `[${i + 1}] Jane Roe, “Story ${i},” Example News, 26/7/2021, accessed on 4/8/2021, at: ${url}`).join('\n\n');
  return { urls, text: `Mixed run\n\n${body}\n\n${notes}\n` };
}

async function main() {
  const started = performance.now();
  const hosts = await Promise.all(Array.from({ length: HOSTS }, (_, i) => startHost(i + 1)));
  const dir = await mkdtemp(join(tmpdir(), 'citecheck-chaos-'));
  try {
    const { urls, text } = documentFor(hosts.map((h) => h.origin));
    const config = resolveConfig({
      allowPrivate: true,
      rescue: false,
      hostIntervalMs: 5,
      hostConcurrency: 4,
      concurrency: 64,
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      retries: 2,
      retryAfterCapMs: 5000,
      maxBodyBytes: 256 * 1024,
      archive: join(dir, 'archive.json'),
      checkOutput: join(dir, 'check.json'),
    });
    const citations = await createCitationStore(config.checkOutput);
    citations.add(parseNotes(text, join(dir, 'mixed.txt')));
    const archive = await openArchive(config.archive, { historyLimit: config.historyLimit });
    let check;
    try {
      check = await checkDocuments(citations, config, { archive });
    } finally {
      await archive.close();
      await citations.close();
    }
    const byUrl = new Map(check.urls.map((url) => [url, check.found(url).result]));
    await check.close();
    const counts = {};
    urls.forEach((url, i) => {
      const result = byUrl.get(url);
      const fault = faultOf(i);
      const expected = fault === null ? 'ok' : FAULTS[fault].status;
      if (result === undefined) return void failures.push(`not classified: ${url}`);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      if (result.status !== expected) failures.push(`${url} (${fault ?? 'healthy'}): ${result.status}/${result.reason ?? ''}, expected ${expected} (${result.error ?? ''})`);
    });
    const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    if (rssMiB > RSS_LIMIT_MIB) failures.push(`peak RSS ${rssMiB} MiB over the ${RSS_LIMIT_MIB} MiB bound`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
    for (const failure of failures.slice(0, 20)) process.stderr.write(`chaos: ${failure}\n`);
    process.stdout.write(`chaos: ${byUrl.size}/${URLS} URLs over ${HOSTS} hosts classified (${summary}); ${failures.length} failures; ${seconds} s; peak RSS ${rssMiB} MiB\n`);
  } finally {
    for (const { server } of hosts) server.closeAllConnections();
    await Promise.all(hosts.map(({ server }) => new Promise((resolve) => server.close(resolve))));
    await rm(dir, { recursive: true, force: true });
  }
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`chaos: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
