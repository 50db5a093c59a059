import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { Change } from '../../src/types.js';
import { startServer } from '../support/http-server.js';
import { ARTICLE, clockAt, configFor, documentOf, LOCAL_TEST_FLAGS, runOnce, tempDir } from './helpers.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/**
 * A site that answers differently once `day` is 1: /a goes away, /b comes back, /c gets a new
 * title, /d stays. On day 1 /a answers last although it is cited first.
 */
async function changingSite() {
  const state = { day: 0 };
  const server = await startServer('127.0.0.1', (req, res) => {
    const page = (title: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE(title, 'Officials said so.'));
    const gone = () => res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
    if (req.url === '/a') {
      if (state.day === 0) return page('Alpha');
      setTimeout(gone, 150);
      return undefined;
    }
    if (req.url === '/b') return state.day === 0 ? gone() : page('Beta');
    if (req.url === '/c') return page(state.day === 0 ? 'Gamma' : 'Gamma Revised');
    if (req.url === '/d') return page('Delta');
    return gone();
  });
  stops.push(server.close);
  return { origin: server.origin, state };
}

const notes = (origin: string) =>
  [
    ['Alpha', 'a'],
    ['Beta', 'b'],
    ['Gamma', 'c'],
    ['Delta', 'd'],
  ].map(([title, path]) => ({ title: title as string, url: `${origin}/${path as string}` }));

describe('changed since the last run', () => {
  it('says what changed for each URL, in the order the document cites them, and nothing on a first run or a run that changed nothing', async () => {
    const { origin, state } = await changingSite();
    const config = configFor(await tempDir(), null);
    const file = documentOf(notes(origin));

    const first = await runOnce(file, config, { now: clockAt(0) });
    expect(first.written.report.changes).toEqual([]);

    state.day = 1;
    const second = await runOnce(file, config, { now: clockAt(1) });
    expect(second.written.report.changes).toEqual<Change[]>([
      { url: `${origin}/a`, kind: 'newly_broken', before: 'ok', after: 'broken' },
      { url: `${origin}/b`, kind: 'recovered', before: 'broken', after: 'ok' },
      { url: `${origin}/c`, kind: 'title_changed', before: 'Gamma | Example News', after: 'Gamma Revised | Example News' },
    ]);
    const markdown = await readFile(second.written.markdownPath, 'utf8');
    expect(markdown).toContain(`- Newly broken: [${origin.replace('http://', '')}/a](${origin}/a): ok → broken`);

    const third = await runOnce(file, config, { now: clockAt(2) });
    expect(third.written.report.changes).toEqual([]);
  });

  it('a second try (--confirm-now) replaces what the first one changed', async () => {
    let tries = 0;
    const server = await startServer('127.0.0.1', (req, res) => {
      if (req.url !== '/a') return res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
      tries += 1;
      // Alive on the first run, then failing once and back on the second try.
      if (tries === 2) return res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
      return res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE('Alpha', 'Officials said so.'));
    });
    stops.push(server.close);
    const config = configFor(await tempDir(), null);
    const file = documentOf([{ title: 'Alpha', url: `${server.origin}/a` }]);
    await runOnce(file, config, { now: clockAt(0) });
    const second = await runOnce(file, config, { now: clockAt(1), confirmPauseMs: 0 });
    expect(second.written.report.notes[0]).toMatchObject({ status: 'ok', rechecked: true });
    expect(second.written.report.changes).toEqual([]);
  });

  it('`citecheck report` says the same changes as the run it re-renders', async () => {
    const { origin, state } = await changingSite();
    const dir = await tempDir();
    const config = configFor(dir, null);
    const doc = join(dir, 'paper.txt');
    const lines = ['A Test Paper', '', 'A claim.[1] Another.[2] More.[3] Last.[4]', ''];
    notes(origin).forEach((note, i) => lines.push(`[${i + 1}] Jane Roe, “${note.title},” Example News, 1/7/2021, accessed on 4/8/2021, at: ${note.url}`, ''));
    await writeFile(doc, lines.join('\n'));
    const settings = join(dir, 'citecheck.config.json');
    const citations = join(config.reportsDir, 'paper.citations.json');
    await writeFile(settings, JSON.stringify({ archive: config.archive, reportsDir: config.reportsDir, checkOutput: config.checkOutput, citations }));
    const run = () => main(['run', doc, '--config', settings, '--no-rescue', ...LOCAL_TEST_FLAGS]);
    const changesInReport = async () => (JSON.parse(await readFile(join(config.reportsDir, 'paper.json'), 'utf8')) as { changes: Change[] }).changes;

    expect(await run()).toBe(0);
    state.day = 1;
    expect(await run()).toBe(0);
    const fromRun = await changesInReport();
    expect(fromRun.map((change) => change.kind)).toEqual(['newly_broken', 'recovered', 'title_changed']);

    expect(await main(['report', '--config', settings])).toBe(0);
    expect(await changesInReport()).toEqual(fromRun);
  });
});
