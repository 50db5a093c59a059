import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/http-server.js';
import { startCli, type Exited } from './helpers.js';

/** Run the real binary to its end. */
function runCli(args: string[], cwd: string): Promise<Exited> {
  return startCli(args, cwd).exited;
}

const ARTICLE = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Example News</title>` +
  `<meta property="og:title" content="${title}"><meta name="author" content="Jane Roe"></head>` +
  `<body><nav>Home</nav><article><h1>${title}</h1><p>${body}</p></article></body></html>`;

let server: TestServer;
let base: string;
let requests = 0;

beforeAll(async () => {
  server = await startServer('127.0.0.1', (req, res) => {
    requests += 1;
    switch (req.url) {
      case '/s/good':
        res.writeHead(301, { location: '/news/2021/07/26/troops-leave-iraq' }).end();
        return;
      case '/news/2021/07/26/troops-leave-iraq':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(ARTICLE('Troops Will Leave Iraq', 'Officials said “the mission will change” by the end of the year.'));
        return;
      case '/s/gone':
        res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
        return;
      case '/s/walled':
        res.writeHead(403, { 'content-type': 'text/html' }).end('<title>Access denied</title>');
        return;
      default:
        res.writeHead(404).end();
    }
  });
  base = server.origin;
});

afterAll(() => server.close());

function documentText(urls: { good: string; gone: string; walled: string }): string {
  return [
    'Troops in Iraq: A Test Paper',
    '',
    'The mission is said to be changing, and “the mission will change” soon.[1] A second source disagrees.[2] A third is behind a wall.[3] The first again.[4]',
    '',
    `[1] Jane Roe, “Troops Will Leave Iraq,” Example News, 26/7/2021, accessed on 4/8/2021, at: ${urls.good}`,
    '',
    `[2] John Doe, “A Page That Is Gone,” Example News, 27/7/2021, accessed on 4/8/2021, at: ${urls.gone}`,
    '',
    `[3] Ann Poe, “Behind the Wall,” Walled Times, 27/7/2021, accessed on 4/8/2021, at: ${urls.walled}`,
    '',
    '[4] Ibid.',
    '',
  ].join('\n');
}

describe('citecheck run (the real binary)', () => {
  it('checks a document against a local server, writes both reports, and exits 2 for the broken source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const doc = join(dir, 'paper.txt');
    await writeFile(doc, documentText({ good: `${base}/s/good`, gone: `${base}/s/gone`, walled: `${base}/s/walled` }));

    // A one-off audit: any broken source fails it (the nightly default fails on newly dead only).
    const ran = await runCli(['run', doc, '--allow-private', '--host-interval', '0', '--log-level', 'silent', '--quiet', '--fail-on', 'broken', '--no-rescue'], dir);

    expect(ran.stderr).not.toMatch(/at .+\.js:\d+/); // no stack trace
    expect(ran.code).toBe(2);
    const report = JSON.parse(await readFile(join(dir, 'reports', 'paper.json'), 'utf8')) as {
      schemaVersion: number;
      notes: { number: number; status: string | null; kind: string; refersTo: number | null; finalUrl: string | null; action: string }[];
    };
    expect(report.schemaVersion).toBe(1);
    const byNumber = new Map(report.notes.map((n) => [n.number, n]));
    expect(byNumber.get(1)?.status).toMatch(/^(ok|redirected)$/);
    expect(byNumber.get(1)?.finalUrl).toBe(`${base}/news/2021/07/26/troops-leave-iraq`);
    expect(byNumber.get(2)?.status).toBe('broken');
    expect(byNumber.get(3)?.status).toBe('blocked');
    expect(byNumber.get(4)).toMatchObject({ kind: 'ibid', refersTo: 3, status: 'blocked' });

    const markdown = await readFile(join(dir, 'reports', 'paper.md'), 'utf8');
    expect(markdown).toContain('Troops in Iraq: A Test Paper');
    expect(markdown).toMatch(/\|\s*1\s*\|.*title ✓, 1\/1 quotes found/);
    expect(markdown).toMatch(/\|\s*2\s*\|.*broken/);
    expect(markdown).toMatch(/\|\s*3\s*\|.*blocked/);
  });

  it('re-renders the report from saved results without the network', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const doc = join(dir, 'paper.txt');
    await writeFile(doc, documentText({ good: `${base}/s/good`, gone: `${base}/s/gone`, walled: `${base}/s/walled` }));
    expect((await runCli(['parse', doc], dir)).code).toBe(0);
    expect((await runCli(['check', '--allow-private', '--host-interval', '0', '--log-level', 'silent', '--no-rescue'], dir)).code).toBe(0);
    const ran = await runCli(['report', '--format', 'json', '--fail-on', 'broken'], dir);
    expect(ran.code).toBe(2);
    const report = JSON.parse(ran.stdout) as { notes: { number: number; status: string | null }[] };
    expect(report.notes.map((n) => n.status)).toEqual([expect.stringMatching(/^(ok|redirected)$/), 'broken', 'blocked', expect.any(String)]);
  });

  it('says offline and exits 3 when nothing answers, instead of calling every source broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const doc = join(dir, 'paper.txt');
    // Port 9 (discard) on loopback is closed here: every connection is refused, as behind a dead network.
    const dead = 'http://127.0.0.1:9';
    await writeFile(doc, documentText({ good: `${dead}/a`, gone: `${dead}/b`, walled: `${dead}/c` }));
    const ran = await runCli(['run', doc, '--allow-private', '--no-rescue', '--host-interval', '0', '--log-level', 'silent', '--retries', '1'], dir);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain('offline');
    const report = JSON.parse(await readFile(join(dir, 'reports', 'paper.json'), 'utf8')) as { offline: boolean; notes: { status: string | null }[] };
    expect(report.offline).toBe(true);
    expect(report.notes.some((n) => n.status === 'broken')).toBe(false);
  });

  it('refuses loopback sources without --allow-private: reported unsupported, never fetched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const doc = join(dir, 'paper.txt');
    await writeFile(doc, documentText({ good: `${base}/s/good`, gone: `${base}/s/gone`, walled: `${base}/s/walled` }));
    const before = requests;
    const ran = await runCli(['run', doc, '--host-interval', '0', '--log-level', 'silent', '--quiet', '--no-rescue'], dir);
    expect(ran.stderr).not.toMatch(/at .+\.js:\d+/);
    expect(requests).toBe(before);
    const check = JSON.parse(await readFile(join(dir, 'reports', 'check.json'), 'utf8')) as { results: { status: string; reason?: string }[] };
    expect(check.results.map((r) => [r.status, r.reason])).toEqual([
      ['unsupported', 'private_address'],
      ['unsupported', 'private_address'],
      ['unsupported', 'private_address'],
    ]);
  });

  it.each([[['--allow-host', '127.0.0.0/8']], [['--allow-host', 'nowhere.example', '--allow-host', '127.0.0.1']]])('reaches loopback when allowed by %j', async (flags) => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const doc = join(dir, 'paper.txt');
    await writeFile(doc, documentText({ good: `${base}/s/good`, gone: `${base}/s/gone`, walled: `${base}/s/walled` }));
    const ran = await runCli(['run', doc, ...flags, '--host-interval', '0', '--log-level', 'silent', '--quiet', '--no-rescue', '--fail-on', 'broken'], dir);
    expect(ran.code).toBe(2);
    const check = JSON.parse(await readFile(join(dir, 'reports', 'check.json'), 'utf8')) as { results: { status: string }[] };
    expect(check.results.map((r) => r.status)).toEqual([expect.stringMatching(/^(ok|redirected)$/), 'broken', 'blocked']);
  });

  it.each([
    [['parse', 'missing.txt'], /citecheck: error: .*missing\.txt/],
    [['run'], /missing required argument/],
    [['check', '--concurrency', 'many'], /--concurrency must be a whole number/],
    [['check', '--allow-host', '10.0.0.0/99'], /"allowHosts" has "10\.0\.0\.0\/99", which is not a host name/],
    [['frobnicate'], /unknown command/],
  ])('rejects bad input %j with one line and exit 1', async (args, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const ran = await runCli(args, dir);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  });

  it('promises no module it does not ship: each path package.json exports exists once built', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) await expect(readFile(target)).resolves.toBeInstanceOf(Buffer);
  });

  it('prints its version', async () => {
    const ran = await runCli(['--version'], '.');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(ran.stdout.trim()).toBe(pkg.version);
    expect(ran.code).toBe(0);
  });
});

describe('citecheck parse on the bundled document', () => {
  it('regenerates the committed citations.json byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-e2e-'));
    const out = join(dir, 'citations.json');
    const ran = await runCli(['parse', resolve('documents/us-iraq-strategic-dialogue.txt'), '-o', out], dir);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain('16 notes, 9 distinct URLs, 3 warnings');
    const committed = await readFile('citations.json', 'utf8');
    const regenerated = (await readFile(out, 'utf8')).replace(resolve('documents/us-iraq-strategic-dialogue.txt'), 'documents/us-iraq-strategic-dialogue.txt');
    expect(regenerated).toBe(committed);
  });
});

describe('citecheck writing to a closed pipe', () => {
  it('stops quietly when the reader goes away (| head), with no stack trace', async () => {
    const { child, exited } = startCli(['run', '--help'], '.');
    child.stdout?.destroy();
    expect((await exited).stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
