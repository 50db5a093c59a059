/**
 * citecheck as the benchmark sees it: a command run as a child process, and its JSON report
 * (`reports/<name>.json`: `notes[].url`, `notes[].status`) read back for correctness.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { measure } from './measure.mjs';

/**
 * @param {string} cli path of dist/cli.js
 * @returns {string | null} why the CLI cannot be run, or null
 */
export function cliProblem(cli) {
  if (existsSync(cli)) return null;
  return `${cli} is missing: build citecheck first (npm run build), then run the benchmark again.`;
}

/**
 * Where a `run` of `docPath` in `runDir` writes: its reports folder (the JSON report and the
 * citations.json copy are named after the document, check.json is not), and its archive.
 * @param {string} runDir
 * @param {string} docPath
 */
function runOutputs(runDir, docPath) {
  const reportsDir = join(runDir, 'reports');
  const name = basename(docPath, extname(docPath));
  return { reportsDir, archivePath: join(runDir, 'archive.json'), reportPath: join(reportsDir, `${name}.json`), citationsPath: join(reportsDir, `${name}.citations.json`), checkPath: join(reportsDir, 'check.json') };
}

/**
 * `citecheck run <doc>` with the given limits, in its own directory so no run reuses another's
 * archive or reports.
 * @param {{ cli: string, docPath: string, runDir: string, limits: { intervalMs: number, hostConcurrency: number, concurrency: number }, timeoutMs: number }} options
 */
export async function runCitecheck({ cli, docPath, runDir, limits, timeoutMs }) {
  await mkdir(runDir, { recursive: true });
  const { reportsDir, archivePath, reportPath } = runOutputs(runDir, docPath);
  const args = [
    cli, 'run', docPath,
    '--host-interval', String(limits.intervalMs),
    '--host-concurrency', String(limits.hostConcurrency),
    '--concurrency', String(limits.concurrency),
    '--allow-private', '--quiet', '--log-level', 'silent',
    // The farm has no web archive and the peers look for none: compare link checking alone.
    '--no-rescue',
    '--reports-dir', reportsDir,
    '--archive', archivePath,
  ];
  const measured = await measure(process.execPath, args, { cwd: runDir, timeoutMs });
  return { ...measured, reportPath, command: `node ${args.join(' ')}` };
}

/**
 * `citecheck report` on what a `run` in `runDir` wrote (its citations.json copy, check.json
 * and archive): the reports rendered again, as a nightly job that checks and reports in two
 * steps would, into a folder of their own.
 * @param {{ cli: string, docPath: string, runDir: string }} options
 */
export async function rerenderReports({ cli, docPath, runDir }) {
  const { archivePath, citationsPath, checkPath } = runOutputs(runDir, docPath);
  const args = [
    cli, 'report',
    '--citations', citationsPath,
    '--check', checkPath,
    '--archive', archivePath,
    '--reports-dir', join(runDir, 'rerendered'),
    '--quiet', '--log-level', 'silent',
  ];
  return measure(process.execPath, args, { cwd: runDir });
}

/**
 * Statuses citecheck reported, per URL (first note with that URL wins).
 * @param {string} reportPath
 * @returns {Promise<Map<string, string> | null>} null when there is no readable report
 */
export async function reportedStatuses(reportPath) {
  let report;
  try {
    report = JSON.parse(await readFile(reportPath, 'utf8'));
  } catch {
    return null;
  }
  const statuses = new Map();
  for (const note of report.notes ?? []) {
    if (typeof note.url === 'string' && !statuses.has(note.url)) statuses.set(note.url, String(note.status));
  }
  return statuses;
}

/**
 * @param {Map<string, string>} expected
 * @param {(url: string) => string | undefined} got
 * @returns {{ correct: number, total: number, confusions: Map<string, number> }} confusions: "expected → got" counts
 */
export function correctness(expected, got) {
  let correct = 0;
  const confusions = new Map();
  for (const [url, want] of expected) {
    const have = got(url) ?? 'missing';
    if (have === want) correct += 1;
    else confusions.set(`${want} → ${have}`, (confusions.get(`${want} → ${have}`) ?? 0) + 1);
  }
  return { correct, total: expected.size, confusions };
}
