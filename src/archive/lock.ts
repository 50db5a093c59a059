import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CitecheckError } from '../errors.js';
import { isProcessAlive } from '../util/process.js';

/** A lock file younger than this with no readable pid may still be being written: respect it. */
const UNREADABLE_GRACE_MS = 10_000;

export interface Lock {
  release(): Promise<void>;
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The pid written in the lock, or null when the file is unreadable or gone. */
async function holderPid(lockPath: string): Promise<number | null> {
  try {
    const pid: unknown = JSON.parse(await readFile(lockPath, 'utf8')).pid;
    return Number.isInteger(pid) ? (pid as number) : null;
  } catch {
    return null;
  }
}

async function isStale(lockPath: string, pid: number | null): Promise<boolean> {
  if (pid !== null) return !isProcessAlive(pid);
  const info = await stat(lockPath).catch(() => null);
  return info === null || Date.now() - info.mtimeMs > UNREADABLE_GRACE_MS;
}

/**
 * Take `<path>.lock` (O_EXCL) so two runs never interleave their writes to one archive.
 * A lock left by a dead process is taken over once; if another run grabs it in between,
 * that run wins and this one reports LOCKED.
 */
export async function acquireLock(path: string): Promise<Lock> {
  const lockPath = `${path}.lock`;
  const held: Lock = { release: () => rm(lockPath, { force: true }) };
  // The archive's folder may not exist yet on a first run (reports/ in a fresh clone).
  await mkdir(dirname(lockPath), { recursive: true });
  if (await tryCreate(lockPath)) return held;
  if (await isStale(lockPath, await holderPid(lockPath))) {
    await rm(lockPath, { force: true });
    if (await tryCreate(lockPath)) return held;
  }
  const pid = await holderPid(lockPath);
  const who = pid === null ? '' : ` (pid ${pid})`;
  throw new CitecheckError('LOCKED', `another citecheck run is using ${path}${who}; wait for it or remove ${lockPath}`);
}
