import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { CitecheckError } from '../../src/errors.js';
import type { ArchiveFile } from '../../src/types.js';
import { checked as result } from '../support/check-result.js';

const writes: string[] = [];
vi.mock('../../src/util/fs.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/util/fs.js')>();
  return {
    ...actual,
    writeFileAtomic: async (path: string, data: string) => {
      writes.push(path);
      await actual.writeFileAtomic(path, data);
    },
  };
});

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'citecheck-archive-')), 'archive.json');
}

async function readArchive(path: string): Promise<ArchiveFile> {
  return JSON.parse(await readFile(path, 'utf8')) as ArchiveFile;
}

async function errorOf(promise: Promise<unknown>): Promise<CitecheckError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CitecheckError);
  return error as CitecheckError;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

const at = (minute: number) => `2026-11-29T07:${String(minute).padStart(2, '0')}:00.000Z`;

describe('openArchive', () => {
  it('starts empty when the file is missing, and persists what it records', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    expect(archive.lastChecked('https://a.test/')).toBeNull();
    await archive.record(result('https://a.test/', { status: 'broken', reason: 'not_found' }, { httpStatus: 404 }));
    await archive.close();

    const onDisk = await readArchive(path);
    expect(onDisk.schemaVersion).toBe(1);
    expect(onDisk.urls['https://a.test/']?.history).toEqual([
      {
        checkedAt: at(0),
        status: 'broken',
        reason: 'not_found',
        httpStatus: 404,
        finalUrl: 'https://a.test/',
        expandedUrl: null,
        title: 'Found title',
        hops: [{ url: 'https://a.test/', status: 200 }],
        error: null,
      },
    ]);

    const reopened = await openArchive(path);
    expect(reopened.lastChecked('https://a.test/')?.status).toBe('broken');
    await reopened.close();
  });

  it('keeps only the newest entries per URL', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { historyLimit: 3 });
    for (let minute = 0; minute < 5; minute += 1) {
      await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(minute) }));
    }
    await archive.close();
    const history = (await readArchive(path)).urls['https://a.test/']?.history ?? [];
    expect(history.map((entry) => entry.checkedAt)).toEqual([at(2), at(3), at(4)]);
  });

  it('previous() gives the last check before this run, lastChecked() the newest', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(1) }));
    await archive.record(result('https://a.test/', { status: 'timeout', reason: 'total' }, { checkedAt: at(5) }));
    await archive.record(result('https://a.test/', { status: 'redirected' }, { checkedAt: at(10) }));
    expect(archive.previous('https://a.test/', at(10))?.status).toBe('timeout');
    expect(archive.previous('https://a.test/', at(5))?.status).toBe('ok');
    expect(archive.previous('https://a.test/', at(1))).toBeNull();
    expect(archive.lastChecked('https://a.test/')?.status).toBe('redirected');
    await archive.close();
  });

  it('previous() passes over checks made while this machine had no DNS: they say nothing about the source', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    await archive.record(result('https://a.test/', { status: 'broken', reason: 'not_found' }, { checkedAt: at(1) }));
    await archive.record(result('https://a.test/', { status: 'network_error', reason: 'dns_unavailable' }, { checkedAt: at(5) }));
    expect(archive.previous('https://a.test/', at(10))?.status).toBe('broken');
    expect(archive.lastChecked('https://a.test/')?.reason).toBe('dns_unavailable');
    await archive.close();
  });

  it('leaves a file that parses after every record(), never a temp file', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    for (let i = 0; i < 20; i += 1) {
      await archive.record(result(`https://a.test/${i}`, { status: 'ok' }));
      const onDisk = await readArchive(path);
      expect(Object.keys(onDisk.urls)).toHaveLength(i + 1);
    }
    await archive.close();
    expect((await readdir(join(path, '..'))).sort()).toEqual(['archive.json']);
  });

  it('writes after each record when no interval is set', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    writes.length = 0;
    for (let i = 0; i < 5; i += 1) await archive.record(result(`https://a.test/${i}`, { status: 'ok' }));
    expect(writes).toHaveLength(5);
    await archive.close();
    expect(writes).toHaveLength(5);
  });

  it.each([0, 60_000])('coalesces a burst into few writes (flushIntervalMs %i), close() writes the rest at once', async (interval) => {
    const path = await tempPath();
    const archive = await openArchive(path, { flushIntervalMs: interval });
    const first = archive.record(result('https://a.test/0', { status: 'ok' }));
    await first;
    writes.length = 0;
    const burst = Array.from({ length: 50 }, (_, i) => archive.record(result(`https://a.test/${i + 1}`, { status: 'ok' })));
    const started = performance.now();
    await archive.close();
    await Promise.all(burst);
    // Not a speed test: a minute's interval would blow the test timeout if close() waited it out.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(Object.keys((await readArchive(path)).urls)).toHaveLength(51);
  });

  it('close() writes what is still pending', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { flushIntervalMs: 50 });
    const writes = Array.from({ length: 30 }, (_, i) => archive.record(result(`https://a.test/${i}`, { status: 'ok' })));
    await archive.close();
    await Promise.all(writes);
    expect(Object.keys((await readArchive(path)).urls)).toHaveLength(30);
    expect(await readdir(join(path, '..'))).toEqual(['archive.json']);
  });
});

