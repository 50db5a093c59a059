import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correctness } from './citecheck.mjs';
import { judgeTargets, outsideTheFarm, renderResults } from './results.mjs';

const measured = (wallMs, peakRssMb, cpuSeconds) => ({ wallMs, peakRssMb, cpuSeconds, exitCode: 0, stdout: '', stderr: '', timedOut: false });
const limits = { exceeded: false, maxInFlight: 2, minGapMs: 499, shortGaps: 0, shortFirstGaps: 0 };
const row = (n, run, wallMs, boundMs, rss, cpu, hostLimits = limits) => ({
  n,
  run,
  limits: { intervalMs: 500, hostConcurrency: 2, concurrency: 32 },
  measured: measured(wallMs, rss, cpu),
  boundMs,
  correctness: { correct: n, total: n, confusions: new Map() },
  requests: { made: n, planned: n },
  hostLimits,
});
const verdictOf = (targets, prefix) => targets.find((t) => t.target.startsWith(prefix))?.verdict;

describe('judgeTargets', () => {
  const cases = [
    { name: 'at the bound, within limits', rows: [row(10_000, 'default limits', 105_000, 100_000, 80, 5)], prefix: 'wall/bound', want: 'met' },
    { name: 'over 1.10 of the bound', rows: [row(10_000, 'default limits', 111_000, 100_000, 80, 5)], prefix: 'wall/bound', want: 'not met' },
    { name: 'a limit exceeded', rows: [row(10_000, 'default limits', 100_000, 100_000, 80, 5, { ...limits, exceeded: true })], prefix: 'wall/bound', want: 'not met' },
    { name: 'N = 10,000 not run', rows: [row(1000, 'default limits', 10_000, 10_000, 80, 1)], prefix: 'wall/bound', want: 'not measured' },
    { name: 'flat memory', rows: [row(10_000, 'default limits', 1, 1, 80, 5), row(100_000, 'default limits', 1, 1, 140, 50)], prefix: 'peak RSS', want: 'met' },
    { name: 'memory doubles', rows: [row(10_000, 'default limits', 1, 1, 60, 5), row(100_000, 'default limits', 1, 1, 130, 50)], prefix: 'peak RSS', want: 'not met' },
    { name: 'memory over 150 MB', rows: [row(10_000, 'default limits', 1, 1, 100, 5), row(100_000, 'default limits', 1, 1, 151, 50)], prefix: 'peak RSS', want: 'not met' },
    // 10,000 URLs in 10 CPU s = 1 ms each: exactly 2,000 URLs/s on 2 cores.
    { name: '1 ms of CPU per URL', rows: [row(10_000, 'politeness off', 5000, 1, 90, 10)], prefix: 'CPU per URL', want: 'met' },
    { name: '1.1 ms of CPU per URL', rows: [row(10_000, 'politeness off', 5000, 1, 90, 11)], prefix: 'CPU per URL', want: 'not met' },
    // The median of the run and its repeats is judged: one slow run does not decide, nor one fast one.
    { name: 'one slow run of three', rows: [{ ...row(10_000, 'politeness off', 5000, 1, 90, 13), cpuRepeats: [9.5, 10] }], prefix: 'CPU per URL', want: 'met' },
    { name: 'one fast run of three', rows: [{ ...row(10_000, 'politeness off', 5000, 1, 90, 9), cpuRepeats: [10.5, 11] }], prefix: 'CPU per URL', want: 'not met' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const targets = judgeTargets({ citecheck: c.rows, peers: [], startupMs: null, parseMs: null, cpuCores: 2 });
      assert.equal(verdictOf(targets, c.prefix), c.want);
    });
  }

  it('names the runs behind the CPU figure', () => {
    const targets = judgeTargets({ citecheck: [{ ...row(10_000, 'politeness off', 5000, 1, 90, 13), cpuRepeats: [9.5, 10] }], peers: [], startupMs: null, parseMs: null, cpuCores: 2 });
    assert.match(targets.find((t) => t.target.startsWith('CPU per URL'))?.figure ?? '', /^N = 10000: 1\.000 CPU ms per URL \(median of 3 runs: 1\.300, 0\.950, 1\.000\) → 2000 URLs\/s on 2 cores/);
  });

  it('judges start-up, parse and peers', () => {
    const peer = (wallMs) => ({ n: 1000, name: 'linkinator', concurrency: 64, measured: measured(wallMs, 100, 1), agreement: { correct: 1, total: 1 }, hostLimits: limits, citecheckWallMs: 2000, boundMs: 1400 });
    const fast = judgeTargets({ citecheck: [], peers: [peer(3000)], startupMs: 299, parseMs: 999, cpuCores: 2 });
    assert.deepEqual([verdictOf(fast, 'parse'), verdictOf(fast, '`citecheck --version`'), verdictOf(fast, 'faster')], ['met', 'met', 'met']);
    const slow = judgeTargets({ citecheck: [], peers: [peer(1500)], startupMs: 300, parseMs: 1000, cpuCores: 2 });
    assert.deepEqual([verdictOf(slow, 'parse'), verdictOf(slow, '`citecheck --version`'), verdictOf(slow, 'faster')], ['not met', 'not met', 'not met']);
  });

  it('judges only the peers that kept to the concurrency they were given', () => {
    const peer = (name, wallMs, maxInFlightOverall) => ({ n: 1000, name, concurrency: 64, measured: measured(wallMs, 100, 1), agreement: { correct: 1, total: 1 }, hostLimits: { ...limits, maxInFlightOverall }, citecheckWallMs: 2000, boundMs: 1400 });
    const faster = (...peers) => judgeTargets({ citecheck: [], peers, startupMs: null, parseMs: null, cpuCores: 2 }).find((t) => t.target.startsWith('faster'));
    const flooding = peer('linkinator 7.6.1', 1500, 130);
    const cases = [
      { peers: [flooding], verdict: 'not measured', figure: 'linkinator 7.6.1 @1000: ×0.75, not under the same limits (up to 130 requests in flight with concurrency 64; no checker keeping 64 in flight can take less than 1.40 s), not judged' },
      { peers: [peer('linkinator 7.6.1', 1500, 64)], verdict: 'not met', figure: 'linkinator 7.6.1 @1000: ×0.75' },
      { peers: [flooding, peer('linkinator 8.1.0', 3000, 64)], verdict: 'met', figure: 'linkinator 8.1.0 @1000: ×1.50; linkinator 7.6.1 @1000: ×0.75, not under the same limits (up to 130 requests in flight with concurrency 64; no checker keeping 64 in flight can take less than 1.40 s), not judged' },
      { peers: [flooding, peer('linkinator 8.1.0', 1900, 60)], verdict: 'not met', figure: /^linkinator 8\.1\.0 @1000: ×0\.95; linkinator 7\.6\.1/ },
      { peers: [peer('linkinator 8.1.0', 3000, undefined)], verdict: 'met', figure: 'linkinator 8.1.0 @1000: ×1.50' },
    ];
    for (const c of cases) {
      const t = faster(...c.peers);
      assert.equal(t?.verdict, c.verdict, c.figure.toString());
      if (typeof c.figure === 'string') assert.equal(t?.figure, c.figure);
      else assert.match(t?.figure ?? '', c.figure);
    }
  });

  it('marks the ratio of a peer stopped at its timeout as a lower bound', () => {
    const stopped = { n: 10_000, name: 'markdown-link-check', concurrency: 2, measured: { ...measured(300_000, 100, 1), timedOut: true }, agreement: { correct: 0, total: 1 }, hostLimits: limits, citecheckWallMs: 30_000, boundMs: 400_000 };
    const targets = judgeTargets({ citecheck: [], peers: [stopped], startupMs: null, parseMs: null, cpuCores: 2 });
    assert.equal(targets.find((t) => t.target.startsWith('faster'))?.figure, 'markdown-link-check @10000: > ×10.00');
    const md = renderResults({ machine: {}, farm: 'f', gapTolerance: 0.1, citecheck: [], peers: [stopped], targets, startupMs: null, parseMs: null, parseBytes: 1, notes: [] });
    assert.match(md, /\| markdown-link-check \(timed out\) \| 2 \| 300\.00 \| 400\.00 \|.*\| > 10\.00 \|$/m);
  });

  it('gives a peer that crashed no ratio, and leaves it out of the verdict', () => {
    const peer = (name, wallMs, exitCode) => ({ n: 100_000, name, concurrency: 64, measured: { ...measured(wallMs, 100, 1), exitCode }, agreement: { correct: 0, total: 1 }, hostLimits: limits, citecheckWallMs: 300_000, boundMs: 260_000 });
    const crashed = peer('linkinator', 1_778_000, 134);
    const faster = judgeTargets({ citecheck: [], peers: [crashed, peer('markdown-link-check', 200_000, 1)], startupMs: null, parseMs: null, cpuCores: 2 }).find((t) => t.target.startsWith('faster'));
    assert.equal(faster?.verdict, 'not met');
    assert.equal(faster?.figure, 'markdown-link-check @100000: ×0.67; linkinator @100000: failed (exit 134 after 1778 s), not compared');
    const alone = judgeTargets({ citecheck: [], peers: [crashed], startupMs: null, parseMs: null, cpuCores: 2 }).find((t) => t.target.startsWith('faster'));
    assert.equal(alone?.verdict, 'not measured');
    const md = renderResults({ machine: {}, farm: 'f', gapTolerance: 0.1, citecheck: [], peers: [crashed], targets: [], startupMs: null, parseMs: null, parseBytes: 1, notes: [] });
    assert.match(md, /^\| 100000 \| linkinator \(exit 134\) \|.*\| failed \|$/m);
  });

  it('renders every target and row into the Markdown', () => {
    const rows = [row(1000, 'default limits', 12_000, 10_000, 80, 1)];
    const targets = judgeTargets({ citecheck: rows, peers: [], startupMs: 120, parseMs: 400, cpuCores: 2 });
    const md = renderResults({ machine: { node: 'v20' }, farm: 'test farm', gapTolerance: 0.1, citecheck: rows, peers: [], targets, startupMs: 120, parseMs: 400, parseBytes: 10_000_000, notes: [] });
    assert.match(md, /\| 1000 \| default limits \| 12\.00 \| 10\.00 \| 1\.200 \|/);
    assert.equal(md.match(/^- \*\*(met|not met|not measured)\*\*/gm)?.length, targets.length);
    assert.doesNotMatch(md, /rendered again/);
  });

  it('renders the wall time before the first request and after the last answer, or – without them', () => {
    const seen = { ...row(1000, 'politeness off', 12_000, 10_000, 80, 1), outside: { beforeFirstRequestMs: 800, afterLastAnswerMs: 1500 } };
    const unseen = { ...row(10_000, 'politeness off', 12_000, 10_000, 80, 1), outside: null };
    const md = renderResults({ machine: {}, farm: 'f', gapTolerance: 0.1, citecheck: [seen, unseen], peers: [], targets: [], startupMs: null, parseMs: null, parseBytes: 1, notes: [] });
    assert.match(md, /^\| 1000 \| politeness off \| 12\.00 \| 10\.00 \| 1\.200 \| 0\.80 \| 1\.50 \|/m);
    assert.match(md, /^\| 10000 \| politeness off \| 12\.00 \| 10\.00 \| 1\.200 \| – \| – \|/m);
  });

  it('renders the reports rendered again by `citecheck report`, with an exit other than 0 or 2 shown', () => {
    const rerendered = [{ n: 1000, measured: measured(610, 83.8, 0.84) }, { n: 10_000, measured: { ...measured(2000, 150, 2), exitCode: 1 } }];
    const md = renderResults({ machine: {}, farm: 'f', gapTolerance: 0.1, citecheck: [], peers: [], rerendered, targets: [], startupMs: null, parseMs: null, parseBytes: 1, notes: [] });
    assert.match(md, /^\| 1000 \| 0\.61 \| 83\.8 \| 0\.84 \|$/m);
    assert.match(md, /^\| 10000 \(exit 1\) \| 2\.00 \| 150\.0 \| 2\.00 \|$/m);
  });
});

describe('outsideTheFarm', () => {
  it('splits off the time before the first request and after the last answer', () => {
    const run = { ...measured(10_000, 1, 1), startedAtMs: 1_000_000 };
    assert.deepEqual(outsideTheFarm(run, { firstArrivalAt: 1_000_700, lastAnswerAt: 1_008_500 }), { beforeFirstRequestMs: 700, afterLastAnswerMs: 1500 });
  });

  it('is null when the farm saw no request', () => {
    assert.equal(outsideTheFarm({ ...measured(10, 1, 1), startedAtMs: 5 }, { firstArrivalAt: null, lastAnswerAt: null }), null);
  });
});

describe('correctness', () => {
  it('counts matches and names the confusions', () => {
    const expected = new Map([['a', 'ok'], ['b', 'broken'], ['c', 'redirected'], ['d', 'ok']]);
    const got = new Map([['a', 'ok'], ['b', 'broken'], ['c', 'ok']]);
    const c = correctness(expected, (url) => got.get(url));
    assert.equal(c.correct, 2);
    assert.equal(c.total, 4);
    assert.deepEqual([...c.confusions], [['redirected → ok', 1], ['ok → missing', 1]]);
  });
});
