import { describe, expect, it } from 'vitest';
import { DEFAULT_DEATH_POLICY, deathLabel, isNewlyDead, nextDeathState, type DeathPolicy } from '../../src/rescue/death.js';
import type { DeathState, StatusWord } from '../../src/types.js';

const START = Date.parse('2026-03-01T02:00:00Z');

/** A check `day` days (fractional allowed) after the first night. */
function at(day: number): string {
  return new Date(START + day * 86_400_000).toISOString();
}

/** Runs checks in order and returns the label after each one. */
function labels(checks: [number, StatusWord][], policy: DeathPolicy = DEFAULT_DEATH_POLICY): string[] {
  let state: DeathState | null = null;
  return checks.map(([day, status]) => {
    state = nextDeathState(state, { status, checkedAt: at(day) }, policy);
    return deathLabel(state, policy);
  });
}

describe('nextDeathState across simulated nights', () => {
  it.each<[string, [number, StatusWord][], string[], DeathPolicy?]>([
    [
      'three failures three days apart: dead only on the third',
      [[0, 'broken'], [3, 'broken'], [6, 'broken']],
      ['failing (1/3)', 'failing (2/3)', 'dead'],
    ],
    [
      'nightly failures: only every third night adds a strike',
      [[0, 'broken'], [1, 'broken'], [2, 'timeout'], [3, 'server_error'], [4, 'broken'], [5, 'broken'], [6, 'broken']],
      ['failing (1/3)', 'failing (1/3)', 'failing (1/3)', 'failing (2/3)', 'failing (2/3)', 'failing (2/3)', 'dead'],
    ],
    [
      'a run a few minutes earlier three nights later still counts (calendar days)',
      [[0, 'broken'], [2.99, 'broken'], [5.98, 'broken']],
      ['failing (1/3)', 'failing (2/3)', 'dead'],
    ],
    [
      'one success resets the count',
      [[0, 'broken'], [3, 'broken'], [4, 'ok'], [7, 'broken'], [10, 'broken']],
      ['failing (1/3)', 'failing (2/3)', 'alive', 'failing (1/3)', 'failing (2/3)'],
    ],
    [
      'a redirect to a working page is a success',
      [[0, 'broken'], [3, 'redirected']],
      ['failing (1/3)', 'alive'],
    ],
    [
      'blocked never counts and never resets',
      [[0, 'blocked'], [3, 'blocked'], [6, 'blocked'], [9, 'broken'], [12, 'blocked'], [15, 'broken']],
      ['alive', 'alive', 'alive', 'failing (1/3)', 'failing (1/3)', 'failing (2/3)'],
    ],
    [
      'a soft 404 and network errors are failures',
      [[0, 'soft_404'], [3, 'network_error'], [6, 'timeout']],
      ['failing (1/3)', 'failing (2/3)', 'dead'],
    ],
    [
      'dead stays dead on further failures, and comes back on a success',
      [[0, 'broken'], [3, 'broken'], [6, 'broken'], [9, 'broken'], [10, 'ok']],
      ['failing (1/3)', 'failing (2/3)', 'dead', 'dead', 'alive'],
    ],
    [
      'the numbers are configurable',
      [[0, 'broken'], [1, 'broken']],
      ['failing (1/2)', 'dead'],
      { strikes: 2, minDaysApart: 1 },
    ],
  ])('%s', (_name, checks, expected, policy) => {
    expect(labels(checks, policy)).toEqual(expected);
  });

  it('remembers when the failures began and when the last strike was', () => {
    let state: DeathState | null = null;
    for (const day of [0, 1, 3, 4]) {
      state = nextDeathState(state, { status: 'broken', checkedAt: at(day) }, DEFAULT_DEATH_POLICY);
    }
    expect(state).toEqual({ state: 'failing', strikes: 2, firstFailedAt: at(0), lastStrikeAt: at(3) });
  });

  it('refuses a check time that is not a date', () => {
    const failing = nextDeathState(null, { status: 'broken', checkedAt: at(0) }, DEFAULT_DEATH_POLICY);
    expect(() => nextDeathState(failing, { status: 'broken', checkedAt: 'yesterday' }, DEFAULT_DEATH_POLICY)).toThrowError(
      /"checkedAt" is not a date/,
    );
  });
});

describe('network errors', () => {
  it.each<[string, boolean]>([
    ['dns_unavailable', false],
    ['body_too_large', false],
    ['decoding_failed', false],
    ['connection_refused', true],
    ['connection_reset', true],
    ['host_unreachable', true],
    ['tls_certificate', true],
    ['other', true],
  ])('%s counts as a strike: %s', (reason, counts) => {
    const failing = nextDeathState(null, { status: 'broken', checkedAt: at(0) }, DEFAULT_DEATH_POLICY);
    const next = nextDeathState(failing, { status: 'network_error', reason, checkedAt: at(3) }, DEFAULT_DEATH_POLICY);
    expect(next.strikes).toBe(counts ? 2 : 1);
    // Nor does a neutral one reset the count.
    expect(next.state).toBe('failing');
  });
});

describe('isNewlyDead', () => {
  const dead: DeathState = { state: 'dead', strikes: 3, firstFailedAt: at(0), lastStrikeAt: at(6) };
  const failing: DeathState = { state: 'failing', strikes: 2, firstFailedAt: at(0), lastStrikeAt: at(3) };
  it.each<[DeathState | null, DeathState, boolean]>([
    [failing, dead, true],
    [null, dead, true],
    [dead, dead, false],
    [null, failing, false],
  ])('%j → %j: %s', (prev, next, expected) => {
    expect(isNewlyDead(prev, next)).toBe(expected);
  });
});
