import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { CheckResult, Status } from '../types.js';
import { checkResult } from './check-result.js';
import { classifyChain } from './classify.js';
import { canariesResolve } from './dns-health.js';
import { fetchHop } from './fetch-hop.js';
import { createDispatcher } from './dispatcher.js';
import { follow, type FollowContext } from './follow.js';
import { Gate } from './gate.js';
import { baseHeaders } from './headers.js';
import { DEFAULT_RESOLVE_OPTIONS, type ResolveOptions } from './options.js';
import { extractPageMeta } from './page-meta.js';
import { expandedUrl } from './shorteners.js';

export interface Checked {
  result: CheckResult;
  /** Decoded body of the final page (bounded), for the verify stage; null when none. */
  html: string | null;
}

export interface Resolver {
  /** Rejects with RequestNotStarted when `stopped` aborts before the URL's first request was sent. */
  check(url: string, stopped?: AbortSignal): Promise<Checked>;
  /** One GET following redirects through the same per-host gate; for soft-404 probes and archive snapshots. */
  fetchPage(url: string): Promise<{ status: number | null; finalUrl: string; html: string | null; error: string | null }>;
  /** One GET, no redirects followed, body read whatever its type, through the same gate; for archive APIs. */
  fetchText(url: string): Promise<{ status: number | null; text: string | null; error: string | null }>;
  close(): Promise<void>;
}

/** mailto:, ftp:, a bare word: nothing to fetch over HTTP. */
function unsupported(url: string): Status | null {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? null : { status: 'unsupported', reason: 'scheme' };
  } catch {
    return { status: 'unsupported', reason: 'not_a_url' };
  }
}

export function createResolver(options: Partial<ResolveOptions>): Resolver {
  const o = { ...DEFAULT_RESOLVE_OPTIONS, ...options };
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const dispatcher =
    o.dispatcher ??
    createDispatcher({
      connectTimeoutMs: o.connectTimeoutMs,
      headersTimeoutMs: o.headersTimeoutMs,
      requestTimeoutMs: o.requestTimeoutMs,
      policy: { allowPrivate: o.allowPrivate, allowHosts: o.allowHosts },
      insecure: o.insecure,
    });
  const ownsDispatcher = o.dispatcher === undefined;
  let dnsWorks: Promise<boolean> | null = null;
  const trustNxdomain = (): Promise<boolean> => (dnsWorks ??= (o.dnsWorks ?? canariesResolve)());
  const ctx: FollowContext = {
    gate: new Gate({ concurrency: o.concurrency, hostConcurrency: o.hostConcurrency, hostIntervalMs: o.hostIntervalMs, hostOverrides: o.hostOverrides, now, sleep }),
    dispatcher,
    headers: baseHeaders(o.userAgent),
    headersTimeoutMs: o.headersTimeoutMs,
    requestTimeoutMs: o.requestTimeoutMs,
    maxBodyBytes: o.maxBodyBytes,
    retries: Math.max(1, o.retries),
    retryAfterCapMs: o.retryAfterCapMs,
    maxHops: o.maxHops,
    shorteners: o.shorteners,
    now,
    sleep,
    random: o.random ?? Math.random,
  };

  async function check(url: string, stopped?: AbortSignal): Promise<Checked> {
    const started = performance.now();
    const checkedAt = new Date(now()).toISOString();
    const refused = unsupported(url);
    if (refused !== null) {
      const result = checkResult(refused, { url, expandedUrl: null, finalUrl: url, httpStatus: null, title: null, page: null, hops: [], error: null, attempts: 0, retries: [], checkedAt, ms: 0 });
      return { result, html: null };
    }
    const followed = await follow(ctx, url, true, stopped);
    const expanded = expandedUrl(followed.hops, ctx.shorteners);
    let status = classifyChain(followed.end, followed.hops, expanded, url, ctx.shorteners);
    if (status.status === 'broken' && status.reason === 'dns_nxdomain' && !(await trustNxdomain())) {
      status = { status: 'network_error', reason: 'dns_unavailable' };
    }
    const page = followed.html === null ? null : extractPageMeta(followed.html, followed.charset);
    const result = checkResult(status, {
      url,
      expandedUrl: expanded,
      finalUrl: followed.hops.at(-1)?.url ?? url,
      httpStatus: [...followed.hops].reverse().find((h) => h.status !== null)?.status ?? null,
      title: page?.title ?? null,
      page,
      hops: followed.hops,
      error: followed.error,
      attempts: followed.attempts,
      retries: followed.retries,
      checkedAt,
      ms: Math.round(performance.now() - started),
    });
    o.logger?.info({ url, status: result.status, hops: result.hops.length, ms: result.ms }, 'checked');
    return { result, html: followed.html };
  }

  async function fetchPage(url: string): Promise<{ status: number | null; finalUrl: string; html: string | null; error: string | null }> {
    if (unsupported(url) !== null) return { status: null, finalUrl: url, html: null, error: `not an http(s) URL: ${url}` };
    const followed = await follow(ctx, url, false);
    const last = followed.hops.at(-1);
    return { status: last?.status ?? null, finalUrl: last?.url ?? url, html: followed.html, error: followed.error };
  }

  async function fetchText(url: string): Promise<{ status: number | null; text: string | null; error: string | null }> {
    if (unsupported(url) !== null) return { status: null, text: null, error: `not an http(s) URL: ${url}` };
    const { response, error } = await ctx.gate.run(url, (onSent) =>
      fetchHop({ url, method: 'GET', wantBody: true, anyType: true, onSent, dispatcher: ctx.dispatcher, headers: { ...ctx.headers }, headersTimeoutMs: ctx.headersTimeoutMs, requestTimeoutMs: ctx.requestTimeoutMs, maxBodyBytes: ctx.maxBodyBytes }),
    );
    return { status: response?.status ?? null, text: response?.body?.toString('utf8') ?? null, error: error?.message ?? null };
  }

  return {
    check,
    fetchPage,
    fetchText,
    close: async () => {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
