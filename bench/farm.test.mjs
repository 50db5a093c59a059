import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFarm } from './farm.mjs';
import { startFarmProcess } from './farm-process.mjs';
import { generateLargeDocument, generateWorkload } from './generate.mjs';

/** A client written apart from expect.mjs: real HTTP, manual redirects, 3 tries on 429/5xx. */
async function check(url, shorteners) {
  let current = url;
  let expanded = null;
  let fromShortener = true;
  const statuses = [];
  for (let hop = 0; hop < 10; hop += 1) {
    let res;
    for (let attempt = 1; ; attempt += 1) {
      res = await fetch(current, { redirect: 'manual' });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (!(res.status === 429 || res.status >= 500) || attempt === 3) break;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 0) * 1000));
    }
    const location = res.headers.get('location');
    if (location !== null) {
      if (fromShortener && shorteners.has(new URL(current).origin)) expanded = location;
      else fromShortener = false;
      current = new URL(location, current).href;
      continue;
    }
    const s = res.status;
    const word = s === 200 ? ((expanded ?? url) === current ? 'ok' : 'redirected') : s === 404 ? 'broken' : s === 403 || s === 429 ? 'blocked' : s >= 500 ? 'server_error' : `unexpected ${s}`;
    return { word, statuses, final: current };
  }
  return { word: 'too many hops', statuses, final: current };
}

describe('farm and generator', () => {
  let farm;
  before(async () => {
    farm = await startFarm({ hosts: 8, latencyMs: 5, jitterMs: 5, seed: 7 });
  });
  after(() => farm.close());

  it('serves every generated URL with the status the generator expects', async () => {
    farm.reset();
    const { expected } = generateWorkload({ notes: 400, farm, seed: 7 });
    const shorteners = new Set(farm.origins.slice(0, farm.layout.shorteners));
    const got = await Promise.all([...expected.keys()].map(async (url) => [url, (await check(url, shorteners)).word]));
    const wrong = got.filter(([url, word]) => expected.get(url) !== word);
    assert.deepEqual(wrong, []);
    const words = new Set(expected.values());
    for (const w of ['ok', 'redirected', 'broken', 'blocked', 'server_error']) assert.ok(words.has(w), `no ${w} in the mix`);
  });

  it('answers pages with a title and og:title, and chains cross hosts', async () => {
    farm.reset();
    const content = farm.origins[farm.layout.shorteners];
    const page = await (await fetch(`${content}/a/12/report`)).text();
    assert.match(page, /<title>[^<]+\(12\)<\/title>/);
    assert.match(page, /<meta property="og:title" content="[^"]+\(12\)">/);
    const note12 = generateWorkload({ notes: 12, farm, seed: 7 }).text.split('\n').find((l) => l.startsWith('[12] '));
    assert.ok(page.includes(`<meta name="author" content="${note12.slice(5, note12.indexOf(','))}">`), 'the page names the note\'s author');
    const chain = await check(`${content}/go/12/${farm.layout.shorteners + 1}-${farm.layout.shorteners + 2}-${farm.layout.shorteners + 3}/0`, new Set());
    assert.deepEqual(chain.statuses, [302, 302, 302, 200]);
    assert.equal(new URL(chain.final).origin, farm.origins[farm.layout.shorteners + 3]);
    const flaky = await check(`${content}/flaky/12/report`, new Set());
    assert.deepEqual(flaky.statuses, [503, 200]);
    const down = await check(`${content}/down/12/report`, new Set());
    assert.deepEqual(down.statuses, [500, 500, 500]);
    const short = await fetch(`${farm.origins[0]}/s${(12).toString(36)}`, { redirect: 'manual' });
    assert.equal(short.status, 301);
    assert.notEqual(new URL(short.headers.get('location')).origin, farm.origins[0]);
  });

  it('is deterministic per seed', () => {
    const a = generateWorkload({ notes: 50, farm, seed: 3 });
    const b = generateWorkload({ notes: 50, farm, seed: 3 });
    const c = generateWorkload({ notes: 50, farm, seed: 4 });
    assert.equal(a.text, b.text);
    assert.notEqual(a.text, c.text);
    assert.match(a.text, /\n\[1\] [^\n]+, “[^”]+,” [^\n]+, \d+\/\d+\/2021, accessed on \d+\/\d+\/2021, at: http:\/\/127\.0\.0\.\d+:\d+\/\S+\n/);
  });

  it('measures requests, in-flight and start gaps per host', async () => {
    farm.reset({ shortGapMs: 50 });
    const origin = farm.origins[farm.layout.shorteners];
    await Promise.all([1, 2, 3].map((id) => fetch(`${origin}/a/${id}/report`).then((r) => r.text())));
    await new Promise((r) => setTimeout(r, 100));
    await fetch(`${origin}/a/4/report`).then((r) => r.text());
    const stats = farm.stats()[farm.layout.shorteners];
    assert.equal(stats.requests, 4);
    assert.equal(stats.maxInFlight, 3);
    assert.ok(stats.minGapMs !== null && stats.minGapMs < 50, `min gap ${stats.minGapMs}`);
    // Three starts together (2 short gaps), then one 100 ms later (not short).
    assert.equal(stats.shortGaps, 2);
    assert.equal(farm.stats()[0].requests, 0);
  });

  it('measures requests in flight over all hosts together', async () => {
    farm.reset();
    const [a, b] = [farm.origins[farm.layout.shorteners], farm.origins[farm.layout.shorteners + 1]];
    const asked = performance.timeOrigin + performance.now();
    await Promise.all([`${a}/a/1/report`, `${a}/a/2/report`, `${b}/a/3/report`].map((u) => fetch(u).then((r) => r.text())));
    const lastAsked = performance.timeOrigin + performance.now();
    await fetch(`${b}/a/4/report`).then((r) => r.text());
    const answered = performance.timeOrigin + performance.now();
    const overall = farm.overall();
    assert.equal(overall.maxInFlight, 3);
    assert.ok(overall.firstArrivalAt !== null && overall.firstArrivalAt >= asked && overall.firstArrivalAt < lastAsked, `first arrival ${overall.firstArrivalAt}`);
    assert.ok(overall.lastAnswerAt !== null && overall.lastAnswerAt >= lastAsked && overall.lastAnswerAt <= answered, `last answer ${overall.lastAnswerAt}`);
    farm.reset();
    assert.deepEqual(farm.overall(), { maxInFlight: 0, firstArrivalAt: null, lastAnswerAt: null });
  });

  it('makes a large document of about the size asked', () => {
    const text = generateLargeDocument({ bytes: 1_000_000 });
    const size = Buffer.byteLength(text);
    assert.ok(size > 950_000 && size < 1_100_000, `size ${size}`);
  });

  it('runs the same farm in a process of its own', async () => {
    const remote = await startFarmProcess({ hosts: 4, latencyMs: 1, jitterMs: 0, seed: 7 });
    try {
      const origin = remote.origins[remote.layout.shorteners];
      const page = await (await fetch(`${origin}/a/5/report`)).text();
      assert.match(page, /<title>[^<]+\(5\)<\/title>/);
      assert.equal((await remote.stats())[remote.layout.shorteners].requests, 1);
      assert.equal((await remote.overall()).maxInFlight, 1);
      await remote.reset();
      assert.equal((await remote.stats())[remote.layout.shorteners].requests, 0);
      assert.equal(remote.layout.hostOf(origin), remote.layout.shorteners);
    } finally {
      await remote.close();
    }
  });
});
