import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive, readArchive } from '../../src/archive/index.js';
import { CitecheckError } from '../../src/errors.js';
import type { ArchiveFile } from '../../src/types.js';
import { readArchiveFile } from '../support/archive-file.js';
import { checked as result } from '../support/check-result.js';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'citecheck-archive-')), 'archive.json');
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
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

    expect(JSON.parse((await lines(path))[0] ?? '')).toMatchObject({ schemaVersion: 2 });
    expect((await readArchiveFile(path)).urls['https://a.test/']?.history).toEqual([
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

  it('keeps only the newest entries per URL, in this run and the next', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { historyLimit: 3 });
    for (let minute = 0; minute < 5; minute += 1) {
      await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(minute) }));
    }
    const kept = (view: { previous(url: string, before: string): { checkedAt: string } | null }) =>
      [5, 4, 3, 2, 1].map((minute) => view.previous('https://a.test/', at(minute))?.checkedAt ?? null);
    expect(kept(archive)).toEqual([at(4), at(3), at(2), null, null]);
    await archive.close();
    const reopened = await openArchive(path, { historyLimit: 3 });
    expect(kept(reopened)).toEqual([at(4), at(3), at(2), null, null]);
    await reopened.close();
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
    // As read back from the file by `report`, whose index is built from the lines.
    expect((await readArchive(path)).previous('https://a.test/', at(10))?.status).toBe('broken');
  });

  it('reads a check recorded in this turn of the event loop, before it is written', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    const written = archive.record(result('https://a.test/', { status: 'ok' }, { title: 'Just now' }));
    expect(archive.lastChecked('https://a.test/')?.title).toBe('Just now');
    await written;
    await archive.close();
  });

  it('still reads after close(), as the run\'s report does', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(1) }));
    await archive.close();
    expect(archive.lastChecked('https://a.test/')?.checkedAt).toBe(at(1));
  });

  it('keeps state beside the history: patches merge, checks leave it alone', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    const death = { state: 'failing' as const, strikes: 1, firstFailedAt: at(1), lastStrikeAt: at(1) };
    await archive.annotate('https://a.test/', { death });
    await archive.record(result('https://a.test/', { status: 'ok' }));
    await archive.annotate('https://a.test/', { archivedCopy: null, archivedCopyCheckedAt: at(2) });
    expect(archive.annotation('https://a.test/')).toEqual({ death, archivedCopy: null, archivedCopyCheckedAt: at(2) });
    expect(archive.annotation('https://b.test/')).toBeNull();
    await archive.close();
    expect((await readArchive(path)).annotation('https://a.test/')).toEqual({ death, archivedCopy: null, archivedCopyCheckedAt: at(2) });
  });

  it('leaves a file that reads whole after every record(), never a temp file', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    for (let i = 0; i < 20; i += 1) {
      await archive.record(result(`https://a.test/${i}`, { status: 'ok' }));
      expect(Object.keys((await readArchiveFile(path)).urls)).toHaveLength(i + 1);
    }
    await archive.close();
    expect((await readdir(join(path, '..'))).sort()).toEqual(['archive.json']);
  });

  it('writes a burst of results together, one line each; close() writes what is still pending', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    const burst = Array.from({ length: 30 }, (_, i) => archive.record(result(`https://a.test/${i}`, { status: 'ok' })));
    await archive.close();
    await Promise.all(burst);
    expect(await lines(path)).toHaveLength(31);
    expect(Object.keys((await readArchiveFile(path)).urls)).toHaveLength(30);
    expect(await readdir(join(path, '..'))).toEqual(['archive.json']);
  });
});

