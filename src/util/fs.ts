import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CitecheckError } from '../errors.js';
import { isProcessAlive } from './process.js';

/**
 * Write a file so that readers (and a process killed half way) only ever see the old
 * content or the new content, never a truncated one: write a temp file beside the target,
 * flush it to disk, then rename over the target (atomic on one filesystem). Temp files of
 * the same target left by killed writers go once this write is in place.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new CitecheckError('WRITE_FAILED', `could not write ${path}: ${reason}`, { cause: error });
  }
  await removeStaleTempFiles(path);
}

const TEMP_NAME = /^\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Remove the temp files that writers of `path` killed before their rename (kill -9, power
 * loss) left beside it, so they do not pile up run after run. Only files of processes no
 * longer running: a live writer's temp file is about to become `path`. Never fails (a file
 * it cannot list or remove stays). Returns the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const name = basename(path);
  const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
  const stale = siblings.filter((sibling) => {
    const match = sibling.startsWith(name) ? TEMP_NAME.exec(sibling.slice(name.length)) : null;
    return match !== null && !isProcessAlive(Number(match[1]));
  });
  await Promise.all(stale.map((sibling) => rm(join(dirname(path), sibling), { force: true }).catch(() => undefined)));
  return stale;
}

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
