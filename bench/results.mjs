/**
 * The benchmark's figures as Markdown (bench/RESULTS.md and the terminal) and the issue's
 * targets judged met / not met. Every number here comes from the run that renders it.
 */

/** Runs behind each median: run.mjs makes them, the text here names them. */
export const STARTUP_RUNS = 10;
/** One parse varies by ±15 % on this kind of machine: the figure is a median, like start-up's. */
export const PARSE_RUNS = 5;

const fixed = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

/**
 * @typedef {object} CitecheckRow
 * @property {number} n
 * @property {'default limits'|'politeness off'} run
 * @property {{ intervalMs: number, hostConcurrency: number, concurrency: number }} limits
 * @property {import('./measure.mjs').Measured} measured
 * @property {number} boundMs
 * @property {{ correct: number, total: number, confusions: Map<string, number> } | null} correctness
 * @property {{ made: number, planned: number }} requests
 * @property {{ exceeded: boolean, maxInFlight: number, maxInFlightOverall?: number, minGapMs: number | null, shortGaps: number, shortFirstGaps: number, shortArrivalGaps?: number }} hostLimits
 * @property {{ beforeFirstRequestMs: number, afterLastAnswerMs: number } | null} [outside] wall time before the farm's first request and after its last answer
 */

/**
 * @typedef {object} PeerRow
 * @property {number} n
 * @property {string} name
 * @property {number} concurrency
 * @property {import('./measure.mjs').Measured} measured
 * @property {{ correct: number, total: number }} agreement alive/dead agreement with the expected status
 * @property {{ maxInFlight: number, maxInFlightOverall?: number, minGapMs: number | null, shortGaps: number }} hostLimits
 * @property {number | null} citecheckWallMs citecheck's politeness-off wall time on the same workload
 * @property {number} boundMs the least wall time for the workload with `concurrency` requests in flight (bound.mjs, no interval)
 */

function limitsText(l) {
  return `interval ${l.intervalMs} ms, ${l.hostConcurrency}/host, ${l.concurrency} overall`;
}

/** The exit codes that mean a peer ran to the end (1: it found dead links). */
const PEER_NORMAL_EXITS = [0, 1];

/**
 * A peer that stopped with another exit code, and not at its timeout (a crash, a refused
 * option): it did not do the work, so its wall time is no ratio to citecheck's.
 */
function peerFailed(m) {
  return !m.timedOut && !PEER_NORMAL_EXITS.includes(m.exitCode);
}

/** `normal`: the exit codes that mean "ran to the end" (citecheck 0/2; the peers PEER_NORMAL_EXITS). */
function exitNote(m, normal) {
  if (m.timedOut) return ' (timed out)';
  return normal.includes(m.exitCode) ? '' : ` (exit ${m.exitCode})`;
}

/** A Markdown table: a header of `[title, align]` columns, then rows of cells. */
function table(columns, rows) {
  return [
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `|${columns.map(([, align]) => (align === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

const R = 'right';
const L = 'left';

/** @param {CitecheckRow[]} rows */
function citecheckTable(rows) {
  const columns = [['N', R], ['run', L], ['wall s', R], ['bound s', R], ['wall/bound', R], ['first request at s', R], ['after last answer s', R], ['peak RSS MB', R], ['CPU s', R], ['URLs/s', R], ['correct', R], ['requests made / planned', R], ['max in flight overall', R], ['limit exceeded', L]];
  return table(
    columns,
    rows.map((r) => {
      const m = r.measured;
      const c = r.correctness === null ? 'no report' : `${r.correctness.correct}/${r.correctness.total} (${fixed((100 * r.correctness.correct) / r.correctness.total)} %)`;
      const limit = r.run === 'politeness off' ? 'n/a' : `${r.hostLimits.exceeded ? 'YES' : 'no'} (max ${r.hostLimits.maxInFlight} in flight, min gap ${fixed(r.hostLimits.minGapMs)} ms, ${r.hostLimits.shortGaps} short gaps, ${r.hostLimits.shortFirstGaps} of them after a host's first request; ${r.hostLimits.shortArrivalGaps ?? '–'} short gaps counting arrivals only)`;
      return [r.n, `${r.run}${exitNote(m, [0, 2])}`, fixed(m.wallMs / 1000, 2), fixed(r.boundMs / 1000, 2), fixed(m.wallMs / r.boundMs, 3), fixed((r.outside?.beforeFirstRequestMs ?? NaN) / 1000, 2), fixed((r.outside?.afterLastAnswerMs ?? NaN) / 1000, 2), fixed(m.peakRssMb), fixed(m.cpuSeconds, 2), fixed(r.n / (m.wallMs / 1000), 0), c, `${r.requests.made} / ${r.requests.planned}`, r.hostLimits.maxInFlightOverall ?? '–', limit];
    }),
  );
}

