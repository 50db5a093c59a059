import { request, type Dispatcher } from 'undici';
import type { Archive } from '../archive/index.js';
import { followUpSave, savePage, type GetJson, type PostForm, type SaveDeps, type SaveOptions, type SaveResult } from '../rescue/index.js';
import type { CheckStream, PendingSave } from '../types.js';

/** The env vars holding the archive.org S3-style keys Save Page Now 2 authenticates with. */
export const KEY_VARS = { access: 'WAYBACK_ACCESS_KEY', secret: 'WAYBACK_SECRET_KEY' } as const;

export function keysFromEnv(env: NodeJS.ProcessEnv): SaveDeps['keys'] {
  const access = env[KEY_VARS.access];
  const secret = env[KEY_VARS.secret];
  return access && secret ? { access, secret } : null;
}

/**
 * The live pages worth preserving: sources that answered `ok` and that at least one note
 * matched. Each is saved at the URL it was read from (a shortener's target, not the bit.ly
 * link), once.
 */
export function savableSources(check: Pick<CheckStream, 'results' | 'verifications'>): { cited: string; page: string }[] {
  const matched = new Set<string>();
  for (const v of check.verifications) if (v.verification.verdict === 'match') matched.add(v.url);
  const seen = new Set<string>();
  const sources: { cited: string; page: string }[] = [];
  for (const result of check.results) {
    if (result.status !== 'ok' || !matched.has(result.url) || seen.has(result.finalUrl)) continue;
    seen.add(result.finalUrl);
    sources.push({ cited: result.url, page: result.finalUrl });
  }
  return sources;
}

/** How long Save Page Now keeps a job's status to be asked for. */
const PENDING_JOB_LIFETIME_MS = 60 * 60_000;

/**
 * Submit each source to Save Page Now in turn and record every capture in the archive under
 * the cited URL. A job an earlier run left running (and still within the hour SPN2 keeps it)
 * is asked for instead of submitting the page again; a job still running at the end is
 * recorded so the next run can do that. A "retry later" answer (the per-user or daily limit)
 * or no answer at all stops the run: every further request would get the same.
 */
export async function saveSources(
  sources: readonly { cited: string; page: string }[],
  deps: SaveDeps & { archive: Archive | null },
  options: SaveOptions,
  onResult: (result: SaveResult) => void,
): Promise<SaveResult[]> {
  const results: SaveResult[] = [];
  for (const source of sources) {
    const pending = pendingJob(deps.archive, source, deps.now());
    const asked = pending === null ? savePage(source.page, deps, options) : followUpSave(source.page, pending.jobId, deps);
    const result = await asked.catch(
      (error: unknown): SaveResult => ({ outcome: 'failed', url: source.page, reason: 'no-answer', message: `Save Page Now did not answer (${(error as Error).message})` }),
    );
    results.push(result);
    onResult(result);
    const now = new Date(deps.now()).toISOString();
    if (result.outcome === 'saved') {
      await deps.archive?.annotate(source.cited, { saved: { snapshotUrl: result.snapshotUrl, timestamp: result.timestamp, savedAt: now }, pendingSave: null });
    } else if (result.outcome === 'pending') {
      await deps.archive?.annotate(source.cited, { pendingSave: { jobId: result.jobId, page: source.page, submittedAt: pending?.submittedAt ?? now } });
    } else if (pending !== null && result.outcome === 'failed' && result.reason !== 'no-answer') {
      await deps.archive?.annotate(source.cited, { pendingSave: null });
    }
    if (result.outcome === 'retry_later' || (result.outcome === 'failed' && result.reason === 'no-answer')) break;
  }
  return results;
}

/** The job an earlier run left running for this page, if SPN2 still keeps its status. */
function pendingJob(archive: Archive | null, source: { cited: string; page: string }, now: number): PendingSave | null {
  const pending = archive?.annotation(source.cited)?.pendingSave ?? null;
  if (pending === null || pending.page !== source.page) return null;
  return now - Date.parse(pending.submittedAt) < PENDING_JOB_LIFETIME_MS ? pending : null;
}

/** Save Page Now's answers are small JSON documents; anything else reads as `null`. */
async function answer(res: Dispatcher.ResponseData): Promise<{ status: number; json: unknown }> {
  const text = await res.body.text();
  try {
    return { status: res.statusCode, json: JSON.parse(text) as unknown };
  } catch {
    return { status: res.statusCode, json: null };
  }
}

/** Plain clients for SPN2 (its limits are kept by the capture gate, not the per-host gate). */
export function spn2Clients(dispatcher: Dispatcher, timeoutMs: number): { post: PostForm; get: GetJson } {
  return {
    post: async (url, form, headers) => answer(await request(url, { method: 'POST', body: form, headers, dispatcher, signal: AbortSignal.timeout(timeoutMs) })),
    get: async (url, headers) => answer(await request(url, { headers, dispatcher, signal: AbortSignal.timeout(timeoutMs) })),
  };
}
