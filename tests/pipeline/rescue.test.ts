import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Capture } from '../../src/rescue/capture.js';
import { startFakeWayback, type FakeWaybackData } from '../rescue/helpers/fake-wayback.js';
import { readArchiveFile } from '../support/archive-file.js';
import { startServer } from '../support/http-server.js';
import { ARTICLE, clockAt, configFor, documentOf, runOnce, tempDir } from './helpers.js';

const TITLE = 'Troops Will Leave Iraq';
const QUOTE = 'the mission will change';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** A live site: `/gone` is a 404, `/good` the article itself. */
async function site() {
  const server = await startServer('127.0.0.1', (req, res) => {
    if (req.url === '/good') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(ARTICLE(TITLE, `Officials said “${QUOTE}” by the end of the year.`));
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
  });
  stops.push(server.close);
  return server.origin;
}

async function wayback(data: FakeWaybackData) {
  const fake = await startFakeWayback(data);
  stops.push(fake.close);
  return fake;
}

function cap(timestamp: string, original: string): Capture {
  return { timestamp, original, statuscode: '200', mimetype: 'text/html' };
}

/** A fake archive holding one capture of `url`, replayed as `html`. */
function holding(url: string, timestamp: string, html: string): FakeWaybackData {
  return { captures: { [url]: [cap(timestamp, url)] }, pages: { [`/web/${timestamp}id_/${url}`]: { html } } };
}

