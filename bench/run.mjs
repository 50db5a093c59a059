/**
 * `npm run bench`: start the farm, generate workloads, run citecheck (default limits, then
 * politeness off) and the peers on each, time start-up and parse, judge the targets,
 * print them and write bench/RESULTS.md.
 *
 *   node bench/run.mjs [--sizes 1000,10000,100000] [--hosts 100] [--latency 50] [--jitter 20]
 *     [--seed 1] [--fast-concurrency 64] [--peers on|off] [--peer-sizes 1000,10000] [--peer-timeout-s 1800]
 *     [--gap-tolerance 0.1] [--cpu-repeats 3] [--out bench/RESULTS.md] [--cli dist/cli.js]
 */
import { cpus, tmpdir } from 'node:os';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lowerBound } from './bound.mjs';
import { cliProblem, correctness, reportedStatuses, rerenderReports, runCitecheck } from './citecheck.mjs';
import { startFarmProcess } from './farm-process.mjs';
import { generateLargeDocument, generateWorkload } from './generate.mjs';
import { measure } from './measure.mjs';
import { PEERS, peersProblem, runPeer } from './peers/run-peer.mjs';
import { judgeTargets, median, outsideTheFarm, PARSE_RUNS, renderResults, STARTUP_RUNS } from './results.mjs';

/** citecheck's defaults (src/config): the limits the first target is about. */
const DEFAULT_LIMITS = { intervalMs: 500, hostConcurrency: 2, concurrency: 32 };
const PARSE_BYTES = 10_000_000;
/** markdown-link-check at 2 links at a time needs long on 100,000 links; past this it is cut off and shown as timed out. */

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    hosts: { type: 'string', default: '100' },
    latency: { type: 'string', default: '50' },
    jitter: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'fast-concurrency': { type: 'string', default: '64' },
    peers: { type: 'string', default: 'on' },
    'peer-sizes': { type: 'string' },
    // A peer stopped here has taken at least this long: its ratio is then a lower bound (">").
    'peer-timeout-s': { type: 'string', default: '1800' },
    'gap-tolerance': { type: 'string', default: '0.1' },
    // One run's CPU moves 10-25 % with this machine's load: the CPU target is judged on the median of this many politeness-off runs at the largest size.
    'cpu-repeats': { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
    cli: { type: 'string', default: 'dist/cli.js' },
  },
});
const numbers = (text) => text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const sizes = numbers(values.sizes);
const peerSizes = values['peer-sizes'] === undefined ? sizes : numbers(values['peer-sizes']);
const peerTimeoutMs = 1000 * Number(values['peer-timeout-s']);
const fastConcurrency = Number(values['fast-concurrency']);
const FAST_LIMITS = { intervalMs: 0, hostConcurrency: fastConcurrency, concurrency: fastConcurrency };
// The farm sees a request when it arrives, the checker starts it when it decides to: event-loop
// delays on either side shift arrivals by tens of ms on a loaded 2-core machine (measured: a
// client keeping exact 500 ms gaps was seen at 452–498 ms). A gap counts as too short below
// (1 − tolerance) · interval.
const gapTolerance = Number(values['gap-tolerance']);
const cli = resolve(values.cli);
const cpuRunCount = Math.max(1, Number(values['cpu-repeats']) || 1);
const largest = Math.max(...sizes);

const problem = cliProblem(cli) ?? (values.peers === 'on' ? peersProblem() : null);
if (problem !== null) {
  process.stderr.write(`bench: ${problem}\n`);
  process.exit(1);
}

const log = (line) => process.stderr.write(`${line}\n`);

/** Reset the farm before a run, counting gaps too short for `intervalMs` (the default limits' when none). */
function resetFarm(farm, intervalMs) {
  return farm.reset({ shortGapMs: (1 - gapTolerance) * intervalMs });
}

