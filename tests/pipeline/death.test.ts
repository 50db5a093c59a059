import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { readArchiveFile } from '../support/archive-file.js';
import { closedOrigin, startServer } from '../support/http-server.js';
import { clockAt, configFor, DAY, documentOf, LOCAL_TEST_FLAGS, runOnce, START, tempDir } from './helpers.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** A site where every page is a 404, and `/flaky` fails once per `flakyFails`, then answers. */
async function site(flakyFails = 1) {
  let flakyTries = 0;
  const server = await startServer('127.0.0.1', (req, res) => {
    if (req.url === '/flaky' && ++flakyTries > flakyFails) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<title>Flaky but here</title><p>Back again.</p>');
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
  });
  stops.push(server.close);
  return server.origin;
}

describe('dead means dead more than once, through the archive', () => {
  it('calls a 404 dead only on the third failing check three days apart, and fails the run only then', async () => {
    const live = await site();
    const dir = await tempDir();
    const config = configFor(dir, null);
    const file = documentOf([{ title: 'A Page That Is Gone', url: `${live}/gone` }]);

    const days = [0, 1, 3, 6, 7];
    const seen: { death: unknown; failing: number; markdown: string }[] = [];
    for (const day of days) {
      const { written } = await runOnce(file, config, { now: clockAt(day) });
      seen.push({ death: written.report.notes[0]?.death, failing: written.failing, markdown: await readFile(written.markdownPath, 'utf8') });
    }

    expect(seen.map((s) => s.death)).toEqual([
      { state: 'failing', strikes: 1, of: 3, newlyDead: false },
      { state: 'failing', strikes: 1, of: 3, newlyDead: false },
      { state: 'failing', strikes: 2, of: 3, newlyDead: false },
      { state: 'dead', strikes: 3, of: 3, newlyDead: true },
      { state: 'dead', strikes: 3, of: 3, newlyDead: false },
    ]);
    expect(seen.map((s) => s.failing)).toEqual([0, 0, 0, 1, 0]);
    expect(seen[2]?.markdown).toMatch(/❌ broken \(not found\) — failing \(2\/3\)/);
    expect(seen[3]?.markdown).toMatch(/❌ broken \(not found\) — newly dead/);
    expect(seen[4]?.markdown).toMatch(/❌ broken \(not found\) — dead/);
    const json = JSON.parse(await readFile(join(dir, 'reports', 'paper.json'), 'utf8')) as { notes: { death: unknown }[] };
    expect(json.notes[0]?.death).toMatchObject({ state: 'dead', strikes: 3 });
  });

  it('--fail-on broken still fails a one-off audit on the first failure; failOnNewlyDead off never fails on death', async () => {
    const live = await site();
    const file = documentOf([{ title: 'A Page That Is Gone', url: `${live}/gone` }]);
    const strict = configFor(await tempDir(), null, { failOn: ['broken'] });
    expect((await runOnce(file, strict, { now: clockAt(0) })).written.failing).toBe(1);

    const lenient = configFor(await tempDir(), null, { failOnNewlyDead: false, deadAfterStrikes: 1 });
    const { written } = await runOnce(file, lenient, { now: clockAt(0) });
    expect(written.report.notes[0]?.death).toMatchObject({ state: 'dead', newlyDead: true });
    expect(written.failing).toBe(0);
  });

  it('an offline run gives no strike, and one success resets the count', async () => {
    const live = await site();
    const dead = await closedOrigin();
    const dir = await tempDir();
    const config = configFor(dir, null);

    const offline = documentOf([{ title: 'Unreachable', url: `${dead}/a` }]);
    for (const day of [0, 3, 6]) {
      const { check, archive } = await runOnce(offline, config, { now: clockAt(day) });
      expect(check.offline).toBe(true);
      expect(archive.annotation(`${dead}/a`)?.death).toBeUndefined();
    }

    const flaky = documentOf([{ title: 'Flaky but here', url: `${live}/flaky` }]);
    const first = await runOnce(flaky, config, { now: clockAt(0) });
    expect(first.archive.annotation(`${live}/flaky`)?.death).toMatchObject({ state: 'failing', strikes: 1 });
    const second = await runOnce(flaky, config, { now: clockAt(3) });
    expect(second.archive.annotation(`${live}/flaky`)?.death).toMatchObject({ state: 'alive', strikes: 0 });
  });

  it('--confirm-now keeps the second try: a transient failure recovers, a lasting one is "(unconfirmed)"', async () => {
    const live = await site(1);
    const dir = await tempDir();
    const file = documentOf([
      { title: 'Flaky but here', url: `${live}/flaky` },
      { title: 'A Page That Is Gone', url: `${live}/gone` },
    ]);

    const { written, archive } = await runOnce(file, configFor(dir, null), { confirmPauseMs: 0, now: clockAt(0) });

    const [flaky, gone] = written.report.notes;
    expect(flaky).toMatchObject({ status: 'ok', rechecked: true, death: null });
    expect(gone).toMatchObject({ status: 'broken', rechecked: true, death: { state: 'failing', strikes: 1 } });
    expect(await readFile(written.markdownPath, 'utf8')).toMatch(/❌ broken \(not found\) \(unconfirmed\) — failing \(1\/3\)/);
    // Both tries are in the history; the death state counts the run once.
    expect((await readArchiveFile(configFor(dir, null).archive)).urls[`${live}/gone`]?.history).toHaveLength(2);
  });
});

describe('the exit code of `citecheck run`', () => {
  it('is 2 when a link becomes dead in this run and 0 when it was already dead', async () => {
    const live = await site();
    const dir = await tempDir();
    const url = `${live}/gone`;
    const doc = join(dir, 'paper.txt');
    await writeFile(
      doc,
      ['A Test Paper', '', 'A claim.[1]', '', `[1] Jane Roe, “A Page That Is Gone,” Example News, 1/7/2021, accessed on 4/8/2021, at: ${url}`, ''].join('\n'),
    );
    const config = configFor(dir, null);
    const settings = join(dir, 'citecheck.config.json');
    await writeFile(settings, JSON.stringify({ archive: config.archive, reportsDir: config.reportsDir, checkOutput: config.checkOutput }));
    // Two strikes long ago: today's failure is the third.
    const twoStrikes = { state: 'failing', strikes: 2, firstFailedAt: new Date(START).toISOString(), lastStrikeAt: new Date(START + 3 * DAY).toISOString() };
    await writeFile(config.archive, JSON.stringify({ schemaVersion: 1, urls: { [url]: { history: [], death: twoStrikes } } }));

    const run = () => main(['run', doc, '--config', settings, '--no-rescue', ...LOCAL_TEST_FLAGS]);
    expect(await run()).toBe(2);
    expect(await run()).toBe(0);
    expect(await main(['run', doc, '--config', settings, '--no-rescue', '--fail-on', 'broken', ...LOCAL_TEST_FLAGS])).toBe(2);
  });
});
