import { afterEach, describe, expect, it } from 'vitest';
import type { Capture } from '../../src/rescue/capture.js';
import { rescue, type RescueDeps } from '../../src/rescue/rescue.js';
import type { Judge } from '../../src/rescue/snapshot.js';
import { findSnapshot } from '../../src/rescue/wayback.js';
import { closedOrigin } from '../support/http-server.js';
import { startFakeWayback, type FakeWaybackData } from './helpers/fake-wayback.js';
import { fetchJson, fetchPage } from './helpers/http.js';

const ARTICLE = 'https://news.example.com/2019/story';
const SHORT = 'https://bit.ly/3xYz';

function cap(timestamp: string, original = ARTICLE, statuscode = '200'): Capture {
  return { timestamp, original, statuscode, mimetype: 'text/html' };
}

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function wayback(data: FakeWaybackData) {
  const fake = await startFakeWayback(data);
  stop = fake.close;
  const deps = { fetchJson, cdxBase: fake.base, availabilityBase: fake.base };
  return { fake, deps };
}

describe('findSnapshot against a fake Wayback server', () => {
  it('chooses the closest capture before the access date over a closer one after', async () => {
    const { fake, deps } = await wayback({
      captures: { [ARTICLE]: [cap('20180101000000'), cap('20190301000000'), cap('20190316000000')] },
    });
    expect(await findSnapshot(ARTICLE, '2019-03-15', deps)).toEqual({
      timestamp: '20190301000000',
      original: ARTICLE,
      source: 'cdx',
    });
    const query = fake.requests[0]?.searchParams;
    expect(Object.fromEntries(query ?? [])).toEqual({
      url: ARTICLE,
      output: 'json',
      filter: 'statuscode:200',
      fl: 'timestamp,original,statuscode,mimetype',
      collapse: 'digest',
      to: '20190315235959',
      limit: '-5',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('takes the first capture after the access date when there is none before', async () => {
    const { fake, deps } = await wayback({
      captures: { [ARTICLE]: [cap('20210101000000'), cap('20190401000000')] },
    });
    expect((await findSnapshot(ARTICLE, '2019-03-15', deps))?.timestamp).toBe('20190401000000');
    expect(fake.requests[1]?.searchParams.get('from')).toBe('20190315235959');
  });

  it('accepts only 200 captures, even from an index that ignores the filter', async () => {
    const { deps } = await wayback({
      ignoreFilter: true,
      captures: { [ARTICLE]: [cap('20190201000000'), cap('20190314000000', ARTICLE, '302'), cap('20190315000000', ARTICLE, '404')] },
    });
    expect((await findSnapshot(ARTICLE, '2019-03-15', deps))?.timestamp).toBe('20190201000000');
  });

  it('falls back to the availability API when CDX has no capture', async () => {
    const { fake, deps } = await wayback({
      availability: {
        [ARTICLE]: {
          url: ARTICLE,
          archived_snapshots: {
            closest: { available: true, status: '200', timestamp: '20190310101010', url: `http://web.archive.org/web/20190310101010/${ARTICLE}` },
          },
        },
      },
    });
    expect(await findSnapshot(ARTICLE, '2019-03-15', deps)).toEqual({
      timestamp: '20190310101010',
      original: ARTICLE,
      source: 'availability',
    });
    const asked = fake.requests.at(-1);
    expect(asked?.pathname).toBe('/wayback/available');
    expect(asked?.searchParams.get('timestamp')).toBe('20190315');
  });

  it.each<[string, unknown]>([
    ['{}', {}],
    ['an empty archived_snapshots', { url: ARTICLE, archived_snapshots: {} }],
  ])('reads %s from the availability API as no snapshot', async (_name, answer) => {
    const { deps } = await wayback({ availability: { [ARTICLE]: answer } });
    expect(await findSnapshot(ARTICLE, '2019-03-15', deps)).toBeNull();
  });

  it('uses the availability API when the CDX server is down', async () => {
    const { deps } = await wayback({
      cdxStatus: 503,
      availability: {
        [ARTICLE]: { archived_snapshots: { closest: { available: true, status: '200', timestamp: '20190310101010', url: `http://web.archive.org/web/20190310101010/${ARTICLE}` } } },
      },
    });
    expect((await findSnapshot(ARTICLE, '2019-03-15', deps))?.source).toBe('availability');
  });

  it('uses the availability API when the CDX server cannot be reached', async () => {
    const { deps } = await wayback({
      availability: {
        [ARTICLE]: { archived_snapshots: { closest: { available: true, status: '200', timestamp: '20190310101010', url: `http://web.archive.org/web/20190310101010/${ARTICLE}` } } },
      },
    });
    const found = await findSnapshot(ARTICLE, '2019-03-15', { ...deps, cdxBase: await closedOrigin() });
    expect(found?.timestamp).toBe('20190310101010');
  });

  it('does not conclude "no copy" when the archive cannot be reached at all', async () => {
    const nowhere = await closedOrigin();
    const deps = { fetchJson, cdxBase: nowhere, availabilityBase: nowhere };
    await expect(findSnapshot(ARTICLE, '2019-03-15', deps)).rejects.toMatchObject({ code: 'ARCHIVE_UNAVAILABLE' });
  });

  it.each<[string, FakeWaybackData]>([
    ['CDX down and availability empty', { cdxStatus: 503 }],
    ['CDX empty and availability down', { availabilityStatus: 502 }],
  ])('does not conclude "no copy" when %s', async (_name, data) => {
    const { deps } = await wayback(data);
    await expect(findSnapshot(ARTICLE, '2019-03-15', deps)).rejects.toMatchObject({ code: 'ARCHIVE_UNAVAILABLE' });
  });
});

/** Stands in for the verify stage: exact title, quotations as substrings. */
function judgeFor(title: string, quotes: string[]): Judge {
  return (html) => {
    const found = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? null;
    return {
      title: found,
      titleMatches: found === title,
      quotesFound: quotes.filter((q) => html.includes(q)).length,
      quotesTotal: quotes.length,
    };
  };
}

const STORY = '<title>Dialogue resumes</title><p>talks will enhance cooperation</p>';

describe('rescue against a fake Wayback server', () => {
  async function rescueDeps(data: FakeWaybackData, judge: Judge): Promise<RescueDeps> {
    const { fake, deps } = await wayback(data);
    return { ...deps, fetchPage, judge, webBase: fake.base };
  }

  it('finds the target of a shortened link the archive never captured, and verifies it', async () => {
    const deps = await rescueDeps(
      {
        captures: { [ARTICLE]: [cap('20190301000000')] },
        pages: { [`/web/20190301000000id_/${ARTICLE}`]: { html: STORY } },
      },
      judgeFor('Dialogue resumes', ['enhance cooperation']),
    );
    const copy = await rescue({ cited: SHORT, expandedUrl: ARTICLE, finalUrl: null, accessed: '2019-03-15' }, deps);
    expect(copy).toEqual({
      url: `${deps.webBase}/web/20190301000000/${ARTICLE}`,
      timestamp: '20190301000000',
      capturedAt: '2019-03-01T00:00:00Z',
      original: ARTICLE,
      finalUrl: `${deps.webBase}/web/20190301000000id_/${ARTICLE}`,
      title: 'Dialogue resumes',
      titleMatches: true,
      quotesFound: 1,
      quotesTotal: 1,
      verified: true,
    });
  });

  it('records where the snapshot really lands', async () => {
    const landed = `/web/20190302000000id_/https://news.example.com/`;
    const deps = await rescueDeps(
      {
        captures: { [ARTICLE]: [cap('20190301000000')] },
        pages: {
          [`/web/20190301000000id_/${ARTICLE}`]: { redirect: landed },
          [landed]: { html: '<title>News home</title>' },
        },
      },
      judgeFor('Dialogue resumes', []),
    );
    const copy = await rescue({ cited: ARTICLE, expandedUrl: null, finalUrl: null, accessed: '2019-03-15' }, deps);
    expect(copy?.finalUrl).toBe(`${deps.webBase}${landed}`);
    expect(copy?.title).toBe('News home');
  });

  it.each<[string, Judge]>([
    ['the title does not match', judgeFor('Something else entirely', [])],
    ['a quotation is not found', judgeFor('Dialogue resumes', ['enhance cooperation', 'a phrase never written'])],
  ])('does not verify a snapshot when %s, but still offers it', async (_name, judge) => {
    const deps = await rescueDeps(
      {
        captures: { [ARTICLE]: [cap('20190301000000')] },
        pages: { [`/web/20190301000000id_/${ARTICLE}`]: { html: STORY } },
      },
      judge,
    );
    const copy = await rescue({ cited: ARTICLE, expandedUrl: null, finalUrl: null, accessed: '2019-03-15' }, deps);
    expect(copy?.verified).toBe(false);
    expect(copy?.timestamp).toBe('20190301000000');
  });

  it('prefers a verified copy of a later candidate to an unverified one of an earlier', async () => {
    const HOME = 'https://news.example.com/';
    const deps = await rescueDeps(
      {
        captures: { [SHORT]: [cap('20190301000000', SHORT)], [ARTICLE]: [cap('20190302000000')] },
        pages: {
          [`/web/20190301000000id_/${SHORT}`]: { html: '<title>Bitly</title>' },
          [`/web/20190302000000id_/${ARTICLE}`]: { html: STORY },
          [`/web/20190303000000id_/${HOME}`]: { html: '<title>News home</title>' },
        },
      },
      judgeFor('Dialogue resumes', []),
    );
    const copy = await rescue({ cited: SHORT, expandedUrl: ARTICLE, finalUrl: HOME, accessed: '2019-03-15' }, deps);
    expect(copy?.original).toBe(ARTICLE);
    expect(copy?.verified).toBe(true);
  });

  it('answers null when no candidate was ever archived', async () => {
    const deps = await rescueDeps({}, judgeFor('Dialogue resumes', []));
    expect(await rescue({ cited: SHORT, expandedUrl: ARTICLE, finalUrl: null, accessed: null }, deps)).toBeNull();
  });

  it('refuses to answer "no copy" when the archive would not serve the snapshot it listed', async () => {
    const deps = await rescueDeps({ captures: { [ARTICLE]: [cap('20190301000000')] } }, judgeFor('Dialogue resumes', []));
    await expect(rescue({ cited: ARTICLE, expandedUrl: null, finalUrl: null, accessed: null }, deps)).rejects.toMatchObject({
      code: 'ARCHIVE_UNAVAILABLE',
    });
  });
});
