/**
 * The least wall time any checker can take for a workload while keeping the per-host limits:
 * at most C requests in flight per host, request starts at least I apart per host, at most G
 * in flight overall, and no request to a host during a Retry-After pause it asked for.
 *
 * Per host h, with n requests of latencies L_1..L_n (hops and retries included):
 *
 *  (a) Interval. Starts s_1 < … < s_n are ≥ I apart, so s_n − s_1 ≥ (n−1)·I, and the last
 *      request still takes its latency: T_h ≥ (n−1)·I + min L.
 *      A 429 answered at s_k + L_k with Retry-After R and followed by a retry forbids any start
 *      to h in (s_k+L_k, s_k+L_k+R) (RFC 6585 §4: wait before making a new request), and that
 *      window lies inside (s_1, s_n) because the retry comes after it. A gap between two
 *      consecutive starts that holds such a window is ≥ max(I, R). Windows of two 429s overlap
 *      only if the second started before the first was answered, i.e. within the first's
 *      latency (a start at or after the answer falls in or after its window); so all the 429s
 *      whose windows lie in one gap were in flight together at its start: at most C of them,
 *      and, their starts being ≥ I apart within the longest latency of a 429, L429, at most
 *      ⌊L429/I⌋ + 1. So at most m = min(C, ⌊L429/I⌋ + 1) share a window, and at least
 *      w = ⌈k/m⌉ gaps hold one (k = such 429s; with I = 0 only C bounds m). Hence
 *        T_h ≥ (n−1−w)·I + w·max(I, R) + min L.
 *  (b) Concurrency. C slots run the n requests; some slot runs ≥ ⌈n/C⌉ of them back to back,
 *      which takes at least the sum of the ⌈n/C⌉ smallest latencies (= ⌈n/C⌉·L when all are
 *      equal), and the total work Σ L spread over C slots gives T_h ≥ Σ L / C.
 *  Both hold at once, so bound_h = max(a, b); the run's bound is the busiest host's, and also
 *  at least (c) the longest single URL (its hops and Retry-After waits are sequential) and
 *  (d) the global cap: Σ over all requests of L / G.
 * The bound ignores the client's own CPU and connection set-up: it is what politeness alone
 * costs, so wall/bound near 1 means politeness is the only thing limiting the run.
 */

/**
 * @typedef {object} Limits
 * @property {number} intervalMs I
 * @property {number} hostConcurrency C
 * @property {number} [concurrency] G (global cap); Infinity when absent
 */

/**
 * @param {{ latencyMs: number, retryAfterMs: number }[]} requests one host's requests
 * @param {Limits} limits
 * @returns {number} ms
 */
export function hostBound(requests, limits) {
  const n = requests.length;
  if (n === 0) return 0;
  const { intervalMs: I, hostConcurrency: C } = limits;
  const latencies = requests.map((r) => r.latencyMs).sort((x, y) => x - y);
  const minL = latencies[0];
  const maxL = latencies[n - 1];
  const pauses = requests.filter((r) => r.retryAfterMs > 0);
  const R = pauses.length === 0 ? 0 : Math.min(...pauses.map((r) => r.retryAfterMs));
  const maxPausingL = Math.max(0, ...pauses.map((r) => r.latencyMs));
  const perWindow = Math.min(C, I > 0 ? Math.floor(maxPausingL / I) + 1 : Infinity);
  const windows = pauses.length === 0 ? 0 : Math.ceil(pauses.length / perWindow);
  const interval = (n - 1 - windows) * I + windows * Math.max(I, R) + minL;
  const perSlot = Math.ceil(n / C);
  let busiestSlot = 0;
  for (let i = 0; i < perSlot; i += 1) busiestSlot += latencies[i];
  const total = latencies.reduce((a, b) => a + b, 0);
  return Math.max(interval, busiestSlot, total / C, maxL);
}

/**
 * @param {{ host: number, latencyMs: number, retryAfterMs: number }[][]} urls each URL's requests, in order
 * @param {Limits} limits
 * @returns {{ boundMs: number, busiestHost: number | null, hostBoundMs: number, longestUrlMs: number, globalMs: number, requestsPerHost: Map<number, number> }}
 */
export function lowerBound(urls, limits) {
  const byHost = new Map();
  let longestUrlMs = 0;
  let total = 0;
  for (const requests of urls) {
    let chain = 0;
    for (const r of requests) {
      chain += r.latencyMs + r.retryAfterMs;
      total += r.latencyMs;
      let list = byHost.get(r.host);
      if (list === undefined) byHost.set(r.host, (list = []));
      list.push(r);
    }
    longestUrlMs = Math.max(longestUrlMs, chain);
  }
  let hostBoundMs = 0;
  let busiestHost = null;
  const requestsPerHost = new Map();
  for (const [host, requests] of byHost) {
    requestsPerHost.set(host, requests.length);
    const b = hostBound(requests, limits);
    if (b > hostBoundMs) {
      hostBoundMs = b;
      busiestHost = host;
    }
  }
  const globalMs = total / (limits.concurrency ?? Infinity);
  return { boundMs: Math.max(hostBoundMs, longestUrlMs, globalMs), busiestHost, hostBoundMs, longestUrlMs, globalMs, requestsPerHost };
}
