import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { CheckFile, NoteVerification, Verdict } from '../../src/types.js';
import { startFakeSpn2, type Spn2Script } from '../rescue/helpers/fake-spn2.js';
import { readArchiveFile } from '../support/archive-file.js';
import { checked } from '../support/check-result.js';
import { tempDir } from './helpers.js';

const JOB = 'ac58789b-f3ca-48d0-9ea6-1d1225e98695';
const LIVE = 'https://news.example.com/2019/story';
const SHORT = 'https://bit.ly/3xYz';
const TARGET = 'https://news.example.com/2020/target';

function verified(url: string, verdict: Verdict, number: number): NoteVerification {
  const field = { verdict, score: null, expected: null, found: null };
  return { document: 'paper.txt', number, url, verification: { verdict, title: field, author: field, date: field, quotations: [], soft404: [] } };
}

/** The last check: a live matching page, a shortened one, a live page that no longer matches, a broken one. */
const CHECK: CheckFile = {
  schemaVersion: 1,
  checkedAt: '2026-11-29T07:00:00.000Z',
  citations: 'paper.txt',
  offline: false,
  partial: false,
  results: [
    checked(LIVE, { status: 'ok' }),
    checked(SHORT, { status: 'ok' }, { expandedUrl: TARGET, finalUrl: TARGET }),
    checked('https://news.example.com/changed', { status: 'ok' }),
    checked('https://news.example.com/gone', { status: 'broken', reason: 'not_found' }),
  ],
  verifications: [
    verified(LIVE, 'match', 1),
    verified(SHORT, 'match', 2),
    verified('https://news.example.com/changed', 'mismatch', 3),
    verified('https://news.example.com/gone', 'unknown', 4),
  ],
};

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function setUp(script: Spn2Script) {
  const fake = await startFakeSpn2(script);
  stops.push(fake.close);
  const dir = await tempDir();
  const settings = join(dir, 'citecheck.config.json');
  const archive = join(dir, 'archive.json');
  await writeFile(join(dir, 'check.json'), JSON.stringify(CHECK));
  await writeFile(settings, JSON.stringify({ checkOutput: join(dir, 'check.json'), archive, waybackWebBase: fake.base, savePollMs: 0 }));
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const save = () => main(['archive', '--save', '--config', settings, '--log-level', 'silent']);
  return { fake, archive, out, save };
}

describe('citecheck archive --save', () => {
  it('without keys says what it would save, sends nothing and exits 0', async () => {
    vi.stubEnv('WAYBACK_ACCESS_KEY', '');
    vi.stubEnv('WAYBACK_SECRET_KEY', '');
    const { fake, out, save } = await setUp({ save: { status: 200, json: { job_id: JOB } } });

    expect(await save()).toBe(0);

    expect(fake.seen).toEqual([]);
    expect(out.join('')).toBe(`would save ${LIVE}\nwould save ${TARGET}\n`);
  });

  it('with keys submits only live, verified sources, polls the job and records the snapshot in the archive', async () => {
    vi.stubEnv('WAYBACK_ACCESS_KEY', 'AK');
    vi.stubEnv('WAYBACK_SECRET_KEY', 'SK');
    const { fake, archive, out, save } = await setUp({
      save: { status: 200, json: { url: LIVE, job_id: JOB } },
      statuses: [{ status: 'pending' }, { status: 'success', job_id: JOB, timestamp: '20261129070015', original_url: LIVE }],
    });

    expect(await save()).toBe(0);

    const posts = fake.seen.filter((r) => r.method === 'POST');
    expect(posts.map((r) => new URLSearchParams(r.body).get('url'))).toEqual([LIVE, TARGET]);
    expect(posts[0]?.headers.authorization).toBe('LOW AK:SK');
    expect(out.join('')).toContain(`saved ${LIVE} as ${fake.base}/web/20261129070015/${LIVE}`);
    const stored = await readArchiveFile(archive);
    expect(stored.urls[LIVE]?.saved?.snapshotUrl).toBe(`${fake.base}/web/20261129070015/${LIVE}`);
    // Recorded under the cited (short) URL, which is what the report looks up.
    expect(stored.urls[SHORT]?.saved).toBeDefined();
  });

  it('stops at the first "retry later" and exits 0', async () => {
    vi.stubEnv('WAYBACK_ACCESS_KEY', 'AK');
    vi.stubEnv('WAYBACK_SECRET_KEY', 'SK');
    const { fake, out, save } = await setUp({
      save: { status: 200, json: { status: 'error', status_ext: 'error:user-session-limit', message: 'You have already reached the limit of active sessions.' } },
    });

    expect(await save()).toBe(0);

    expect(fake.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(out.join('')).toMatch(/^stopped at .*user-session-limit\); run again later\n$/);
  });

  it('records a job still running, and collects it on the next run instead of submitting again', async () => {
    vi.stubEnv('WAYBACK_ACCESS_KEY', 'AK');
    vi.stubEnv('WAYBACK_SECRET_KEY', 'SK');
    const script: Spn2Script = { save: { status: 200, json: { job_id: JOB } }, statuses: [{ status: 'pending' }] };
    const { fake, archive, out, save } = await setUp(script);

    expect(await save()).toBe(0);
    expect(out.join('')).toContain(`pending ${LIVE} (job ${JOB}: run citecheck archive --save again within the hour to collect it)`);
    expect((await readArchiveFile(archive)).urls[LIVE]?.pendingSave).toMatchObject({ jobId: JOB, page: LIVE });
    const postsBefore = fake.seen.filter((r) => r.method === 'POST').length;

    script.statuses = [{ status: 'success', job_id: JOB, timestamp: '20261129070015', original_url: LIVE }];
    out.length = 0;
    expect(await save()).toBe(0);

    // Both pending jobs were asked for, once each; nothing was submitted again.
    expect(fake.seen.filter((r) => r.method === 'POST')).toHaveLength(postsBefore);
    expect(out.join('')).toContain(`saved ${LIVE} as ${fake.base}/web/20261129070015/${LIVE}`);
    const stored = (await readArchiveFile(archive)).urls[LIVE];
    expect(stored?.saved?.snapshotUrl).toBe(`${fake.base}/web/20261129070015/${LIVE}`);
    expect(stored?.pendingSave).toBeNull();
  });

  it('submits again when the job it left is older than the hour SPN2 keeps it', async () => {
    vi.stubEnv('WAYBACK_ACCESS_KEY', 'AK');
    vi.stubEnv('WAYBACK_SECRET_KEY', 'SK');
    const { fake, archive, save } = await setUp({
      save: { status: 200, json: { job_id: JOB } },
      statuses: [{ status: 'success', job_id: JOB, timestamp: '20261129070015', original_url: LIVE }],
    });
    const submittedAt = new Date(Date.now() - 61 * 60_000).toISOString();
    await writeFile(archive, JSON.stringify({ schemaVersion: 1, urls: { [LIVE]: { history: [], pendingSave: { jobId: 'old-job', page: LIVE, submittedAt } } } }));

    expect(await save()).toBe(0);

    expect(fake.seen.filter((r) => r.method === 'POST').map((r) => new URLSearchParams(r.body).get('url'))).toEqual([LIVE, TARGET]);
    expect(fake.seen.some((r) => r.path.includes('old-job'))).toBe(false);
  });

  it('names the key variables in its help', async () => {
    const { out } = await setUp({ save: { status: 200, json: {} } });
    await main(['archive', '--help']);
    expect(out.join('')).toMatch(/WAYBACK_ACCESS_KEY and WAYBACK_SECRET_KEY/);
  });
});
