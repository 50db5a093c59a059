import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CitecheckError } from '../errors.js';

/**
 * Write a file so that readers (and a process killed half way) only ever see the old
 * content or the new content, never a truncated one: write a temp file beside the target,
 * flush it to disk, then rename over the target (atomic on one filesystem).
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
}

/** Stable, diff-friendly JSON: two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
