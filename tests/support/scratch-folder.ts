import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary folder a test (or a CLI it starts) makes lands in one
 * folder for the run, removed when the run ends, so a test run leaves nothing in the system's
 * temporary folder. Workers and their children inherit TMPDIR, which os.tmpdir() reads.
 */
export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'citecheck-tests-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
