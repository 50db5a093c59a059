import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfigFile, resolveConfig, validateConfig } from '../../src/config/index.js';
import { CitecheckError } from '../../src/errors.js';

describe('validateConfig', () => {
  it.each([
    [{ concurrency: 0 }, '"concurrency" must be a whole number ≥ 1'],
    [{ hostIntervalMs: -1 }, '"hostIntervalMs" must be a whole number ≥ 0'],
    [{ retries: 1.5 }, '"retries" must be a whole number ≥ 1'],
    [{ userAgent: '' }, '"userAgent" must be a non-empty string'],
    [{ failOn: ['broken', 'dead-ish'] }, '"failOn" must be a list of statuses'],
    [{ hostOverrides: { 'bit.ly': { intervalMs: 'slow' } } }, '"hostOverrides" .bit.ly.intervalMs must be a whole number'],
    [{ hostOverrides: { 'bit.ly': { speed: 1 } } }, '.bit.ly.speed is not a setting'],
    [{ concurrancy: 4 }, 'unknown setting "concurrancy"'],
    [[1, 2], 'the configuration must be a JSON object'],
    [{ failOnNewlyDead: 'yes' }, '"failOnNewlyDead" must be true or false'],
    [{ deadAfterStrikes: 0 }, '"deadAfterStrikes" must be a whole number ≥ 1'],
    [{ waybackCdxBase: 'https://web.archive.org/' }, '"waybackCdxBase" must be an http(s) URL without a trailing slash'],
    [{ waybackWebBase: 'ftp://web.archive.org' }, '"waybackWebBase" must be an http(s) URL'],
  ])('rejects %j naming the field', (value, message) => {
    expect(() => validateConfig(value, 'citecheck.config.json')).toThrowError(message);
    try {
      validateConfig(value, 'citecheck.config.json');
    } catch (error) {
      expect((error as CitecheckError).code).toBe('INVALID_CONFIG');
      expect((error as Error).message).toMatch(/^citecheck\.config\.json: /);
    }
  });

  it.each([
    [{ concurrency: 4, hostIntervalMs: 0 }],
    [{ failOn: ['broken', 'soft_404'] }],
    [{ failOn: [], failOnNewlyDead: false, deadAfterStrikes: 2, deadAfterDays: 0, rescue: false }],
    [{ waybackCdxBase: 'http://127.0.0.1:8080', waybackAvailabilityBase: 'https://archive.org', rescueMaxAgeDays: 0 }],
    [{ hostOverrides: { 'bit.ly': { intervalMs: 2000, concurrency: 1 } } }],
  ])('accepts %j', (value) => {
    expect(validateConfig(value, 'x')).toEqual(value);
  });

  it('ignores flags that were not given', () => {
    expect(validateConfig({ concurrency: undefined, retries: 2 }, 'command line')).toEqual({ retries: 2 });
  });
});

describe('resolveConfig', () => {
  it('lets flags win over the file and the file over defaults', () => {
    const config = resolveConfig({ concurrency: 8, retries: 5 }, { retries: 1 });
    expect(config.concurrency).toBe(8);
    expect(config.retries).toBe(1);
    expect(config.hostIntervalMs).toBe(DEFAULT_CONFIG.hostIntervalMs);
  });
});

describe('loadConfigFile', () => {
  it('reads citecheck.config.json before package.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-config-'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ citecheck: { retries: 2 } }));
    expect(await loadConfigFile(dir)).toEqual({ retries: 2 });
    await writeFile(join(dir, 'citecheck.config.json'), JSON.stringify({ retries: 4 }));
    expect(await loadConfigFile(dir)).toEqual({ retries: 4 });
  });

  it('finds nothing in a folder without either', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-config-'));
    expect(await loadConfigFile(dir)).toEqual({});
  });

  it('says which file is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'citecheck-config-'));
    await writeFile(join(dir, 'citecheck.config.json'), '{ retries: 4 ');
    await expect(loadConfigFile(dir)).rejects.toMatchObject({ code: 'INVALID_JSON', message: expect.stringContaining('citecheck.config.json: not valid JSON') });
  });

  it('requires an explicit --config file to exist', async () => {
    await expect(loadConfigFile('.', '/nonexistent/c.json')).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
