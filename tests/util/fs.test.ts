import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCitecheckError } from '../../src/errors.js';
import { toJson, writeFileAtomic } from '../../src/util/fs.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const target = join(dir, 'out.json');
    await writeFile(target, 'old');
    await writeFileAtomic(target, toJson({ a: 1 }));
    expect(await readFile(target, 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('creates missing folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    const target = join(dir, 'a', 'b', 'out.txt');
    await writeFileAtomic(target, 'x');
    expect(await readFile(target, 'utf8')).toBe('x');
  });

  it('fails with WRITE_FAILED and keeps the old content when the target cannot be replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-'));
    // A directory where the file should go: rename onto it fails.
    const target = join(dir, 'taken');
    await writeFileAtomic(join(target, 'inner'), 'keep');
    const error = await writeFileAtomic(target, 'new').catch((e: unknown) => e);
    expect(isCitecheckError(error) && error.code).toBe('WRITE_FAILED');
    expect(await readFile(join(target, 'inner'), 'utf8')).toBe('keep');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