describe('archive options', () => {
  it.each([
    [{ historyLimit: 0 }, 'history limit'],
    [{ historyLimit: 2.5 }, 'history limit'],
    [{ flushIntervalMs: -1 }, 'flush interval'],
    [{ flushIntervalMs: Number.NaN }, 'flush interval'],
  ])('refuses %j before taking the lock', async (options, words) => {
    const path = await tempPath();
    const error = await errorOf(openArchive(path, options));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(words);
    await expect(readFile(`${path}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('accepts a history limit of 1', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { historyLimit: 1 });
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(1) }));
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(2) }));
    await archive.close();
    expect((await readArchive(path)).urls['https://a.test/']?.history.map((e) => e.checkedAt)).toEqual([at(2)]);
  });
});

describe('the archive lock', () => {
  it('refuses a second open while the first holds the lock, and allows it after close()', async () => {
    const path = await tempPath();
    const first = await openArchive(path);
    const error = await errorOf(openArchive(path));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toBe(
      `another citecheck run is using ${path} (pid ${process.pid}); wait for it or remove ${path}.lock`,
    );
    await first.close();
    const second = await openArchive(path);
    await second.close();
  });

  it('takes over a lock left by a dead process', async () => {
    const path = await tempPath();
    await writeFile(`${path}.lock`, JSON.stringify({ pid: deadPid(), startedAt: at(0) }));
    const archive = await openArchive(path);
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    await archive.close();
    await expect(readFile(`${path}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('respects a fresh lock whose pid cannot be read yet (its owner may be writing it)', async () => {
    const path = await tempPath();
    await writeFile(`${path}.lock`, '');
    const error = await errorOf(openArchive(path));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toBe(`another citecheck run is using ${path}; wait for it or remove ${path}.lock`);
  });

  it('takes over an unreadable lock once it is old', async () => {
    const path = await tempPath();
    await writeFile(`${path}.lock`, 'garbage');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    const archive = await openArchive(path);
    await archive.close();
  });

  it('releases the lock when the archive cannot be read', async () => {
    const path = await tempPath();
    await writeFile(path, '{ "schemaVersion": 1, ');
    await errorOf(openArchive(path));
    await expect(readFile(`${path}.lock`)).rejects.toThrow(/ENOENT/);
  });
});

describe('reading a bad archive', () => {
  it('reports invalid JSON with the file name', async () => {
    const path = await tempPath();
    await writeFile(path, '{ "schemaVersion": 1, ');
    const error = await errorOf(openArchive(path));
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toContain(path);
    expect(error.message).not.toContain('\n');
  });

  const entry = {
    checkedAt: at(0),
    status: 'ok',
    reason: null,
    httpStatus: 200,
    finalUrl: 'https://a.test/',
    expandedUrl: null,
    title: null,
    hops: [],
    error: null,
  };
  it.each([
    ['a wrong schemaVersion', { schemaVersion: 2, urls: {} }, 'schemaVersion'],
    ['urls not an object', { schemaVersion: 1, urls: [] }, 'urls'],
    ['history missing', { schemaVersion: 1, urls: { 'https://a.test/': {} } }, 'urls["https://a.test/"].history'],
    [
      'an unknown status',
      { schemaVersion: 1, urls: { 'https://a.test/': { history: [{ ...entry, status: 'fine' }] } } },
      'urls["https://a.test/"].history[0].status',
    ],
    [
      'a hop without url',
      { schemaVersion: 1, urls: { u: { history: [entry, { ...entry, hops: [{ status: 200 }] }] } } },
      'urls["u"].history[1].hops[0]',
    ],
  ])('names the field for %s', async (_name, content, field) => {
    const path = await tempPath();
    await writeFile(path, JSON.stringify(content));
    const error = await errorOf(openArchive(path));
    expect(error.code).toBe('INVALID_FIELD');
    expect(error.message).toContain(`${path}: ${field} `);
  });

  it('accepts a well-formed file', async () => {
    const path = await tempPath();
    await writeFile(path, JSON.stringify({ schemaVersion: 1, urls: { 'https://a.test/': { history: [entry] } } }));
    const archive = await openArchive(path);
    expect(archive.lastChecked('https://a.test/')).toEqual(entry);
    await archive.close();
  });
});
