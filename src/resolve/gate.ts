import pLimit, { type LimitFunction } from 'p-limit';
import type { HostPolicy } from './options.js';

export interface GateOptions {
  concurrency: number;
  hostConcurrency: number;
  hostIntervalMs: number;
  hostOverrides: Record<string, HostPolicy>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Host {
  limit: LimitFunction;
  intervalMs: number;
  lastStart: number;
  pausedUntil: number;
  /** Settles when the request let through last has its headers on the wire (or gave up). */
  pendingSend: Promise<void> | null;
}

const NOT_YET = Symbol('not yet');

/** The run was stopped (SIGINT/SIGTERM) while this request still waited for its turn: it was never sent. */
export class RequestNotStarted extends Error {
  constructor(url: string) {
    super(`not started, the run was stopped: ${url}`);
    this.name = 'RequestNotStarted';
  }
}

/**
 * The politeness policy. Every request (every hop, every retry, every host) passes through
 * `run`: first a slot among the host's in-flight requests, then its turn (the minimum gap since
 * the host's last start, and any Retry-After pause), then a slot under the global cap. The
 * global slot is taken last so that a paused host never holds one while it waits.
 */
export class Gate {
  private readonly hosts = new Map<string, Host>();
  private readonly global: LimitFunction;

  constructor(private readonly options: GateOptions) {
    this.global = pLimit(options.concurrency);
  }

  private host(hostname: string): Host {
    let host = this.hosts.get(hostname);
    if (host === undefined) {
      const override = this.options.hostOverrides[hostname] ?? {};
      host = {
        limit: pLimit(override.concurrency ?? this.options.hostConcurrency),
        intervalMs: override.intervalMs ?? this.options.hostIntervalMs,
        lastStart: Number.NEGATIVE_INFINITY,
        pausedUntil: Number.NEGATIVE_INFINITY,
        pendingSend: null,
      };
      this.hosts.set(hostname, host);
    }
    return host;
  }

  private nextStart(host: Host): number {
    return Math.max(host.lastStart + host.intervalMs, host.pausedUntil);
  }

  /**
   * Run one request to `url` when the host policy and the global cap allow. The request calls
   * `markSent` when its headers actually leave (a new connection can take tens of ms under
   * load): the interval then counts from what the server sees, not from when we asked.
   * A request still waiting for its turn when `stopped` aborts is never sent.
   */
  run<T>(url: string, request: (markSent: () => void) => Promise<T>, stopped?: AbortSignal): Promise<T> {
    const host = this.host(new URL(url).hostname.toLowerCase());
    return host.limit(async () => {
      for (;;) {
        // The interval counts from when the previous request really left. A request let
        // through may sit unsent while the event loop is busy (a page being read, a long
        // synchronous stretch); without this wait the next one could go out right behind it.
        while (host.pendingSend !== null) await host.pendingSend;
        const wait = this.nextStart(host) - this.options.now();
        if (wait > 0) await this.options.sleep(wait);
        if (stopped?.aborted) throw new RequestNotStarted(url);
        // Another request of this host may have started while this one waited for the
        // global slot; then wait for the next turn again rather than start too close to it.
        const result = await this.global<[], typeof NOT_YET | T>(() => {
          if (host.pendingSend !== null || this.nextStart(host) > this.options.now()) return NOT_YET;
          host.lastStart = this.options.now();
          return this.start(host, request);
        });
        if (result !== NOT_YET) return result;
      }
    });
  }

  /** Start `request`, holding the host's next start until its headers are sent (only when an interval applies). */
  private start<T>(host: Host, request: (markSent: () => void) => Promise<T>): Promise<T> {
    if (host.intervalMs === 0) return request(() => undefined);
    let release = (): void => undefined;
    const pending = new Promise<void>((resolve) => {
      release = resolve;
    });
    host.pendingSend = pending;
    let sent = false;
    const settle = (markedSent: boolean): void => {
      if (sent) return;
      sent = true;
      if (markedSent) host.lastStart = Math.max(host.lastStart, this.options.now());
      if (host.pendingSend === pending) host.pendingSend = null;
      release();
    };
    return request(() => settle(true)).finally(() => settle(false));
  }

  /** Retry-After on 429/503 pauses the whole host, not just the request that got it. */
  pauseHost(url: string, untilMs: number): void {
    const host = this.host(new URL(url).hostname.toLowerCase());
    host.pausedUntil = Math.max(host.pausedUntil, untilMs);
  }
}
