import type { Dispatcher } from 'undici';
import type { Hop, HttpMethod } from '../types.js';
import type { ChainEnd } from './classify.js';
import { decodeHtml } from './charset.js';
import { fetchHop, type HopOutcome } from './fetch-hop.js';
import { headersForHop } from './headers.js';
import type { Gate } from './gate.js';
import { metaRefreshTarget } from './meta-refresh.js';
import { backoffMs, failureLabel, isRetryable, parseRetryAfter } from './retry.js';
import { isKnownShortener } from './shortener-list.js';

export interface FollowContext {
  gate: Gate;
  dispatcher: Dispatcher;
  /** Sent on every request; credentials among them only within the first URL's origin. */
  headers: Readonly<Record<string, string>>;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  retries: number;
  retryAfterCapMs: number;
  maxHops: number;
  shorteners: readonly string[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface Followed {
  hops: Hop[];
  end: ChainEnd;
  /** Decoded body of the final page, when it was an HTML page read with GET. */
  html: string | null;
  charset: string | null;
  error: string | null;
  attempts: number;
  retries: string[];
}

interface Tally {
  attempts: number;
  retries: string[];
}

/**
 * One request with its retries, each try passing through the gate. Returns the last outcome,
 * and `rateLimited` when the server asked for a pause longer than we are willing to wait.
 */
async function requestWithRetries(ctx: FollowContext, url: string, headers: Record<string, string>, method: HttpMethod, tries: number, tally: Tally, stopped?: AbortSignal): Promise<{ outcome: HopOutcome; rateLimited: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    tally.attempts += 1;
    const outcome = await ctx.gate.run(
      url,
      (onSent) => fetchHop({ url, method, wantBody: method === 'GET', onSent, dispatcher: ctx.dispatcher, headers, headersTimeoutMs: ctx.headersTimeoutMs, requestTimeoutMs: ctx.requestTimeoutMs, maxBodyBytes: ctx.maxBodyBytes }),
      tally.attempts === 1 ? stopped : undefined,
    );
    if (!isRetryable(outcome)) return { outcome, rateLimited: false };
    const status = outcome.response?.status;
    const retryAfter = status === 429 || status === 503 ? parseRetryAfter(outcome.response?.headers['retry-after'], ctx.now()) : null;
    if (retryAfter !== null && retryAfter > ctx.retryAfterCapMs) return { outcome, rateLimited: true };
    // The pause holds the whole host, for the other URLs on it too, even when we stop here.
    if (retryAfter !== null) ctx.gate.pauseHost(url, ctx.now() + retryAfter);
    if (attempt >= tries) return { outcome, rateLimited: false };
    // Never retry faster than the server asked.
    const wait = Math.max(backoffMs(attempt, ctx.random), retryAfter ?? 0);
    tally.retries.push(`${failureLabel(outcome)} on ${method} ${url}, waited ${(wait / 1000).toFixed(1)} s`);
    await ctx.sleep(wait);
  }
}

/**
 * HEAD is used only on known shorteners: their answer is a redirect with nothing to read.
 * Anywhere else the hop may turn out to be the final page, whose title we need, and a HEAD
 * there would mean asking the publisher twice. HEAD is tried once: anything but a redirect
 * (refused, an error page, a reset or timeout, or a page whose title we need) falls back to
 * GET, which gets the retries.
 */
async function requestHop(ctx: FollowContext, url: string, headers: Record<string, string>, headFirst: boolean, tally: Tally, stopped?: AbortSignal): Promise<{ outcome: HopOutcome; method: HttpMethod; rateLimited: boolean }> {
  // Keys written out, not spread: V8 (node 20) takes a slow path for a spread followed by new keys.
  if (headFirst && isKnownShortener(url, ctx.shorteners)) {
    const head = await requestWithRetries(ctx, url, headers, 'HEAD', 1, tally, stopped);
    const status = head.outcome.response?.status ?? 0;
    // DNS, refused or TLS failures are the host's, not the method's: GET would fail the same way.
    const hostFailed = head.outcome.response === null && !isRetryable(head.outcome);
    if (head.rateLimited || hostFailed || (status >= 300 && status < 400)) return { outcome: head.outcome, method: 'HEAD', rateLimited: head.rateLimited };
  }
  const get = await requestWithRetries(ctx, url, headers, 'GET', ctx.retries, tally, stopped);
  return { outcome: get.outcome, method: 'GET', rateLimited: get.rateLimited };
}

function stop(hops: Hop[], end: ChainEnd, tally: Tally, error: string | null): Followed {
  return { hops, end, html: null, charset: null, error, ...tally };
}

/**
 * Follow `url` hop by hop (HTTP redirects and meta refresh) to the final page or the failure.
 * `stopped` only holds back the URL's very first request: once a chain has begun it is in
 * flight, and finishes (bounded by its timeouts) so what it learned is kept.
 */
export async function follow(ctx: FollowContext, url: string, headFirst: boolean, stopped?: AbortSignal): Promise<Followed> {
  const hops: Hop[] = [];
  const tally: Tally = { attempts: 0, retries: [] };
  const seen = new Set<string>();
  let current = url;
  for (;;) {
    if (hops.length >= ctx.maxHops) return stop(hops, { kind: 'too_many_hops' }, tally, `more than ${ctx.maxHops} hops`);
    seen.add(withoutFragment(current));
    const { outcome, method, rateLimited } = await requestHop(ctx, current, headersForHop(ctx.headers, url, current), headFirst, tally, stopped);
    const response = outcome.response;
    const hop: Hop = { url: current, method, status: response?.status ?? null, location: response?.headers['location'] ?? null, ms: outcome.ms, address: outcome.address, via: 'http' };
    hops.push(hop);
    if (rateLimited) return stop(hops, { kind: 'rate_limited' }, tally, `asked to wait longer than ${Math.round(ctx.retryAfterCapMs / 1000)} s (Retry-After: ${response?.headers['retry-after'] ?? ''})`);
    const error = outcome.error;
    if (error !== null || response === null) {
      return stop(hops, { kind: 'error', code: error?.code ?? null, name: error?.name ?? null, afterHeaders: response !== null }, tally, error?.message ?? 'request failed');
    }
    let next: string | null = null;
    let decoded: { html: string; charset: string } | null = null;
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      next = absolute(hop.location, current);
      if (next === null) return stop(hops, { kind: 'bad_redirect' }, tally, `${response.status} with ${hop.location === null ? 'no' : 'an unusable'} Location`);
    } else if (response.body !== null) {
      decoded = decodeHtml(response.body, response.headers['content-type']);
      const refresh = metaRefreshTarget(decoded.html);
      const target = refresh === null ? null : absolute(refresh, current);
      if (target !== null && withoutFragment(target) !== withoutFragment(current)) {
        hop.location = refresh;
        hop.via = 'meta_refresh';
        next = target;
      }
    }
    if (next === null) {
      return { hops, end: { kind: 'response', headers: response.headers }, html: decoded?.html ?? null, charset: decoded?.charset ?? null, error: null, ...tally };
    }
    if (seen.has(withoutFragment(next))) return stop(hops, { kind: 'loop' }, tally, `redirect loop back to ${next}`);
    current = next;
  }
}

/** RFC 9110 §10.2.2: Location may be relative to the request URL. Only http(s) targets are followed. */
function absolute(location: string | null, base: string): string | null {
  if (location === null || location.trim() === '') return null;
  try {
    const url = new URL(location.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
