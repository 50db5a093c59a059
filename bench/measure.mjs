/**
 * Run a command as a child process and measure it: wall time, peak RSS and CPU seconds.
 * GNU time (`/usr/bin/time -v`) gives the child's own rusage; without it, VmHWM is polled
 * from /proc and CPU is read from the child's last /proc stat sample (a slight undercount).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const OUTPUT_CAP = 1 << 20;
const CLOCK_TICKS = 100;

/**
 * @typedef {object} Measured
 * @property {number} wallMs
 * @property {number} startedAtMs when the command was started, in ms since the epoch (performance.timeOrigin-based, comparable across processes)
 * @property {number | null} peakRssMb
 * @property {number | null} cpuSeconds user + system
 * @property {number | null} exitCode
 * @property {string} stdout at most 1 MiB of it ('' when sent to a file)
 * @property {string} stderr at most 1 MiB of it
 * @property {boolean} timedOut
 */

function capped() {
  let text = '';
  return { add: (chunk) => { if (text.length < OUTPUT_CAP) text += chunk; }, get: () => text };
}

async function procSample(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { hwmKb: hwm, cpuSeconds: (Number(stat[11] ?? 0) + Number(stat[12] ?? 0)) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

function parseGnuTime(text) {
  const field = (label) => {
    const m = new RegExp(`${label}: ([\\d.]+)`).exec(text);
    return m === null ? null : Number(m[1]);
  };
  const rssKb = field('Maximum resident set size \\(kbytes\\)');
  const user = field('User time \\(seconds\\)');
  const sys = field('System time \\(seconds\\)');
  return { peakRssMb: rssKb === null ? null : rssKb / 1024, cpuSeconds: user === null || sys === null ? null : user + sys };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, timeoutMs?: number, env?: NodeJS.ProcessEnv, stdoutFile?: string }} [options] `stdoutFile` keeps all of a large output
 * @returns {Promise<Measured>}
 */
export async function measure(command, args, options = {}) {
  const gnu = existsSync(GNU_TIME);
  const dir = await mkdtemp(join(tmpdir(), 'bench-time-'));
  const timeFile = join(dir, 'time.txt');
  const [cmd, argv] = gnu ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, args];
  const out = capped();
  const err = capped();
  const started = performance.now();
  const file = options.stdoutFile === undefined ? null : await open(options.stdoutFile, 'w');
  // Its own process group, so a timeout stops the command too, not only GNU time around it.
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', file === null ? 'pipe' : file.fd, 'pipe'], detached: true });
  child.stdout?.setEncoding('utf8').on('data', out.add);
  child.stderr.setEncoding('utf8').on('data', err.add);
  let last = null;
  const poll = gnu ? null : setInterval(async () => { last = (await procSample(child.pid)) ?? last; }, 100);
  let timedOut = false;
  const timer = options.timeoutMs === undefined ? null : setTimeout(() => { timedOut = true; process.kill(-child.pid, 'SIGTERM'); }, options.timeoutMs);
  const exitCode = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  await file?.close();
  if (poll !== null) clearInterval(poll);
  if (timer !== null) clearTimeout(timer);
  let figures = { peakRssMb: last === null ? null : last.hwmKb / 1024, cpuSeconds: last?.cpuSeconds ?? null };
  if (gnu) figures = parseGnuTime(await readFile(timeFile, 'utf8').catch(() => ''));
  await rm(dir, { recursive: true, force: true });
  return { wallMs, startedAtMs: performance.timeOrigin + started, ...figures, exitCode, stdout: out.get(), stderr: err.get(), timedOut };
}