describe('the log over time', () => {
  it('is rewritten on open once it holds more dropped records than kept ones, keeping the newest', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { historyLimit: 3 });
    for (let minute = 0; minute < 10; minute += 1) {
      await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(minute) }));
      await archive.annotate('https://a.test/', { archivedCopyCheckedAt: at(minute) });
    }
    await archive.record(result('https://b.test/', { status: 'ok' }, { checkedAt: at(30) }));
    await archive.close();
    expect(await lines(path)).toHaveLength(22);

    const reopened = await openArchive(path, { historyLimit: 3 });
    await reopened.close();
    expect(await lines(path)).toHaveLength(1 + 3 + 1 + 1);
    const folded = await readArchiveFile(path);
    expect(folded.urls['https://a.test/']).toEqual({ history: expect.any(Array), archivedCopyCheckedAt: at(9) });
    expect(folded.urls['https://a.test/']?.history.map((e) => e.checkedAt)).toEqual([at(7), at(8), at(9)]);
    expect(folded.urls['https://b.test/']?.history.map((e) => e.checkedAt)).toEqual([at(30)]);
    expect(reopened.lastChecked('https://a.test/')?.checkedAt).toBe(at(9));
  });

  it('is left as it is while it holds no more dropped records than kept ones', async () => {
    const path = await tempPath();
    const archive = await openArchive(path, { historyLimit: 3 });
    for (let minute = 0; minute < 5; minute += 1) await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(minute) }));
    await archive.close();
    const before = await readFile(path, 'utf8');
    await (await openArchive(path, { historyLimit: 3 })).close();
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('drops a last line cut short by a killed run, and appends after the last whole one', async () => {
    const path = await tempPath();
    const archive = await openArchive(path);
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(1) }));
    await archive.close();
    await appendFile(path, '{"url":"https://b.test/","check":{"checkedAt":"2026-');
    const view = await readArchive(path);
    expect(view.lastChecked('https://a.test/')?.checkedAt).toBe(at(1));
    expect(view.lastChecked('https://b.test/')).toBeNull();

    const next = await openArchive(path);
    expect(next.lastChecked('https://b.test/')).toBeNull();
    await next.record(result('https://c.test/', { status: 'ok' }, { checkedAt: at(2) }));
    await next.close();
    expect(Object.keys((await readArchiveFile(path)).urls)).toEqual(['https://a.test/', 'https://c.test/']);
    expect(await lines(path)).toHaveLength(3);
  });

  it.each([
    ['a line that is not JSON', 'not json', 'INVALID_JSON', ':3: not a valid JSON record'],
    ['a record without url', '{"check":{}}', 'INVALID_FIELD', ':3: url must be a string'],
    ['a check with an unknown status', `{"url":"u","check":{"checkedAt":"${at(0)}","status":"fine"}}`, 'INVALID_FIELD', ':3: check.status must be one of'],
    ['a record that is neither', '{"url":"u","what":1}', 'INVALID_FIELD', ':3: the record must have a `check` or a `set` object'],
    ['a bad death state', '{"url":"u","set":{"death":{"state":"undead"}}}', 'INVALID_FIELD', ':3: set.death must be'],
  ])('names the line of %s', async (_name, line, code, words) => {
    const path = await tempPath();
    const archive = await openArchive(path);
    await archive.record(result('https://a.test/', { status: 'ok' }));
    await archive.close();
    await appendFile(path, `${line}\n{"url":"https://b.test/","set":{}}\n`);
    const error = await errorOf(openArchive(path));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`${path}${words}`);
    expect(error.message).not.toContain('\n');
    await expect(readFile(`${path}.lock`)).rejects.toThrow(/ENOENT/);
  });
});

describe('an archive of the first format (one JSON document)', () => {
  const check = (minute: number) => ({
    checkedAt: at(minute),
    status: 'broken',
    reason: 'not_found',
    httpStatus: 404,
    finalUrl: 'https://a.test/',
    expandedUrl: null,
    title: null,
    hops: [{ url: 'https://a.test/', status: 404 }],
    error: null,
  });
  const death = { state: 'failing', strikes: 2, firstFailedAt: at(1), lastStrikeAt: at(2) };
  const legacy = { schemaVersion: 1, urls: { 'https://a.test/': { history: [check(1), check(2)], death } } };

  it('is read as it is by readArchive, and left unchanged', async () => {
    const path = await tempPath();
    await writeFile(path, JSON.stringify(legacy, null, 2));
    const view = await readArchive(path);
    expect(view.lastChecked('https://a.test/')).toEqual(check(2));
    expect(view.previous('https://a.test/', at(2))).toEqual(check(1));
    expect(view.annotation('https://a.test/')).toEqual({ death });
    expect(await readFile(path, 'utf8')).toBe(JSON.stringify(legacy, null, 2));
  });

  it('becomes a log when a run opens it, with its history and state kept', async () => {
    const path = await tempPath();
    await writeFile(path, JSON.stringify(legacy, null, 2));
    const archive = await openArchive(path);
    expect(archive.lastChecked('https://a.test/')).toEqual(check(2));
    expect(archive.annotation('https://a.test/')).toEqual({ death });
    await archive.record(result('https://a.test/', { status: 'ok' }, { checkedAt: at(3) }));
    await archive.close();
    const folded = await readArchiveFile(path);
    expect(folded.urls['https://a.test/']?.history.map((e) => e.checkedAt)).toEqual([at(1), at(2), at(3)]);
    expect(folded.urls['https://a.test/']?.death).toEqual(death);
  });
});

describe('archive options', () => {
  it.each([
    [{ historyLimit: 0 }, 'history limit'],
    [{ historyLimit: 2.5 }, 'history limit'],
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
    expect(archive.previous('https://a.test/', at(3))?.checkedAt).toBe(at(2));
    expect(archive.previous('https://a.test/', at(2))).toBeNull();
    await archive.close();
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
    ['a wrong schemaVersion', { schemaVersion: 3, urls: {} }, 'schemaVersion'],
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