/** @param {{ n: number, measured: import('./measure.mjs').Measured }[]} rows */
function rerenderTable(rows) {
  const columns = [['N', R], ['wall s', R], ['peak RSS MB', R], ['CPU s', R]];
  return table(columns, rows.map(({ n, measured: m }) => [`${n}${exitNote(m, [0, 2])}`, fixed(m.wallMs / 1000, 2), fixed(m.peakRssMb), fixed(m.cpuSeconds, 2)]));
}

/** @param {PeerRow[]} rows */
function peerTable(rows) {
  const columns = [['N', R], ['checker', L], ['concurrency', R], ['wall s', R], ['bound s at its concurrency', R], ['peak RSS MB', R], ['CPU s', R], ['URLs/s', R], ['alive/dead as expected', R], ['max in flight overall', R], ['max in flight per host', R], ['min gap ms', R], ['short gaps', R], ['peer wall / citecheck wall', R]];
  return table(
    columns,
    rows.map((r) => {
      const m = r.measured;
      const ratio = r.citecheckWallMs === null ? '–' : peerFailed(m) ? 'failed' : `${m.timedOut ? '> ' : ''}${fixed(m.wallMs / r.citecheckWallMs, 2)}`;
      return [r.n, `${r.name}${exitNote(m, PEER_NORMAL_EXITS)}`, r.concurrency, fixed(m.wallMs / 1000, 2), fixed(r.boundMs / 1000, 2), fixed(m.peakRssMb), fixed(m.cpuSeconds, 2), fixed(r.n / (m.wallMs / 1000), 0), `${r.agreement.correct}/${r.agreement.total}`, r.hostLimits.maxInFlightOverall ?? '–', r.hostLimits.maxInFlight, fixed(r.hostLimits.minGapMs), r.hostLimits.shortGaps, ratio];
    }),
  );
}

/**
 * A peer that had more requests in flight than the concurrency it was given did not run under
 * the same limits: its ratio is shown, not judged, with the least wall time a checker keeping
 * that concurrency can reach, which such a peer may beat.
 */
function overConcurrency(peer) {
  const most = peer.hostLimits.maxInFlightOverall;
  return most !== undefined && most > peer.concurrency;
}

function overConcurrencyText(peer) {
  return `up to ${peer.hostLimits.maxInFlightOverall} requests in flight with concurrency ${peer.concurrency}; no checker keeping ${peer.concurrency} in flight can take less than ${fixed(peer.boundMs / 1000, 2)} s`;
}

/**
 * What of a run's wall time lies outside the farm's work: from the start of the command to
 * the first request the farm saw (start-up, parse), and from the farm's last answer to the
 * command's exit (reports written). null when the farm saw no request.
 * @param {import('./measure.mjs').Measured} measured
 * @param {{ firstArrivalAt: number | null, lastAnswerAt: number | null }} seen
 */
export function outsideTheFarm(measured, seen) {
  if (seen.firstArrivalAt === null || seen.lastAnswerAt === null) return null;
  return { beforeFirstRequestMs: seen.firstArrivalAt - measured.startedAtMs, afterLastAnswerMs: measured.startedAtMs + measured.wallMs - seen.lastAnswerAt };
}

/** The middle value (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The issue's targets, each met / not met / not measured, with the figure behind it.
 * @param {{ citecheck: CitecheckRow[], peers: PeerRow[], startupMs: number | null, parseMs: number | null, cpuCores: number }} r
 * @returns {{ target: string, verdict: 'met'|'not met'|'not measured', figure: string }[]}
 */
