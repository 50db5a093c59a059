import { setTimeout as delay } from 'node:timers/promises';
import { EnvHttpProxyAgent } from 'undici';
import { openArchive } from '../archive/index.js';
import { CitecheckError } from '../errors.js';
import { readCheckFile } from '../pipeline/load.js';
import { KEY_VARS, keysFromEnv, savableSources, saveSources, spn2Clients } from '../pipeline/save.js';
import { createCaptureGate, DEFAULT_SAVE_OPTIONS, type SaveResult } from '../rescue/index.js';
import { count } from '../util/text.js';
import { configFrom, type CommonOptions } from './options.js';
import { EXIT } from './exit.js';

/**
 * `citecheck archive --save`: ask Save Page Now 2 to capture every live, verified source of
 * the last check. Without keys, say what would be saved and send nothing.
 */
export async function archiveCommand(opts: CommonOptions): Promise<number> {
  if (!opts.save) throw new CitecheckError('USAGE', 'say what to do: citecheck archive --save');
  const config = await configFrom(opts);
  const sources = savableSources(readCheckFile(config.checkOutput));
  const keys = keysFromEnv(process.env);
  if (keys === null) {
    for (const { page } of sources) process.stdout.write(`would save ${page}\n`);
    process.stderr.write(`citecheck: ${KEY_VARS.access} and ${KEY_VARS.secret} are not both set: nothing sent; ${count(sources.length, 'source')} would be saved\n`);
    return EXIT.ok;
  }
  const dispatcher = new EnvHttpProxyAgent({ connect: { timeout: config.connectTimeoutMs } });
  const archive = await openArchive(config.archive, { historyLimit: config.historyLimit });
  try {
    const deps = { ...spn2Clients(dispatcher, config.requestTimeoutMs), sleep: (ms: number) => delay(ms).then(() => undefined), now: Date.now, keys, base: config.waybackWebBase, gate: createCaptureGate(), archive };
    const results = await saveSources(sources, deps, { ...DEFAULT_SAVE_OPTIONS, pollEveryMs: config.savePollMs }, (result) => process.stdout.write(`${saveLine(result)}\n`));
    const saved = results.filter((r) => r.outcome === 'saved').length;
    process.stderr.write(`citecheck: saved ${saved} of ${count(sources.length, 'source')}\n`);
    return EXIT.ok;
  } finally {
    await archive.close();
    await dispatcher.close();
  }
}

function saveLine(result: SaveResult): string {
  switch (result.outcome) {
    case 'would_save':
      return `would save ${result.url}`;
    case 'saved':
      return `saved ${result.url} as ${result.snapshotUrl}`;
    case 'pending':
      return `pending ${result.url} (job ${result.jobId}: run citecheck archive --save again within the hour to collect it)`;
    case 'retry_later':
      return `stopped at ${result.url}: ${result.message} (${result.reason}); run again later`;
    case 'failed':
      return `failed ${result.url}: ${result.message}`;
  }
}