/** What the farm saw during one run, against the limits the run was given (null: none to keep). */
async function hostLimits(farm, limits) {
  const stats = (await farm.stats()).filter((s) => s.requests > 0);
  const maxInFlight = Math.max(0, ...stats.map((s) => s.maxInFlight));
  const gaps = stats.map((s) => s.minGapMs).filter((g) => g !== null);
  const minGapMs = gaps.length === 0 ? null : Math.min(...gaps);
  const shortGaps = stats.reduce((a, s) => a + s.shortGaps, 0);
  const shortFirstGaps = stats.reduce((a, s) => a + s.shortFirstGaps, 0);
  const shortArrivalGaps = stats.reduce((a, s) => a + s.shortArrivalGaps, 0);
  const { maxInFlight: maxInFlightOverall, firstArrivalAt, lastAnswerAt } = await farm.overall();
  const exceeded = limits !== null && (maxInFlight > limits.hostConcurrency || maxInFlightOverall > limits.concurrency || shortGaps > 0);
  return { exceeded, maxInFlight, maxInFlightOverall, minGapMs, shortGaps, shortFirstGaps, shortArrivalGaps, made: stats.reduce((a, s) => a + s.requests, 0), firstArrivalAt, lastAnswerAt };
}

/** Generous: a run that takes ten times its bound (or ten minutes) has failed anyway. */
const timeoutFor = (boundMs) => Math.max(600_000, 10 * boundMs);

const work = await mkdtemp(join(tmpdir(), 'citecheck-bench-'));
const notes = [];

/**
 * Median of 10 runs, after one unmeasured run that warms the file cache. Before the farm
 * starts, so nothing of the benchmark runs beside it.
 */
async function medianWall(args) {
  await measure(process.execPath, args);
  const times = [];
  for (let i = 0; i < STARTUP_RUNS; i += 1) times.push((await measure(process.execPath, args)).wallMs);
  return median(times);
}

log(`bench: start-up (${STARTUP_RUNS} runs of --version, and of a bare node for scale)`);
const startupMs = await medianWall([cli, '--version']);
// What any Node program pays on this machine at this moment: the part citecheck cannot cut.
const bareNodeMs = await medianWall(['-e', '0']);
notes.push(`A bare \`node -e 0\` took ${bareNodeMs.toFixed(0)} ms (median of ${STARTUP_RUNS}) on this machine during the run.`);

/** Median wall time of `citecheck parse` on a generated 10 MB document, after one unmeasured run (null when it fails). */
async function parseTime() {
  log(`bench: parse of a 10 MB document (${PARSE_RUNS} runs)`);
  const bigPath = join(work, 'big.txt');
  const big = generateLargeDocument({ bytes: PARSE_BYTES, seed: Number(values.seed) });
  await writeFile(bigPath, big);
  const args = [cli, 'parse', bigPath, '-o', join(work, 'big.json')];
  const times = [];
  for (let i = 0; i <= PARSE_RUNS; i += 1) {
    const parsed = await measure(process.execPath, args, { cwd: work });
    if (parsed.exitCode !== 0) {
      notes.push(`parse of the 10 MB document exited ${parsed.exitCode}: ${parsed.stderr.trim().split('\n').slice(-3).join(' / ')}`);
      return { parseMs: null, parseBytes: Buffer.byteLength(big) };
    }
    if (i > 0) times.push(parsed.wallMs);
  }
  return { parseMs: median(times), parseBytes: Buffer.byteLength(big) };
}

const { parseMs, parseBytes } = await parseTime();

/** CPU seconds of a run done again (runs 2 … --cpu-repeats), each in a folder of its own; a run that fails is left out, with a note. */
async function repeatedCpu({ n, run, limits, docPath, runDir, boundMs }) {
  const cpu = [];
  for (let repeat = 2; repeat <= cpuRunCount; repeat += 1) {
    log(`bench: N = ${n}, citecheck, ${run}, run ${repeat} of ${cpuRunCount} (CPU only)`);
    await resetFarm(farm, limits.intervalMs);
    const again = await runCitecheck({ cli, docPath, runDir: `${runDir}-${repeat}`, limits, timeoutMs: timeoutFor(boundMs) });
    if (again.exitCode === null || again.exitCode > 2 || again.cpuSeconds === null) notes.push(`N = ${n}, ${run}, run ${repeat}: exit ${again.exitCode}, not counted`);
    else cpu.push(again.cpuSeconds);
  }
  return cpu;
}
const farm = await startFarmProcess({ hosts: Number(values.hosts), latencyMs: Number(values.latency), jitterMs: Number(values.jitter), seed: Number(values.seed) });
if (farm.addressing === 'ports') notes.push('The farm could not bind 127.0.0.2…: hosts share 127.0.0.1 on distinct ports, so a checker keying limits on the hostname sees one host.');