export function judgeTargets({ citecheck, peers, startupMs, parseMs, cpuCores }) {
  const polite = (n) => citecheck.find((r) => r.n === n && r.run === 'default limits');
  const verdict = (ok) => (ok ? 'met' : 'not met');
  const out = [];
  const at10k = polite(10_000);
  out.push(
    at10k === undefined
      ? { target: 'wall/bound ≤ 1.10 at N = 10,000, default limits, no per-host limit exceeded', verdict: 'not measured', figure: 'N = 10,000 not run' }
      : {
          target: 'wall/bound ≤ 1.10 at N = 10,000, default limits, no per-host limit exceeded',
          verdict: verdict(at10k.measured.wallMs / at10k.boundMs <= 1.1 && !at10k.hostLimits.exceeded && at10k.measured.exitCode !== null && at10k.measured.exitCode <= 2),
          figure: `wall/bound ${fixed(at10k.measured.wallMs / at10k.boundMs, 3)}, limit exceeded: ${at10k.hostLimits.exceeded ? 'yes' : 'no'}`,
        },
  );
  const at100k = polite(100_000);
  out.push(
    at100k === undefined || at10k === undefined || at100k.measured.peakRssMb === null || at10k.measured.peakRssMb === null
      ? { target: 'peak RSS ≤ 150 MB at N = 100,000 and < 2× from 10,000 to 100,000', verdict: 'not measured', figure: 'needs N = 10,000 and 100,000 with RSS' }
      : {
          target: 'peak RSS ≤ 150 MB at N = 100,000 and < 2× from 10,000 to 100,000',
          verdict: verdict(at100k.measured.peakRssMb <= 150 && at100k.measured.peakRssMb / at10k.measured.peakRssMb < 2),
          figure: `${fixed(at100k.measured.peakRssMb)} MB at 100,000; ×${fixed(at100k.measured.peakRssMb / at10k.measured.peakRssMb, 2)} from 10,000`,
        },
  );
  const fast = citecheck.filter((r) => r.run === 'politeness off' && r.measured.cpuSeconds !== null).at(-1);
  // The run in the table and its repeats (bench/run.mjs --cpu-repeats): their median is judged.
  const cpuRuns = fast === undefined ? [] : [fast.measured.cpuSeconds, ...(fast.cpuRepeats ?? [])];
  const cpuSeconds = median(cpuRuns);
  // Two cores stay ahead of 2,000 URLs/s when CPU per URL ≤ 2 core-seconds / 2,000 URLs = 1 ms.
  const capacity = fast === undefined ? null : (2 * fast.n) / cpuSeconds;
  const runsText = cpuRuns.length > 1 ? ` (median of ${cpuRuns.length} runs: ${cpuRuns.map((c) => fixed((1000 * c) / fast.n, 3)).join(', ')})` : '';
  out.push(
    fast === undefined
      ? { target: 'CPU per URL lets 2 cores sustain ≥ 2,000 URLs/s (politeness off)', verdict: 'not measured', figure: 'no politeness-off run with CPU figures' }
      : {
          target: 'CPU per URL lets 2 cores sustain ≥ 2,000 URLs/s (politeness off)',
          verdict: verdict(capacity >= 2000),
          figure: `N = ${fast.n}: ${fixed((1000 * cpuSeconds) / fast.n, 3)} CPU ms per URL${runsText} → ${fixed(capacity, 0)} URLs/s on 2 cores; measured ${fixed(fast.n / (fast.measured.wallMs / 1000), 0)} URLs/s wall on this ${cpuCores}-core machine (farm included)`,
        },
  );
  out.push({ target: 'parse of a 10 MB document < 1 s', verdict: parseMs === null ? 'not measured' : verdict(parseMs < 1000), figure: parseMs === null ? '–' : `median ${fixed(parseMs, 0)} ms of ${PARSE_RUNS} (process wall time, start-up included)` });
  out.push({ target: '`citecheck --version` < 300 ms', verdict: startupMs === null ? 'not measured' : verdict(startupMs < 300), figure: startupMs === null ? '–' : `median ${fixed(startupMs, 0)} ms of ${STARTUP_RUNS}` });
  const ran = peers.filter((p) => p.citecheckWallMs !== null);
  const ratio = (p) => `${p.measured.timedOut ? '> ' : ''}×${fixed(p.measured.wallMs / p.citecheckWallMs, 2)}`;
  const finished = ran.filter((p) => !peerFailed(p.measured));
  const sameLimits = finished.filter((p) => !overConcurrency(p));
  const figures = [
    ...sameLimits.map((p) => `${p.name} @${p.n}: ${ratio(p)}`),
    ...finished.filter(overConcurrency).map((p) => `${p.name} @${p.n}: ${ratio(p)}, not under the same limits (${overConcurrencyText(p)}), not judged`),
    ...ran.filter((p) => peerFailed(p.measured)).map((p) => `${p.name} @${p.n}: failed (exit ${p.measured.exitCode} after ${fixed(p.measured.wallMs / 1000, 0)} s), not compared`),
  ];
  out.push({
    target: 'faster than every peer on the same workload and limits',
    verdict: sameLimits.length === 0 ? 'not measured' : verdict(sameLimits.every((p) => p.measured.wallMs > p.citecheckWallMs)),
    figure: ran.length === 0 ? 'no peer run' : figures.join('; '),
  });
  return out;
}

