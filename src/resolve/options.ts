import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { DEFAULT_USER_AGENT } from '../version.js';
import { SHORTENERS } from './shortener-list.js';

export interface HostPolicy {
  concurrency?: number;
  intervalMs?: number;
}

export interface ResolveOptions {
  /** Global cap on requests in flight (p-limit). */
  concurrency: number;
  /** Requests in flight to one host at most. */
  hostConcurrency: number;
  /** Minimum gap between request starts to one host. */
  hostIntervalMs: number;
  /** Per-hostname policy (e.g. a slower bit.ly), from the config file. */
  hostOverrides: Record<string, HostPolicy>;
  /** Applies to the default dispatcher only; an injected dispatcher brings its own. */
  connectTimeoutMs: number;
  /** Reach loopback, private, link-local and reserved addresses (default dispatcher only). */
  allowPrivate: boolean;
  /** Host names, IPs or CIDR ranges reached even when private (default dispatcher only). */
  allowHosts: readonly string[];
  /** Accept certificates that fail verification (default dispatcher only). */
  insecure: boolean;
  headersTimeoutMs: number;
  /**
   * Deadline for ONE request (one hop, one attempt), body included. Per request rather than
   * per URL, so a long shortener chain or a retry after Retry-After is not cut short by time
   * spent waiting politely in the host queue.
   */
  requestTimeoutMs: number;
  /** Tries in total (first one included) on retryable failures. */
  retries: number;
  retryAfterCapMs: number;
  maxHops: number;
  /** Cap on the body read, applied to the inflated size as well. */
  maxBodyBytes: number;
  userAgent: string;
  /** Hostnames treated as link shorteners (their hops are expected, their target is the expanded URL). */
  shorteners: readonly string[];
  /**
   * Asked once per run, on the first NXDOMAIN: does this machine's DNS resolve anything at
   * all? If not, NXDOMAIN answers are reported as `network_error`/`dns_unavailable`, not
   * `broken`. Default: look up well-known names (DNS_CANARIES).
   */
  dnsWorks?: () => Promise<boolean>;
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

export const DEFAULT_RESOLVE_OPTIONS: Omit<ResolveOptions, 'dispatcher' | 'now' | 'sleep' | 'random' | 'logger' | 'dnsWorks'> = {
  concurrency: 32,
  hostConcurrency: 2,
  hostIntervalMs: 500,
  hostOverrides: {},
  connectTimeoutMs: 10_000,
  allowPrivate: false,
  allowHosts: [],
  insecure: false,
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  retries: 3,
  retryAfterCapMs: 120_000,
  maxHops: 10,
  maxBodyBytes: 2 * 1024 * 1024,
  userAgent: DEFAULT_USER_AGENT,
  shorteners: SHORTENERS,
};

/** The resolver settings a user sets (config file and flags); the rest are injected by code. */
export const NETWORK_SETTINGS = [
  'concurrency',
  'hostConcurrency',
  'hostIntervalMs',
  'hostOverrides',
  'connectTimeoutMs',
  'allowPrivate',
  'allowHosts',
  'insecure',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'retries',
  'retryAfterCapMs',
  'maxHops',
  'maxBodyBytes',
  'userAgent',
] as const;

export type NetworkSettings = Pick<ResolveOptions, (typeof NETWORK_SETTINGS)[number]>;

/** Just the network settings of a larger settings object (the CLI's config). */
export function networkSettings(from: NetworkSettings): NetworkSettings {
  return Object.fromEntries(NETWORK_SETTINGS.map((key) => [key, from[key]])) as unknown as NetworkSettings;
}
