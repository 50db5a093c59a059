import type { CheckResult } from '../types.js';
import { HostQueue } from './host-queue.js';
import { RequestNotStarted } from './gate.js';
import type { ResolveOptions } from './options.js';
import type { Checked, Resolver } from './resolver.js';

export interface CheckAllOptions {
  /**
   * Stop starting new URLs when aborted. URLs whose first request is still waiting for its
   * host's turn are dropped; chains already under way finish (bounded by their timeouts).
   */
  signal?: AbortSignal;
  /** URL checks in progress at once, all hosts together (bounds memory on large documents). */
  window?: number;
  /** URL checks in progress at once per first host; more would only queue in the gate. */
  perHostWindow?: number;
}

/**
 * How many URL checks to keep under way, all hosts together and per first host, for the
 * limits given: enough to keep every allowed request busy through later hops, retries and
 * their sleeps, and no more. With a per-host interval, checks wait for their host's turn, so
 * the window must span many hosts. Without one, the global cap is their only wait, and checks
 * queued for it lived long enough for the garbage collector to move them to the old
 * generation. At politeness off (64 and 64), bench farm, 10,000 URLs: 192 and 128 took 4-6 %
 * less CPU than 512 and 256 (runs paired on one farm), at the same wall time within noise;
 * a window of 128 was 7 % slower. A host paused by Retry-After keeps its checks, so it may
 * hold at most 2 per global slot of the 3: the other hosts' checks still fill every slot.
 */
export function feedingWindows(limits: Pick<ResolveOptions, 'concurrency' | 'hostConcurrency' | 'hostIntervalMs' | 'hostOverrides'>): { window: number; perHostWindow: number } {
  const intervalApplies = limits.hostIntervalMs > 0 || Object.values(limits.hostOverrides).some((host) => (host.intervalMs ?? 0) > 0);
  if (intervalApplies) return { window: Math.max(512, 4 * limits.concurrency), perHostWindow: Math.max(8, 4 * limits.hostConcurrency) };
  return { window: 3 * limits.concurrency, perHostWindow: 2 * Math.min(limits.hostConcurrency, limits.concurrency) };
}

/**
 * Check each distinct URL once, calling onResult as each finishes, and resolve to a result
 * per input URL, in input order (a repeated URL repeats its result), leaving out those the
 * signal stopped before they started. See checkEach for how the work is fed.
 */
export async function checkAll(
  resolver: Resolver,
  urls: readonly string[],
  onResult?: (checked: Checked) => void | Promise<void>,
  options: CheckAllOptions = {},
): Promise<CheckResult[]> {
  const results = new Map<string, CheckResult>();
  await checkEach(
    resolver,
    urls,
    async (checked, url) => {
      results.set(url, checked.result);
      await onResult?.(checked);
    },
    options,
  );
  return urls.flatMap((url) => results.get(url) ?? []);
}

/**
 * Check each distinct URL once, calling onResult as each finishes, keeping nothing: the
 * caller decides what to hold. Work is fed in a bounded window, taking the next URL from the
 * host with the fewest checks under way, so a 100,000-URL document holds a few hundred
 * pending checks rather than 100,000, and one busy host cannot fill the window while the
 * others sit idle.
 */
export async function checkEach(
  resolver: Resolver,
  urls: readonly string[],
  onResult: (checked: Checked, url: string) => void | Promise<void>,
  options: CheckAllOptions = {},
): Promise<void> {
  const window = options.window ?? 512;
  const perHostWindow = options.perHostWindow ?? 8;
  const queue = new HostQueue(urls, hostKey);
  let running = 0;

  await new Promise<void>((done, fail) => {
    const pump = (): void => {
      while (running < window && !options.signal?.aborted) {
        const next = queue.take(perHostWindow);
        if (next === null) break;
        running += 1;
        resolver
          .check(next.url, options.signal)
          .then(
            (checked) => onResult(checked, next.url),
            (error: unknown) => {
              // Stopped while waiting for its host's turn: left unchecked, like the URLs never started.
              if (!(error instanceof RequestNotStarted)) throw error;
            },
          )
          .then(() => {
            running -= 1;
            queue.finished(next.host);
            pump();
          }, fail);
      }
      if (running === 0) done();
    };
    pump();
  });
}

function hostKey(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * True when every result failed below HTTP (DNS unavailable, unreachable, refused, connect
 * timeout) and none got an HTTP response: the machine is offline, and nothing was checked.
 * URLs that were never fetched (unsupported) do not count either way.
 */
export function looksOffline(results: Iterable<CheckResult>): boolean {
  const tally = offlineTally();
  for (const result of results) tally.add(result);
  return tally.offline();
}

/** looksOffline, counted as results come, so the results need not be kept. */
export function offlineTally(): { add(result: CheckResult): void; offline(): boolean } {
  let fetched = 0;
  let belowHttp = 0;
  return {
    add(result) {
      if (result.status === 'unsupported') return;
      fetched += 1;
      if (failedBelowHttp(result)) belowHttp += 1;
    },
    offline: () => fetched > 0 && belowHttp === fetched,
  };
}

function failedBelowHttp(result: CheckResult): boolean {
  if (result.httpStatus !== null) return false;
  if (result.status === 'timeout') return result.reason === 'connect';
  return result.status === 'network_error' && ['dns_unavailable', 'host_unreachable', 'connection_refused'].includes(result.reason);
}