/**
 * @param {{ machine: Record<string, string>, farm: string, gapTolerance: number, citecheck: CitecheckRow[], peers: PeerRow[], rerendered?: { n: number, measured: import('./measure.mjs').Measured }[], targets: ReturnType<typeof judgeTargets>, startupMs: number | null, parseMs: number | null, parseBytes: number, notes: string[] }} r
 */
export function renderResults(r) {
  const confusions = r.citecheck
    .filter((row) => row.correctness !== null && row.correctness.confusions.size > 0)
    .map((row) => `- N = ${row.n}, ${row.run}: ${[...row.correctness.confusions].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.mjs); every figure below was measured by that run.',
    '',
    ...Object.entries(r.machine).map(([k, v]) => `- ${k}: ${v}`),
    `- farm: ${r.farm}`,
    '',
    '## Targets',
    '',
    ...r.targets.map((t) => `- **${t.verdict}**: ${t.target}: ${t.figure}`),
    '',
    '## citecheck',
    '',
    `Runs: default limits (${limitsText(r.citecheck.find((x) => x.run === 'default limits')?.limits ?? { intervalMs: 0, hostConcurrency: 0, concurrency: 0 })}); politeness off (${limitsText(r.citecheck.find((x) => x.run === 'politeness off')?.limits ?? { intervalMs: 0, hostConcurrency: 0, concurrency: 0 })}). The bound is bench/bound.mjs over the requests the workload costs (hops and retries included); a limit counts as exceeded when the farm saw more requests in flight on one host, or on all hosts together, than allowed, or any "short gap": two request starts on one host less than ${fixed(100 * (1 - r.gapTolerance), 0)} % of the interval apart, as the farm saw them start (the arrival, or the connection for a request on a new one; arrivals jitter by tens of ms). Short gaps after a host\'s first request are counted apart because a checker that has just started is slowest to put its first requests on the wire. "First request at" is the time from the command\'s start to the first request the farm saw (start-up, parse); "after last answer", from the farm\'s last answer to the command\'s exit (reports written): wall time the bound, which counts only requests, leaves out.`,
    '',
    citecheckTable(r.citecheck),
    '',
    ...(confusions.length > 0 ? ['Misclassified (expected → reported):', '', ...confusions, ''] : []),
    ...((r.rerendered ?? []).length > 0
      ? ['## The reports rendered again (`citecheck report`)', '', 'On the politeness-off run\'s citations.json, check.json and archive, as a job that checks and reports in two steps would (no network).', '', rerenderTable(r.rerendered ?? []), '']
      : []),
    '## Peers (same workload as Markdown, same run)',
    '',
    'No peer has per-host limits. They are compared with citecheck\'s politeness-off run; "alive/dead as expected" counts ok/redirected as alive and every other expected status as dead; short gaps are judged against the default interval. A peer the farm saw with more requests in flight overall than the concurrency it was given did not run under the same limits: its ratio is shown, and the target is judged on the others.',
    '',
    r.peers.length === 0 ? 'No peer was run.' : peerTable(r.peers),
    '',
    '## Start-up and parse',
    '',
    `- \`citecheck --version\`: ${r.startupMs === null ? 'not measured' : `median ${fixed(r.startupMs, 0)} ms of ${STARTUP_RUNS} runs`}`,
    `- \`citecheck parse\` of a ${fixed(r.parseBytes / 1e6, 1)} MB document: ${r.parseMs === null ? 'not measured' : `median ${fixed(r.parseMs, 0)} ms of ${PARSE_RUNS} runs`}`,
    '',
    ...(r.notes.length > 0 ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}
