import { describe, expect, it } from 'vitest';
import type { HopOutcome } from '../../src/resolve/fetch-hop.js';
import { backoffMs, isRetryable, parseRetryAfter } from '../../src/resolve/retry.js';

const response = (status: number): HopOutcome => ({ response: { status, headers: {}, body: null }, error: null, ms: 1, address: null });
const failure = (code: string | null, name: string | null = 'Error'): HopOutcome => ({ response: null, error: { code, name, message: 'x' }, ms: 1, address: null });

describe('isRetryable', () => {
  it.each<[string, HopOutcome, boolean]>([
    ['500', response(500), true],
    ['503', response(503), true],
    ['408', response(408), true],
    ['429', response(429), true],
    ['501 (never will)', response(501), false],
    ['200', response(200), false],
    ['404', response(404), false],
    ['403', response(403), false],
    ['reset', failure('ECONNRESET'), true],
    ['connect timeout', failure('UND_ERR_CONNECT_TIMEOUT'), true],
    ['whole-request deadline', failure(null, 'TimeoutError'), true],
    ['refused', failure('ECONNREFUSED'), false],
    ['dns unavailable (offline: fail fast)', failure('EAI_AGAIN'), false],
    ['nxdomain', failure('ENOTFOUND'), false],
  ])('%s → %s', (_name, outcome, expected) => {
    expect(isRetryable(outcome)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each<[string | undefined, number | null]>([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', null],
    [undefined, null],
  ])('%s → %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it.each<[number, number, number]>([
    [1, 0, 1000],
    [1, 0.5, 1500],
    [2, 0, 2000],
    [3, 0.999, 4999],
  ])('retry %i with random %f → %i ms', (retry, random, expected) => {
    expect(backoffMs(retry, () => random)).toBe(expected);
  });
});
