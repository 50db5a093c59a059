import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureGate } from '../../src/rescue/gate.js';
import { savePage, type SaveDeps, type SaveOptions } from '../../src/rescue/save.js';
import { fakeClock } from '../support/fake-clock.js';
import { get, post, startFakeSpn2, type Spn2Script } from './helpers/fake-spn2.js';

const PAGE = 'https://news.example.com/2019/story?id=7';
const KEYS = { access: 'AK', secret: 'SK' };
const OPTIONS: SaveOptions = { ifNotArchivedWithin: '30d', pollEveryMs: 5000, maxPolls: 4 };
const JOB = 'ac58789b-f3ca-48d0-9ea6-1d1225e98695';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function spn2(script: Spn2Script, keys: SaveDeps['keys'] = KEYS) {
  const fake = await startFakeSpn2(script);
  stop = fake.close;
  const clock = fakeClock(Date.parse('2026-03-01T02:00:00Z'));
  const deps: SaveDeps = { post, get, sleep: clock.sleep, now: clock.now, keys, base: fake.base, gate: createCaptureGate() };
  return { fake, clock, deps };
}

describe('createCaptureGate', () => {
  it.each<[string, number[], number[]]>([
    ['seven in a minute pass at once', [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]],
    ['the eighth waits for the first to leave the window', [0, 0, 0, 0, 0, 0, 0, 1000], [0, 0, 0, 0, 0, 0, 0, 59_000]],
    ['spread out, nobody waits', [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000], [0, 0, 0, 0, 0, 0, 0, 0]],
    [
      'waiting slots are counted too',
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 60_000, 60_000],
    ],
  ])('%s', (_name, times, waits) => {
    const gate = createCaptureGate(7, 60_000);
    expect(times.map((t) => gate.reserve(t))).toEqual(waits);
  });

  it('a full second window waits for the next one', () => {
    const gate = createCaptureGate(2, 60_000);
    expect([0, 0, 0, 0, 0].map((t) => gate.reserve(t))).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });
});

describe('savePage against a fake Save Page Now 2', () => {
  it('submits with the keys, polls the job and records the snapshot', async () => {
    const { fake, clock, deps } = await spn2({
      save: { status: 200, json: { url: PAGE, job_id: JOB } },
      statuses: [
        { status: 'pending', job_id: JOB },
        { status: 'pending', job_id: JOB },
        { status: 'success', job_id: JOB, timestamp: '20260301020015', original_url: 'https://news.example.com/2019/story' },
      ],
    });
    expect(await savePage(PAGE, deps, OPTIONS)).toEqual({
      outcome: 'saved',
      url: PAGE,
      jobId: JOB,
      timestamp: '20260301020015',
      original: 'https://news.example.com/2019/story',
      snapshotUrl: `${fake.base}/web/20260301020015/https://news.example.com/2019/story`,
    });
    const [submit, ...polls] = fake.seen;
    expect(submit?.method).toBe('POST');
    expect(submit?.headers.authorization).toBe('LOW AK:SK');
    expect(submit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(submit?.body))).toEqual({ url: PAGE, if_not_archived_within: '30d' });
    expect(polls.map((p) => p.path)).toEqual(Array(3).fill(`/save/status/${JOB}`));
    expect(polls.every((p) => p.headers.authorization === 'LOW AK:SK')).toBe(true);
    expect(clock.waits).toEqual([5000, 5000, 5000]);
  });

  it.each<[string, Spn2Script, string]>([
    [
      'user-session-limit on submit',
      { save: { status: 200, json: { status: 'error', status_ext: 'error:user-session-limit', message: 'You have 12 active sessions' } } },
      'user-session-limit',
    ],
    [
      'too-many-daily-captures on submit',
      { save: { status: 200, json: { status: 'error', status_ext: 'error:too-many-daily-captures', message: 'captured 10 times today' } } },
      'too-many-daily-captures',
    ],
    [
      'user-session-limit while polling',
      { save: { status: 200, json: { job_id: JOB } }, statuses: [{ status: 'pending' }, { status: 'error', status_ext: 'error:user-session-limit' }] },
      'user-session-limit',
    ],
    [
      'too-many-daily-captures while polling',
      { save: { status: 200, json: { job_id: JOB } }, statuses: [{ status: 'error', status_ext: 'error:too-many-daily-captures' }] },
      'too-many-daily-captures',
    ],
    ['HTTP 429 on submit', { save: { status: 429, json: { message: 'slow down' } } }, 'http-429'],
  ])('says "retry later" on %s', async (_name, script, reason) => {
    const { deps } = await spn2(script);
    expect(await savePage(PAGE, deps, OPTIONS)).toMatchObject({ outcome: 'retry_later', url: PAGE, reason });
  });

  it('fails, not "retry later", when the page itself cannot be captured', async () => {
    const { deps } = await spn2({
      save: { status: 200, json: { job_id: JOB } },
      statuses: [{ status: 'error', status_ext: 'error:not-found', message: 'Target URL not found (status=404).' }],
    });
    expect(await savePage(PAGE, deps, OPTIONS)).toEqual({
      outcome: 'failed',
      url: PAGE,
      reason: 'not-found',
      message: 'Target URL not found (status=404).',
    });
  });

  it('fails on an answer without a job', async () => {
    const { deps } = await spn2({ save: { status: 401, json: { message: 'bad keys' } } });
    expect(await savePage(PAGE, deps, OPTIONS)).toMatchObject({ outcome: 'failed', reason: 'http-401', message: 'bad keys' });
  });

  it('leaves a job still running after the last poll as pending', async () => {
    const { fake, deps } = await spn2({ save: { status: 200, json: { job_id: JOB } }, statuses: [{ status: 'pending' }] });
    expect(await savePage(PAGE, deps, OPTIONS)).toEqual({ outcome: 'pending', url: PAGE, jobId: JOB });
    expect(fake.seen).toHaveLength(1 + OPTIONS.maxPolls);
  });

  it('without keys says what it would save and sends nothing', async () => {
    const { fake, clock, deps } = await spn2({ save: { status: 200, json: { job_id: JOB } } }, null);
    expect(await savePage(PAGE, deps, OPTIONS)).toEqual({ outcome: 'would_save', url: PAGE });
    expect(fake.seen).toEqual([]);
    expect(clock.waits).toEqual([]);
  });

  it('waits before the eighth capture of a minute', async () => {
    const { fake, clock, deps } = await spn2({
      save: { status: 200, json: { job_id: JOB } },
      statuses: [{ status: 'success', timestamp: '20260301020015', original_url: PAGE }],
    });
    const quick = { ...OPTIONS, pollEveryMs: 1 };
    for (let i = 0; i < 8; i++) await savePage(`${PAGE}&n=${i}`, deps, quick);
    expect(clock.waits.filter((ms) => ms > 1)).toEqual([60_000 - 7]);
    expect(fake.seen.filter((r) => r.method === 'POST')).toHaveLength(8);
  });
});
