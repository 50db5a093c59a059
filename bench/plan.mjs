/**
 * What every farm path answers, as a pure function of (seed, host, path, how many times the
 * path was asked before). The farm serves it over HTTP; the generator replays it to know each
 * URL's expected status and the requests a polite checker must make. One definition, so the
 * two cannot drift.
 */

/** @typedef {'page'|'moved'|'chain'|'short'|'missing'|'forbidden'|'busy'|'busyOnce'|'flaky'|'down'|'slow'} Kind */

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {number} delayMs server-side latency before the answer is sent
 * @property {string | null} title the page title, for 200 pages
 * @property {string | null} location absolute redirect target, for 3xx
 */

/**
 * @typedef {object} Layout
 * @property {number} seed
 * @property {number} hosts total number of hosts, shorteners included
 * @property {number} shorteners hosts 0..shorteners-1 answer only short links
 * @property {number} latencyMs base latency of every answer
 * @property {number} jitterMs extra latency in [0, jitterMs], fixed per path
 * @property {(host: number) => string} origin `http://127.0.0.x:port` of a host
 */

/** Per mille of each kind among the notes of a generated document. */
export const MIX = /** @type {const} */ ([
  ['page', 640],
  ['moved', 60],
  ['chain', 40],
  ['short', 50],
  ['missing', 60],
  ['forbidden', 20],
  ['busy', 5],
  ['busyOnce', 15],
  ['flaky', 30],
  ['down', 20],
  ['slow', 60],
]);

/** Shortener targets: what a short link may lead to. */
const SHORT_TARGETS = /** @type {const} */ (['page', 'page', 'page', 'moved', 'missing']);

/** Tries in total (first included) that the model client makes on 429/5xx; citecheck's default. */
export const DEFAULT_TRIES = 3;

export const RETRY_AFTER_S = 1;

/** One shortener host per 20 hosts, at least one. */
export function shortenerCount(hosts) {
  return Math.max(1, Math.round(hosts / 20));
}

/**
 * The layout of a farm whose hosts answer at `origins` (host i at origins[i]).
 * @param {{ seed: number, latencyMs: number, jitterMs: number, origins: string[] }} options
 * @returns {Layout & { hostOf: (origin: string) => number }}
 */
export function makeLayout({ seed, latencyMs, jitterMs, origins }) {
  const hostByOrigin = new Map(origins.map((o, i) => [o, i]));
  return {
    seed,
    hosts: origins.length,
    shorteners: shortenerCount(origins.length),
    latencyMs,
    jitterMs,
    origin: (i) => origins[i],
    hostOf: (origin) => {
      const i = hostByOrigin.get(origin);
      if (i === undefined) throw new Error(`${origin} is not a farm host`);
      return i;
    },
  };
}

/** FNV-1a over the parts, then a murmur finaliser: a stable 32-bit hash. */
export function hash(...parts) {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'strategic dialogue iraq coalition forces training advice security sovereignty energy ' +
  'economy withdrawal mission combat troops regional stability cooperation militia reform ' +
  'elections parliament baghdad washington partnership agreement transition intelligence'
).split(' ');

