import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CitecheckError } from '../errors.js';
import { parseAllowEntry } from '../resolve/address-guard.js';
import { DEFAULT_RESOLVE_OPTIONS, networkSettings, type NetworkSettings } from '../resolve/options.js';
import { STATUS_WORDS, type StatusWord } from '../types.js';

/** Everything a run can be told, from the config file and the command line. */
/**
 * Everything a run can be told, from the config file and the command line. The network
 * settings are the resolver's own (one definition, one set of defaults).
 */
export interface Config extends NetworkSettings {
  /** Statuses that make `run`/`report` exit 2. */
  failOn: StatusWord[];
  archive: string;
  reportsDir: string;
  citations: string;
  checkOutput: string;
  historyLimit: number;
  /** With --resume, URLs checked more recently than this are not fetched again. */
  maxAgeHours: number;
  /** Exit 2 when a URL became dead in this run (the nightly's default), whatever `failOn` says. */
  failOnNewlyDead: boolean;
  /** Failing checks, each at least `deadAfterDays` after the last, before a URL is called dead. */
  deadAfterStrikes: number;
  deadAfterDays: number;
  /** With --confirm-now, how long to wait before trying each failing URL again. */
  confirmPauseMs: number;
  /** Look up Wayback copies for problem citations. */
  rescue: boolean;
  /** A cached Wayback lookup younger than this is reused. */
  rescueMaxAgeDays: number;
  /** Where the CDX server lives (`<base>/cdx/search/cdx`). */
  waybackCdxBase: string;
  /** Where the availability API lives (`<base>/wayback/available`). */
  waybackAvailabilityBase: string;
  /** Where snapshots are replayed (`<base>/web/…`) and Save Page Now takes captures (`<base>/save`). */
  waybackWebBase: string;
  /** `archive --save`: how often to ask Save Page Now whether a capture is done. */
  savePollMs: number;
}

export const DEFAULT_CONFIG: Config = {
  ...networkSettings(DEFAULT_RESOLVE_OPTIONS),
  // A nightly run fails on what died over time (failOnNewlyDead), not on one bad night;
  // `--fail-on broken` restores the strict one-off audit.
  failOn: [],
  archive: 'reports/archive.json',
  reportsDir: 'reports',
  citations: 'citations.json',
  checkOutput: 'reports/check.json',
  historyLimit: 30,
  maxAgeHours: 20,
  failOnNewlyDead: true,
  deadAfterStrikes: 3,
  deadAfterDays: 3,
  confirmPauseMs: 30_000,
  rescue: true,
  rescueMaxAgeDays: 7,
  waybackCdxBase: 'https://web.archive.org',
  waybackAvailabilityBase: 'https://archive.org',
  waybackWebBase: 'https://web.archive.org',
  savePollMs: 5_000,
};

type Check = (value: unknown) => string | null;

const count =
  (min: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? null : `must be a whole number ≥ ${min}`;
const flag: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const baseUrl: Check = (v) => {
  try {
    const url = new URL(String(v));
    return typeof v === 'string' && (url.protocol === 'http:' || url.protocol === 'https:') && !v.endsWith('/')
      ? null
      : 'must be an http(s) URL without a trailing slash';
  } catch {
    return 'must be an http(s) URL without a trailing slash';
  }
};
const hostList: Check = (v) => {
  if (!Array.isArray(v)) return 'must be a list of host names, IP addresses or CIDR ranges';
  const bad = v.find((entry) => typeof entry !== 'string' || parseAllowEntry(entry) === null);
  return bad === undefined ? null : `has ${JSON.stringify(bad)}, which is not a host name, an IP address or a CIDR range (such as 10.0.0.0/8)`;
};
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string');
const statusList: Check = (v) =>
  Array.isArray(v) && v.every((s) => STATUS_WORDS.includes(s as StatusWord))
    ? null
    : `must be a list of statuses from: ${STATUS_WORDS.join(', ')}`;
const overrides: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object keyed by host name';
  for (const [host, o] of Object.entries(v)) {
    if (typeof o !== 'object' || o === null) return `.${host} must be an object`;
    for (const [k, n] of Object.entries(o)) {
      if (k !== 'concurrency' && k !== 'intervalMs') return `.${host}.${k} is not a setting (concurrency, intervalMs)`;
      const problem = count(k === 'concurrency' ? 1 : 0)(n);
      if (problem) return `.${host}.${k} ${problem}`;
    }
  }
  return null;
};

const FIELDS: { [K in keyof Config]: Check } = {
  concurrency: count(1),
  hostConcurrency: count(1),
  hostIntervalMs: count(0),
  hostOverrides: overrides,
  connectTimeoutMs: count(1),
  allowPrivate: flag,
  allowHosts: hostList,
  insecure: flag,
  headersTimeoutMs: count(1),
  requestTimeoutMs: count(1),
  retries: count(1),
  retryAfterCapMs: count(0),
  maxHops: count(1),
  maxBodyBytes: count(1024),
  userAgent: text,
  failOn: statusList,
  archive: text,
  reportsDir: text,
  citations: text,
  checkOutput: text,
  historyLimit: count(1),
  maxAgeHours: count(0),
  failOnNewlyDead: flag,
  deadAfterStrikes: count(1),
  deadAfterDays: count(0),
  confirmPauseMs: count(0),
  rescue: flag,
  rescueMaxAgeDays: count(0),
  waybackCdxBase: baseUrl,
  waybackAvailabilityBase: baseUrl,
  waybackWebBase: baseUrl,
  savePollMs: count(0),
};

/**
 * Check a partial config (from a file or from flags) field by field. The error names the
 * field and where it came from, so a user can fix it without reading code.
 */
export function validateConfig(value: unknown, source: string): Partial<Config> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CitecheckError('INVALID_CONFIG', `${source}: the configuration must be a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!(key in FIELDS)) {
      throw new CitecheckError('INVALID_CONFIG', `${source}: unknown setting "${key}" (known: ${Object.keys(FIELDS).join(', ')})`);
    }
    const problem = FIELDS[key as keyof Config](v);
    if (problem) throw new CitecheckError('INVALID_CONFIG', `${source}: "${key}" ${problem}`);
    out[key] = v;
  }
  return out as Partial<Config>;
}

/**
 * Settings from `citecheck.config.json` in `dir`, else from the `citecheck` key of its
 * package.json, else none. An explicit `--config` path must exist.
 */
export async function loadConfigFile(dir: string, explicitPath?: string): Promise<Partial<Config>> {
  if (explicitPath) return validateConfig(await readJson(explicitPath, true), explicitPath);
  const configPath = join(dir, 'citecheck.config.json');
  const fromFile = await readJson(configPath, false);
  if (fromFile !== undefined) return validateConfig(fromFile, configPath);
  const pkgPath = join(dir, 'package.json');
  const pkg = await readJson(pkgPath, false);
  if (typeof pkg === 'object' && pkg !== null && 'citecheck' in pkg) {
    return validateConfig((pkg as { citecheck: unknown }).citecheck, `${pkgPath} ("citecheck" key)`);
  }
  return {};
}

/** Later layers win: defaults, then the file, then the flags. */
export function resolveConfig(...layers: Partial<Config>[]): Config {
  return Object.assign({}, DEFAULT_CONFIG, ...layers) as Config;
}

async function readJson(path: string, required: boolean): Promise<unknown> {
  let body: string;
  try {
    body = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CitecheckError('INPUT_NOT_FOUND', `${path}: cannot read the config file (${(error as Error).message})`);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new CitecheckError('INVALID_JSON', `${path}: not valid JSON (${(error as Error).message})`);
  }
}
