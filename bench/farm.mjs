/**
 * The load farm: H HTTP servers on loopback answering as plan.mjs says, measuring at the
 * server side what a polite client must respect: requests, most requests in flight at once,
 * and the smallest gap between two request starts, per host.
 *
 * Each host gets its own address (127.0.0.2, 127.0.0.3, …: Linux routes all of 127/8 to lo),
 * because checkers key their per-host limits on the hostname; where that fails the farm falls
 * back to distinct ports on 127.0.0.1 and says so (`addressing: 'ports'`).
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { answer, authorFor, makeLayout, sentenceFor } from './plan.mjs';

/** @typedef {{ host: number, origin: string, requests: number, maxInFlight: number, minGapMs: number | null, shortGaps: number, shortFirstGaps: number, shortArrivalGaps: number }} HostStats */

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A page whose <head> carries the title twice (<title>, og:title), with a body of about `bytes`. */
function pageHtml(seed, id, title, bytes) {
  const t = escapeHtml(title);
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${t}</title><meta property="og:title" content="${t}"><meta name="author" content="${escapeHtml(authorFor(seed, id))}"></head>`;
  const sentence = `<p>${escapeHtml(sentenceFor(seed, id))}.</p>`;
  const filler = '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n';
  const body = `<body><h1>${t}</h1>${sentence}${filler.repeat(Math.max(0, Math.ceil((bytes - head.length) / filler.length)))}</body></html>`;
  return head + body;
}

function listen(server, port, address) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

async function canBindAddress(address) {
  const probe = createServer();
  try {
    await listen(probe, 0, address);
    return true;
  } catch {
    return false;
  } finally {
    probe.close();
  }
}

/**
 * @param {{ hosts: number, latencyMs?: number, jitterMs?: number, seed?: number, pageBytes?: number }} options
 */
export async function startFarm({ hosts, latencyMs = 50, jitterMs = 20, seed = 1, pageBytes = 8192 }) {
  if (hosts < 2 || hosts > 250) throw new Error(`hosts must be between 2 and 250 (got ${hosts})`);
  const separateAddresses = (await canBindAddress('127.0.0.2')) && (await canBindAddress(`127.0.0.${hosts + 1}`));
  const addressOf = (i) => (separateAddresses ? `127.0.0.${i + 2}` : '127.0.0.1');
  const origins = new Array(hosts);
  // Set once every host listens; no request can arrive before startFarm returns.
  let layout = null;
  let asked = new Map();
  let counters = [];
  let all = { inFlight: 0, maxInFlight: 0, firstArrivalAt: null, lastAnswerAt: null };
  let shortGapMs = 0;
  /** @param {{ shortGapMs?: number }} [options] gaps between starts below this are counted as short */
  const reset = (options = {}) => {
    asked = new Map();
    shortGapMs = options.shortGapMs ?? 0;
    all = { inFlight: 0, maxInFlight: 0, firstArrivalAt: null, lastAnswerAt: null };
    counters = Array.from({ length: hosts }, () => ({ requests: 0, inFlight: 0, maxInFlight: 0, lastStart: null, minGapMs: null, shortGaps: 0, shortFirstGaps: 0, lastArrival: null, shortArrivalGaps: 0 }));
  };
  reset();
  const servers = [];
  for (let i = 0; i < hosts; i += 1) {
    const server = createServer((req, res) => {
      const c = counters[i];
      // A request on a fresh connection started when the client began to connect: its arrival
      // comes later by the set-up, which on a busy client reaches 100–250 ms and would make
      // the gap before it look short (measured with a client keeping exact 500 ms gaps).
      // Clients that open connections ahead of their requests would look less polite here.
      const connectedAt = connected.get(req.socket);
      connected.delete(req.socket);
      const arrival = performance.now();
      const now = connectedAt ?? arrival;
      // The same figures by arrival alone, which a pool's idle, pre-opened connection cannot skew.
      if (c.lastArrival !== null && arrival - c.lastArrival < shortGapMs) c.shortArrivalGaps += 1;
      c.lastArrival = arrival;
      if (c.lastStart !== null) {
        // Starts taken from connections can come out of order by a fraction of a ms.
        const gap = Math.max(0, now - c.lastStart);
        if (c.minGapMs === null || gap < c.minGapMs) c.minGapMs = gap;
        if (gap < shortGapMs) {
          c.shortGaps += 1;
          if (c.requests === 1) c.shortFirstGaps += 1;
        }
      }
      c.lastStart = Math.max(c.lastStart ?? now, now);
      c.requests += 1;
      c.inFlight += 1;
      if (c.inFlight > c.maxInFlight) c.maxInFlight = c.inFlight;
      // The same count over every host: a client's global concurrency cap, seen from outside.
      const counted = all;
      counted.inFlight += 1;
      if (counted.inFlight > counted.maxInFlight) counted.maxInFlight = counted.inFlight;
      counted.firstArrivalAt ??= performance.timeOrigin + arrival;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        c.inFlight -= 1;
        counted.inFlight -= 1;
        counted.lastAnswerAt = performance.timeOrigin + performance.now();
      };
      res.once('finish', finish);
      res.once('close', finish);
      const path = new URL(req.url ?? '/', 'http://farm').pathname;
      const key = `${i} ${path}`;
      const previous = asked.get(key) ?? 0;
      asked.set(key, previous + 1);
      const a = answer(layout, i, path, previous);
      setTimeout(() => {
        const id = Number(/\/(\d+)\//.exec(path)?.[1] ?? 0);
        const body = a.title !== null ? pageHtml(seed, id, a.title, pageBytes) : `${a.status}\n`;
        res.writeHead(a.status, { ...a.headers, 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      }, a.delayMs);
    });
    const connected = new WeakMap();
    server.on('connection', (socket) => connected.set(socket, performance.now()));
    server.keepAliveTimeout = 10_000;
    const port = await listen(server, 0, addressOf(i));
    origins[i] = `http://${addressOf(i)}:${port}`;
    servers.push(server);
  }
  layout = makeLayout({ seed, latencyMs, jitterMs, origins });
  return {
    layout,
    origins,
    addressing: separateAddresses ? 'addresses' : 'ports',
    /** Per-host figures since the start or the last reset. @returns {HostStats[]} */
    stats: () => counters.map((c, host) => ({ host, origin: origins[host], requests: c.requests, maxInFlight: c.maxInFlight, minGapMs: c.minGapMs, shortGaps: c.shortGaps, shortFirstGaps: c.shortFirstGaps, shortArrivalGaps: c.shortArrivalGaps })),
    /**
     * Over all hosts together, since the start or the last reset: most requests in flight at
     * once, when the first request arrived and when the last answer was sent (ms since the
     * epoch, as measure.mjs's startedAtMs; null before any).
     */
    overall: () => ({ maxInFlight: all.maxInFlight, firstArrivalAt: all.firstArrivalAt, lastAnswerAt: all.lastAnswerAt }),
    /** Forget the figures and the "answered once" state, so the next run sees the same farm. */
    reset,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve(undefined));
              s.closeAllConnections();
            }),
        ),
      ),
  };
}
