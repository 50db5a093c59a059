import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../src/util/fs.js';

/** The pid of a process that has exited (not reused this soon). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid as number;

async function folderWith(names: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'citecheck-tmpfiles-'));
  for (const name of names) await writeFile(join(dir, name), '{"half":');
  return dir;
}

describe('removeStaleTempFiles', () => {
  it('removes the temp files of dead writers of that file, and nothing else', async () => {
    const dead = deadPid();
    const live = process.pid;
    const dir = await folderWith([
      'archive.json',
      `archive.json.${dead}.0123abcd.tmp`,
      `archive.json.${dead}.ffffffff.tmp`,
      `archive.json.${live}.0123abcd.tmp`,
      `check.json.${dead}.0123abcd.tmp`,
      `archive.json.${dead}.notahex1.tmp`,
      'archive.json.lock',
      'archive.json.bak',
    ]);
    const removed = await removeStaleTempFiles(join(dir, 'archive.json'));
    expect(removed.sort()).toEqual([`archive.json.${dead}.0123abcd.tmp`, `archive.json.${dead}.ffffffff.tmp`]);
    expect((await readdir(dir)).sort()).toEqual(
      ['archive.json', `archive.json.${live}.0123abcd.tmp`, `check.json.${dead}.0123abcd.tmp`, `archive.json.${dead}.notahex1.tmp`, 'archive.json.lock', 'archive.json.bak'].sort(),
    );
  });

  it('does nothing when the folder does not exist', async () => {
    expect(await removeStaleTempFiles(join(tmpdir(), 'citecheck-no-such-folder', 'archive.json'))).toEqual([]);
  });

  it('runs after each atomic write of that file', async () => {
    const dead = deadPid();
    const dir = await folderWith([`report.md.${dead}.0123abcd.tmp`]);
    await writeFileAtomic(join(dir, 'report.md'), '# Report\n');
    expect(await readdir(dir)).toEqual(['report.md']);
  });
});