try {
  const citecheckRows = [];
  const peerRows = [];
  const rerenderRows = [];
  for (const n of sizes) {
    const dir = join(work, String(n));
    await mkdir(dir, { recursive: true });
    const workload = generateWorkload({ notes: n, farm, seed: Number(values.seed) });
    const docPath = join(dir, `workload-${n}.txt`);
    const mdPath = join(dir, `workload-${n}.md`);
    await writeFile(docPath, workload.text);
    await writeFile(mdPath, workload.markdown);
    const planned = workload.requests.reduce((a, r) => a + r.length, 0);
    let fastWallMs = null;
    for (const [run, limits] of [['default limits', DEFAULT_LIMITS], ['politeness off', FAST_LIMITS]]) {
      const bound = lowerBound(workload.requests, limits);
      log(`bench: N = ${n}, citecheck, ${run} (bound ${(bound.boundMs / 1000).toFixed(1)} s)`);
      await resetFarm(farm, limits.intervalMs);
      const runDir = join(dir, run.replace(/ /g, '-'));
      const measured = await runCitecheck({ cli, docPath, runDir, limits, timeoutMs: timeoutFor(bound.boundMs) });
      const seen = await hostLimits(farm, limits);
      const statuses = await reportedStatuses(measured.reportPath);
      if (statuses === null) notes.push(`N = ${n}, ${run}: no report at ${measured.reportPath} (exit ${measured.exitCode}; ${measured.stderr.trim().split('\n').slice(-2).join(' / ')})`);
      let cpuRepeats = [];
      if (run === 'politeness off') {
        fastWallMs = measured.wallMs;
        log(`bench: N = ${n}, citecheck report on that run's outputs`);
        rerenderRows.push({ n, measured: await rerenderReports({ cli, docPath, runDir }) });
        if (n === largest) cpuRepeats = await repeatedCpu({ n, run, limits, docPath, runDir, boundMs: bound.boundMs });
      }
      citecheckRows.push({
        cpuRepeats,
        n,
        run,
        limits,
        measured,
        boundMs: bound.boundMs,
        correctness: statuses === null ? null : correctness(workload.expected, (url) => statuses.get(url)),
        requests: { made: seen.made, planned },
        hostLimits: seen,
        outside: outsideTheFarm(measured, seen),
      });
    }
    if (values.peers === 'on' && peerSizes.includes(n)) {
      const alive = new Map([...workload.expected].map(([url, word]) => [url, word === 'ok' || word === 'redirected' ? 'alive' : 'dead']));
      for (const name of PEERS) {
        log(`bench: N = ${n}, ${name}`);
        await resetFarm(farm, DEFAULT_LIMITS.intervalMs);
        const peerDir = join(dir, name.replace(/[^\w.]+/g, '-'));
        await mkdir(peerDir, { recursive: true });
        const measured = await runPeer(name, { markdownPath: mdPath, concurrency: fastConcurrency, workDir: peerDir, timeoutMs: peerTimeoutMs });
        const seen = await hostLimits(farm, null);
        const agreement = correctness(alive, (url) => {
          const v = measured.verdicts.get(url);
          return v === undefined ? undefined : v.alive ? 'alive' : 'dead';
        });
        const boundMs = lowerBound(workload.requests, { intervalMs: 0, hostConcurrency: measured.concurrency, concurrency: measured.concurrency }).boundMs;
        peerRows.push({ n, name, concurrency: measured.concurrency, measured, agreement, hostLimits: seen, citecheckWallMs: fastWallMs, boundMs });
      }
    }
  }

  const machine = {
    date: new Date().toISOString(),
    cores: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const farmText = `${farm.layout.hosts} hosts (${farm.layout.shorteners} shorteners) on ${farm.addressing === 'addresses' ? 'separate loopback addresses' : 'ports of 127.0.0.1'}, latency ${farm.layout.latencyMs} ms + 0–${farm.layout.jitterMs} ms jitter per path, seed ${farm.layout.seed}`;
  const targets = judgeTargets({ citecheck: citecheckRows, peers: peerRows, startupMs, parseMs, cpuCores: cpus().length });
  const markdown = renderResults({ machine, farm: farmText, gapTolerance, citecheck: citecheckRows, peers: peerRows, rerendered: rerenderRows, targets, startupMs, parseMs, parseBytes, notes });
  await writeFile(values.out, markdown);
  process.stdout.write(`${markdown}\n`);
} finally {
  await farm.close();
  await rm(work, { recursive: true, force: true });
}
