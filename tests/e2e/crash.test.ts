import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveFile } from '../support/archive-file.js';
import { documentCiting, QUIET_LOCAL, sleep, slowHosts, startCli, tempDir, until, type SlowHosts } from './helpers.js';

// kill -9 and concurrent runs, through the real binary, against 4 local hosts answering
// after 300 ms. On this loaded machine a run needs 1–2.5 s to start, parse and get its first
// results, then appends to the archive after every burst of results for ~2.3 s (120 URLs,
// 4 at a time per host); a kill can cut the last line short. Kills at a fixed delay from the start would all
// land before the first write, so every third kill is timed from the start (a dead run's
// lock and nothing written) and the others at a random point after the run's first write,
// during writes and between them. No run lives long enough to finish the document.

let hosts: SlowHosts;
beforeAll(async () => {
  hosts = await slowHosts(4, 300);
});
afterAll(() => hosts.close());

const KILLS = 12;
const PER_HOST = 30;
const FLAGS = [...QUIET_LOCAL, '--host-concurrency', '4'];

/** The archive's last modification time, or null when there is none. */
async function modified(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.mtimeMs ?? null;
}

/** The archive's URLs, or null when there is no archive yet; throws when a whole line of it is not JSON. */
async function archivedUrls(path: string): Promise<Set<string> | null> {
  const exists = await stat(path).then(() => true, () => false);
  if (!exists) return null;
  return new Set(Object.keys((await readArchiveFile(path)).urls));
}

describe('kill -9 mid-run', () => {
  it('always leaves the last complete archive, and --resume fetches only what it lacks', async () => {
    const dir = await tempDir();
    const doc = join(dir, 'paper.txt');
    const archivePath = join(dir, 'reports', 'archive.json');
    const { text, urls } = documentCiting(hosts.bases, PER_HOST);
    await writeFile(doc, text);

    let archived = new Set<string>();
    const delays: string[] = [];
    for (let i = 0; i < KILLS; i += 1) {
      const delay = 50 + Math.floor(Math.random() * 950);
      const lastWrite = await modified(archivePath);
      const { child, exited } = startCli(['run', doc, ...FLAGS], dir);
      const fromStart = i % 3 === 0;
      if (!fromStart) await until(async () => (await modified(archivePath)) !== lastWrite, 20_000);
      delays.push(`${delay} ms after ${fromStart ? 'start' : 'first write'}`);
      await sleep(delay);
      child.kill('SIGKILL');
      const ran = await exited;
      // A run that ended before the kill found the lock free too (a dead run's lock is taken over).
      expect(ran.stderr, `kill ${i}, ${delays[i]}`).not.toContain('another citecheck run');
      const now = await archivedUrls(archivePath);
      if (now === null) continue;
      for (const url of now) expect(urls).toContain(url);
      // The last complete write: never fewer URLs than a write that already landed.
      for (const url of archived) expect(now.has(url), `kill ${i}, ${delays[i]}, lost ${url}`).toBe(true);
      archived = now;
    }

    const before = new Map(hosts.requests);
    const ran = await startCli(['run', doc, '--resume', ...FLAGS], dir).exited;
    expect(ran.code, ran.stderr).toBe(0);
    const fetched = [...hosts.requests].filter(([key, n]) => n > (before.get(key) ?? 0)).map(([key]) => `http://${key}`);
    // No killed run lived long enough (≤ 1 s after its first write) to fetch all 30 pages of a host.
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.sort(), `kills: ${delays.join('; ')}`).toEqual(urls.filter((u) => !archived.has(u)).sort());

    const report = JSON.parse(await readFile(join(dir, 'reports', 'paper.json'), 'utf8')) as { partial: boolean; notes: { status: string | null }[] };
    expect(report.partial).toBe(false);
    expect(report.notes.map((n) => n.status)).toEqual(urls.map(() => 'ok'));
    expect(await archivedUrls(archivePath)).toEqual(new Set(urls));
    // Temp files of the killed runs (archive rewrites, result stores) were cleared by the last run's writes; the lock was released.
    expect((await readdir(join(dir, 'reports'))).filter((f) => f.startsWith('archive.json.') || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('two runs on one archive', () => {
  it('refuses the second with one line naming the lock, and the first completes', async () => {
    const dir = await tempDir();
    const doc = join(dir, 'paper.txt');
    // The first run holds the lock until the test releases its last page: on a loaded machine
    // it could otherwise finish before the second run has started.
    const { text, urls } = documentCiting(hosts.bases, 10, [`${hosts.bases[0]}/held/1`]);
    await writeFile(doc, text);
    const before = hosts.total();
    const first = startCli(['run', doc, ...QUIET_LOCAL], dir);
    await until(() => hosts.total() > before, 10_000);

    const second = await startCli(['run', doc, ...QUIET_LOCAL], dir).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^citecheck: error: another citecheck run is using reports\/archive\.json \(pid \d+\); wait for it or remove reports\/archive\.json\.lock\n$/);
    const inReports = await readdir(join(dir, 'reports'));

    hosts.release();
    const ran = await first.exited;
    expect(ran.code, ran.stderr).toBe(0);
    // The refused run wrote nothing: only the first run's archive, lock and result store are there…
    const firstRunsStore = new RegExp(`^check\\.json\\.${first.child.pid}\\.[0-9a-f]{8}\\.tmp$`);
    expect(inReports.filter((f) => !f.startsWith('archive.json') && !firstRunsStore.test(f))).toEqual([]);
    expect(await archivedUrls(join(dir, 'reports', 'archive.json'))).toEqual(new Set(urls));
    // …and the first run deleted its store when it was done.
    expect((await readdir(join(dir, 'reports'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});