describe('rescue through the pipeline, against a fake Wayback server', () => {
  it('offers a verified archived copy for a broken source', async () => {
    const live = await site();
    const gone = `${live}/gone`;
    const fake = await wayback(holding(gone, '20210801000000', ARTICLE(TITLE, `Officials said “${QUOTE}” soon.`)));
    const dir = await tempDir();
    const file = documentOf([{ title: TITLE, url: gone, quote: QUOTE }]);

    const { written } = await runOnce(file, configFor(dir, fake.base));

    const note = written.report.notes[0];
    const snapshot = `${fake.base}/web/20210801000000/${gone}`;
    expect(note?.status).toBe('broken');
    expect(note?.action).toBe(`replace with ${snapshot} (captured 2021-08-01, title ✓, quotes 1/1)`);
    expect(note?.replaceWith).toBe(snapshot);
    const json = JSON.parse(await readFile(written.jsonPath, 'utf8')) as { notes: { archive: unknown }[] };
    expect(json.notes[0]?.archive).toMatchObject({ url: snapshot, timestamp: '20210801000000', verified: true, quotesFound: 1, quotesTotal: 1 });
    expect(await readFile(written.markdownPath, 'utf8')).toContain(`- Archived copy: [${snapshot}](${snapshot}), captured 2021-08-01 (matches the note)`);
    // The access date bounds the CDX query: the copy as the author saw it.
    expect(fake.requests[0]?.searchParams.get('to')).toBe('20210804235959');
  });

  it('does not verify a snapshot whose title does not match, and says to compare by hand', async () => {
    const live = await site();
    const gone = `${live}/gone`;
    const fake = await wayback(holding(gone, '20210801000000', ARTICLE('Parliament Delays the Budget Vote Again', `It said “${QUOTE}” too.`)));
    const dir = await tempDir();

    const { written } = await runOnce(documentOf([{ title: TITLE, url: gone, quote: QUOTE }]), configFor(dir, fake.base));

    const note = written.report.notes[0];
    expect(note?.archive).toMatchObject({ verified: false, titleMatches: false });
    expect(note?.action).toMatch(/^compare by hand before replacing with .*\(captured 2021-08-01, title ✗, quotes 1\/1\)$/);
  });

  it('looks nothing up for a source that checks out, and nothing with rescue off', async () => {
    const live = await site();
    const fake = await wayback(holding(`${live}/gone`, '20210801000000', ARTICLE(TITLE, '')));
    const dir = await tempDir();

    const good = await runOnce(documentOf([{ title: TITLE, url: `${live}/good`, quote: QUOTE }]), configFor(dir, fake.base));
    expect(good.written.report.notes[0]?.action).toBe('none');
    await runOnce(documentOf([{ title: TITLE, url: `${live}/gone` }]), configFor(await tempDir(), fake.base, { rescue: false }));

    expect(fake.requests).toHaveLength(0);
  });

  it('rescues a source whose quotation is no longer on the live page', async () => {
    const live = await site();
    const good = `${live}/good`;
    const fake = await wayback(holding(good, '20210801000000', ARTICLE(TITLE, 'He said “troops stay for now” then.')));
    const dir = await tempDir();

    const { written } = await runOnce(documentOf([{ title: TITLE, url: good, quote: 'troops stay for now' }]), configFor(dir, fake.base));

    expect(written.report.notes[0]?.status).toBe('ok');
    expect(written.report.notes[0]?.action).toMatch(/^replace with .*title ✓, quotes 1\/1\)$/);
  });

  it('keeps the lookup in the archive and reuses it within rescueMaxAgeDays', async () => {
    const live = await site();
    const gone = `${live}/gone`;
    const fake = await wayback(holding(gone, '20210801000000', ARTICLE(TITLE, '')));
    const dir = await tempDir();
    const file = documentOf([{ title: TITLE, url: gone }]);
    const config = configFor(dir, fake.base);

    await runOnce(file, config, { now: clockAt(0) });
    const asked = fake.requests.length;
    expect(asked).toBeGreaterThan(0);
    const stored = await readArchiveFile(join(dir, 'archive.json'));
    expect(stored.urls[gone]).toMatchObject({ archivedCopy: { timestamp: '20210801000000' }, archivedCopyCheckedAt: expect.stringMatching(/^2026-03-01T/) });

    const again = await runOnce(file, config, { now: clockAt(6) });
    expect(fake.requests).toHaveLength(asked);
    expect(again.written.report.notes[0]?.action).toMatch(/^replace with /);

    await runOnce(file, config, { now: clockAt(8) });
    expect(fake.requests.length).toBeGreaterThan(asked);
  });

  it('caches "no copy" but not an archive that did not answer', async () => {
    const live = await site();
    const gone = `${live}/gone`;
    const down = await wayback({ cdxStatus: 503, availabilityStatus: 503 });
    const dir = await tempDir();
    const file = documentOf([{ title: TITLE, url: gone }]);

    const first = await runOnce(file, configFor(dir, down.base));
    expect(first.written.report.notes[0]?.action).toBe('replace with archived copy');
    expect(first.archive.annotation(gone)?.archivedCopyCheckedAt).toBeUndefined();

    const empty = await wayback({});
    const second = await runOnce(file, configFor(dir, empty.base));
    expect(second.archive.annotation(gone)).toMatchObject({ archivedCopy: null, archivedCopyCheckedAt: expect.any(String) });
    expect(second.written.report.notes[0]?.action).toBe('no archived copy found: find another source');
  });

  it('stops asking an archive that does not answer, instead of waiting it out for every source', async () => {
    const live = await site();
    const down = await wayback({ cdxStatus: 503, availabilityStatus: 503 });
    const file = documentOf([1, 2, 3, 4, 5, 6].map((n) => ({ title: `${TITLE} ${n}`, url: `${live}/gone/${n}` })));
    const run = await runOnce(file, configFor(await tempDir(), down.base));
    expect(run.written.report.notes.map((n) => n.status)).toEqual(Array(6).fill('broken'));
    // Each lookup asks CDX, then the availability API (2 requests). The lookups already under
    // way when the archive first fails (4 at once) finish; the other 2 sources are skipped:
    // at most 4 × 2 = 8 requests, where asking for every source would make 6 × 2 = 12.
    const asked = new Set(down.requests.map((u) => u.searchParams.get('url')));
    expect(asked.size).toBeGreaterThan(0);
    expect(asked.size).toBeLessThanOrEqual(4);
    expect(down.requests.length).toBeLessThanOrEqual(8);
  });
});
