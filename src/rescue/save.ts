import type { CaptureGate } from './gate.js';

export type HttpAnswer = { status: number; json: unknown };
/** POST a form body (already encoded). Rejects only when no answer came at all. */
export type PostForm = (url: string, form: string, headers: Record<string, string>) => Promise<HttpAnswer>;
export type GetJson = (url: string, headers: Record<string, string>) => Promise<HttpAnswer>;

export interface SaveDeps {
  post: PostForm;
  get: GetJson;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** The archive.org S3-style keys; null means "say what would be saved, send nothing". */
  keys: { access: string; secret: string } | null;
  /** e.g. `https://web.archive.org` */
  base: string;
  /** Shared by every save of a run, so the per-minute limit holds across them. */
  gate: CaptureGate;
}

export interface SaveOptions {
  /** SPN2 returns the latest capture instead of a new one when it is younger than this. */
  ifNotArchivedWithin: string;
  pollEveryMs: number;
  /** Captures may run for 2 minutes; past this many polls the job is left for later. */
  maxPolls: number;
}

export const DEFAULT_SAVE_OPTIONS: SaveOptions = { ifNotArchivedWithin: '30d', pollEveryMs: 5000, maxPolls: 40 };

/** SPN2 refusals that are about when we asked, not about the page: ask again later. */
const RETRY_LATER = {
  'error:user-session-limit': 'user-session-limit',
  'error:too-many-daily-captures': 'too-many-daily-captures',
} as const;

export type RetryReason = (typeof RETRY_LATER)[keyof typeof RETRY_LATER] | 'http-429';

export type SaveResult =
  | { outcome: 'would_save'; url: string }
  | { outcome: 'saved'; url: string; jobId: string; timestamp: string; original: string; snapshotUrl: string }
  | { outcome: 'retry_later'; url: string; reason: RetryReason; message: string }
  /** Still running after the last poll; its status can be asked for within the hour. */
  | { outcome: 'pending'; url: string; jobId: string }
  | { outcome: 'failed'; url: string; reason: string; message: string };

type Answer = Record<string, unknown>;

function field(answer: Answer, name: string): string | null {
  const value = answer[name];
  return typeof value === 'string' ? value : null;
}

function refusal(url: string, answer: Answer): SaveResult {
  const ext = field(answer, 'status_ext') ?? 'error:unknown';
  const message = field(answer, 'message') ?? ext;
  const later = RETRY_LATER[ext as keyof typeof RETRY_LATER];
  return later === undefined
    ? { outcome: 'failed', url, reason: ext.replace(/^error:/, ''), message }
    : { outcome: 'retry_later', url, reason: later, message };
}

function asAnswer(json: unknown): Answer {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Answer) : {};
}

/**
 * Ask Save Page Now 2 to capture a live page, then poll the job until it succeeds or fails.
 * Without keys nothing is sent. The gate keeps a run within SPN2's captures per minute.
 */
export async function savePage(url: string, deps: SaveDeps, options: SaveOptions = DEFAULT_SAVE_OPTIONS): Promise<SaveResult> {
  if (deps.keys === null) return { outcome: 'would_save', url };
  const headers = authHeaders(deps.keys);

  const wait = deps.gate.reserve(deps.now());
  if (wait > 0) await deps.sleep(wait);
  const form = new URLSearchParams({ url, if_not_archived_within: options.ifNotArchivedWithin }).toString();
  const submitted = await deps.post(`${deps.base}/save`, form, { ...headers, 'content-type': 'application/x-www-form-urlencoded' });
  if (submitted.status === 429) {
    return { outcome: 'retry_later', url, reason: 'http-429', message: 'Save Page Now asked us to slow down (HTTP 429)' };
  }
  const answer = asAnswer(submitted.json);
  if (field(answer, 'status') === 'error') return refusal(url, answer);
  const jobId = field(answer, 'job_id');
  if (submitted.status !== 200 || jobId === null) {
    const message = field(answer, 'message') ?? `Save Page Now answered HTTP ${submitted.status} without a job`;
    return { outcome: 'failed', url, reason: `http-${submitted.status}`, message };
  }

  for (let poll = 0; poll < options.maxPolls; poll++) {
    await deps.sleep(options.pollEveryMs);
    const settled = await askJob(url, jobId, deps, headers);
    if (settled !== null) return settled;
  }
  return { outcome: 'pending', url, jobId };
}

/**
 * Ask once for a job an earlier run left running (SPN2 keeps a job's status for about an
 * hour): saved, failed, or still pending. Nothing is submitted.
 */
export async function followUpSave(url: string, jobId: string, deps: SaveDeps): Promise<SaveResult> {
  if (deps.keys === null) return { outcome: 'would_save', url };
  return (await askJob(url, jobId, deps, authHeaders(deps.keys))) ?? { outcome: 'pending', url, jobId };
}

/** The job's outcome, or null while it runs (or when the status request itself failed: that says nothing about the job). */
async function askJob(url: string, jobId: string, deps: SaveDeps, headers: Record<string, string>): Promise<SaveResult | null> {
  const status = await deps.get(`${deps.base}/save/status/${encodeURIComponent(jobId)}`, headers);
  if (status.status !== 200) return null;
  const job = asAnswer(status.json);
  const state = field(job, 'status');
  if (state === 'error') return refusal(url, job);
  const timestamp = field(job, 'timestamp');
  if (state !== 'success' || timestamp === null) return null;
  // original_url is where the capture landed after redirects.
  const original = field(job, 'original_url') ?? url;
  return { outcome: 'saved', url, jobId, timestamp, original, snapshotUrl: `${deps.base}/web/${timestamp}/${original}` };
}

function authHeaders(keys: { access: string; secret: string }): Record<string, string> {
  return { accept: 'application/json', authorization: `LOW ${keys.access}:${keys.secret}` };
}