/** The page title of article `id`: the note cites it word for word. */
export function titleFor(seed, id) {
  const words = [];
  for (let i = 0; i < 6; i += 1) words.push(WORDS[hash(seed, 'title', id, i) % WORDS.length]);
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)} (${id})`;
}

const AUTHORS = ['Anne Gearan', 'Jane Arraf', 'Steve Holland', 'Tara Copp', 'Michael Collins', 'Samya Kullab', 'Eric Schmitt', 'Maureen Groppe'];

/** The author of article `id`: the page's meta author and the note agree, as a live source would. */
export function authorFor(seed, id) {
  return AUTHORS[hash(seed, 'author', id) % AUTHORS.length];
}

/** A sentence of article `id`'s body, quoted by some notes' claims. */
export function sentenceFor(seed, id) {
  const words = [];
  for (let i = 0; i < 12; i += 1) words.push(WORDS[hash(seed, 'sentence', id, i) % WORDS.length]);
  return `the ${words.join(' ')}`;
}

function contentHost(layout, ...key) {
  const span = layout.hosts - layout.shorteners;
  return layout.shorteners + (hash(layout.seed, ...key) % span);
}

/** Where short link `id` points: a content host and the path there. */
export function shortTarget(layout, id) {
  const kind = SHORT_TARGETS[hash(layout.seed, 'short-kind', id) % SHORT_TARGETS.length];
  const host = contentHost(layout, 'short-host', id);
  return { host, path: pathFor(kind, id, [host]) };
}

/** The first path segment of each kind served under `/<prefix>/<id>/report`. */
const PREFIX = {
  page: 'a',
  moved: 'old',
  missing: 'gone',
  forbidden: 'members',
  busy: 'busy',
  busyOnce: 'busy1',
  flaky: 'flaky',
  down: 'down',
  slow: 'slow',
};

/** The path that makes a host answer as `kind` for article `id`; `route` is used by chains. */
export function pathFor(kind, id, route) {
  if (kind === 'chain') return `/go/${id}/${route.join('-')}/0`;
  if (kind === 'short') return `/s${id.toString(36)}`;
  const prefix = PREFIX[kind];
  if (prefix === undefined) throw new Error(`unknown kind ${kind}`);
  return `/${prefix}/${id}/report`;
}

/** Latency of one answer: the base, plus jitter fixed per (host, path), plus 1–2 s when slow. */
export function delayFor(layout, host, path) {
  const jitter = layout.jitterMs > 0 ? hash(layout.seed, 'jitter', host, path) % (layout.jitterMs + 1) : 0;
  const slow = path.startsWith('/slow/') ? 1000 + (hash(layout.seed, 'slow', host, path) % 1001) : 0;
  return layout.latencyMs + jitter + slow;
}

function page(layout, id, delayMs) {
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, delayMs, title: titleFor(layout.seed, id), location: null };
}

function bare(status, delayMs, headers = {}) {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, delayMs, title: null, location: null };
}

function redirect(status, location, delayMs) {
  return { status, headers: { location, 'content-type': 'text/plain; charset=utf-8' }, delayMs, title: null, location };
}

/**
 * The answer of `host` to `path`, when the path was asked `previous` times before.
 * @param {Layout} layout
 * @param {number} host
 * @param {string} path
 * @param {number} previous
 * @returns {Answer}
 */
export function answer(layout, host, path, previous) {
  const delayMs = delayFor(layout, host, path);
  if (host < layout.shorteners) {
    const short = /^\/s([0-9a-z]+)$/.exec(path);
    if (short === null) return bare(404, delayMs);
    const target = shortTarget(layout, parseInt(short[1], 36));
    return redirect(301, `${layout.origin(target.host)}${target.path}`, delayMs);
  }
  const chain = /^\/go\/(\d+)\/(\d+)-(\d+)-(\d+)\/([0-3])$/.exec(path);
  if (chain !== null) {
    const step = Number(chain[5]);
    if (step === 3) return page(layout, Number(chain[1]), delayMs);
    const next = Number(chain[2 + step]);
    return redirect(302, `${layout.origin(next)}/go/${chain[1]}/${chain[2]}-${chain[3]}-${chain[4]}/${step + 1}`, delayMs);
  }
  const m = /^\/([a-z0-9]+)\/(\d+)\/report(-updated)?$/.exec(path);
  if (m === null) return bare(404, delayMs);
  const [, prefix, idText, updated] = m;
  const id = Number(idText);
  if (updated !== undefined) return prefix === 'a' ? page(layout, id, delayMs) : bare(404, delayMs);
  switch (prefix) {
    case 'a':
    case 'slow':
      return page(layout, id, delayMs);
    case 'old':
      return redirect(301, `${layout.origin(host)}/a/${id}/report-updated`, delayMs);
    case 'gone':
      return bare(404, delayMs);
    case 'members':
      return bare(403, delayMs);
    case 'busy':
      return bare(429, delayMs, { 'retry-after': String(RETRY_AFTER_S) });
    case 'busy1':
      return previous === 0 ? bare(429, delayMs, { 'retry-after': String(RETRY_AFTER_S) }) : page(layout, id, delayMs);
    case 'flaky':
      return previous === 0 ? bare(503, delayMs) : page(layout, id, delayMs);
    case 'down':
      return bare(500, delayMs);
    default:
      return bare(404, delayMs);
  }
}

/** A note's source: its kind, its first host and its route (for chains). */
export function pickSource(layout, random, id) {
  let roll = random() * 1000;
  let kind = MIX[0][0];
  for (const [k, weight] of MIX) {
    kind = k;
    roll -= weight;
    if (roll < 0) break;
  }
  if (kind === 'short') return { kind, host: id % layout.shorteners, path: pathFor(kind, id, []) };
  const host = contentHost(layout, 'host', id);
  const route = [contentHost(layout, 'r1', id), contentHost(layout, 'r2', id), contentHost(layout, 'r3', id)];
  return { kind, host, path: pathFor(kind, id, route) };
}
