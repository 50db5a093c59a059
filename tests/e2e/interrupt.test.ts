import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveFile } from '../support/archive-file.js';
import { documentCiting, QUIET_LOCAL, sleep, slowHosts, startCli, tempDir, until, type SlowHosts } from './helpers.js';

// Interrupting a run through the real binary: a document of 40 URLs over 4 local hosts, each
// answering after 300 ms, so a full run takes seconds and a signal lands mid-way.

const DELAY_MS = 300;
let hosts: SlowHosts;

beforeAll(async () => {
  hosts = await slowHosts(4, DELAY_MS);
});
afterAll(() => hosts.close());

interface ReportJson {
  partial: boolean;
  notes: { number: number; status: string | null }[];
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('citecheck run on %s', (signal, exitCode) => {
  it(`stops taking URLs, writes the archive and a partial report, and exits ${exitCode}`, async () => {
    const dir = await tempDir();
    const doc = join(dir, 'paper.txt');
    const { text, urls } = documentCiting(hosts.bases, 10);
    await writeFile(doc, text);
    const before = hosts.total();

    const { child, exited } = startCli(['run', doc, ...QUIET_LOCAL], dir);
    await until(() => hosts.total() - before >= 8, 10_000);
    child.kill(signal);
    const signalledAt = Date.now();
    const atSignal = hosts.total() - before;
    const ran = await exited;

    expect(ran.code).toBe(exitCode);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
    // In flight finish within their timeouts: here a few 300 ms answers and the reports (about
    // 1 s, more on a loaded machine), not the 30 s default.
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    const fetched = hosts.total() - before;
    expect(fetched).toBeLessThan(urls.length);
    // Checks already handed to the resolver may still go out: at most 8 per host (its window).
    expect(fetched - atSignal).toBeLessThanOrEqual(4 * 8);

    const report = JSON.parse(await readFile(join(dir, 'reports', 'paper.json'), 'utf8')) as ReportJson;
    expect(report.partial).toBe(true);
    expect(report.notes).toHaveLength(urls.length);
    const checked = report.notes.filter((n) => n.status !== null);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThan(urls.length);
    expect(await readFile(join(dir, 'reports', 'paper.md'), 'utf8')).toContain('Partial run');
    const check = JSON.parse(await readFile(join(dir, 'reports', 'check.json'), 'utf8')) as { partial: boolean; results: unknown[] };
    expect(check).toMatchObject({ partial: true });
    expect(check.results).toHaveLength(checked.length);
    const archive = await readArchiveFile(join(dir, 'reports', 'archive.json'));
    expect(Object.keys(archive.urls).filter((u) => urls.includes(u))).toHaveLength(checked.length);
    expect((await readdir(join(dir, 'reports'))).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  }, 30_000);
});

describe('citecheck check on SIGINT', () => {
  it('writes check.json marked partial and exits 130', async () => {
    const dir = await tempDir();
    const doc = join(dir, 'paper.txt');
    await writeFile(doc, documentCiting(hosts.bases, 10).text);
    const parsed = await startCli(['parse', doc], dir).exited;
    expect(parsed.code).toBe(0);
    const before = hosts.total();
    const { child, exited } = startCli(['check', ...QUIET_LOCAL], dir);
    await until(() => hosts.total() - before >= 4, 10_000);
    child.kill('SIGINT');
    const ran = await exited;
    expect(ran.code).toBe(130);
    const check = JSON.parse(await readFile(join(dir, 'reports', 'check.json'), 'utf8')) as { partial: boolean; results: unknown[] };
    expect(check.partial).toBe(true);
    expect(check.results.length).toBeGreaterThan(0);
    expect(check.results.length).toBeLessThan(40);
  }, 30_000);
});

describe('a second signal', () => {
  it('ends a run waiting on a server that never answers at once, leaving a whole archive', async () => {
    const dir = await tempDir();
    const doc = join(dir, 'paper.txt');
    const { text } = documentCiting(hosts.bases, 3);
    await writeFile(doc, text.replace(`${hosts.bases[0]}/doc/1\n`, `${hosts.bases[0]}/hang/1\n`));
    const { child, exited } = startCli(['run', doc, ...QUIET_LOCAL], dir);
    // The archive has a check in it once it holds more than its header line.
    await until(async () => (await readFile(join(dir, 'reports', 'archive.json'), 'utf8').catch(() => '')).split('\n').length > 2, 15_000);
    child.kill('SIGINT');
    const first = await Promise.race([exited.then(() => 'exited'), sleep(1_000).then(() => 'waiting')]);
    // The hung request holds the run (up to its 30 s timeout) after the first signal…
    expect(first).toBe('waiting');
    child.kill('SIGINT');
    const signalledAt = Date.now();
    const ran = await exited;
    // …and the second ends it now, by the signal, with the archive as last written.
    expect(ran.signal).toBe('SIGINT');
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    const archive = await readArchiveFile(join(dir, 'reports', 'archive.json'));
    expect(Object.keys(archive.urls).length).toBeGreaterThan(0);
  }, 30_000);
});
