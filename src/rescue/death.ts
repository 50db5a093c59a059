import { CitecheckError } from '../errors.js';
import type { DeathState, NetworkReason, StatusWord } from '../types.js';

export interface DeathPolicy {
  /** Failing checks needed before a URL is called dead. */
  strikes: number;
  /** Calendar days (UTC) a failing check must be after the last strike to add one. */
  minDaysApart: number;
}

export const DEFAULT_DEATH_POLICY: DeathPolicy = { strikes: 3, minDaysApart: 3 };

export const ALIVE: DeathState = { state: 'alive', strikes: 0, firstFailedAt: null, lastStrikeAt: null };

type Signal = 'alive' | 'failing' | 'neutral';

/**
 * Network errors that say something about this machine or about our own limits, not about
 * the source: no resolver answered (an offline night), or the page answered but was larger
 * than we read or could not be decoded. A refused or reset connection, an unreachable host or
 * a bad certificate is what a reader meets too, so those do count.
 */
const NEUTRAL_NETWORK_REASONS: ReadonlySet<NetworkReason> = new Set(['dns_unavailable', 'body_too_large', 'decoding_failed']);

/**
 * `blocked` says the site refused us, not that the page is gone; `unsupported` was never
 * checked. Neither may move a URL towards dead, nor reset it.
 */
function signalOf(outcome: { status: StatusWord; reason?: string | null }): Signal {
  if (outcome.status === 'network_error' && NEUTRAL_NETWORK_REASONS.has(outcome.reason as NetworkReason)) return 'neutral';
  switch (outcome.status) {
    case 'ok':
    case 'redirected':
      return 'alive';
    case 'broken':
    case 'server_error':
    case 'timeout':
    case 'network_error':
    case 'soft_404':
      return 'failing';
    case 'blocked':
    case 'unsupported':
      return 'neutral';
  }
}

/**
 * Whole UTC days, so a nightly run that starts a few minutes earlier than three nights ago
 * still counts as three days later.
 */
function utcDay(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new CitecheckError('INVALID_FIELD', `"checkedAt" is not a date: ${JSON.stringify(iso)}`);
  }
  return Math.floor(ms / 86_400_000);
}

/** The state after one more check of a URL. Pure: the caller stores it. */
export function nextDeathState(
  prev: DeathState | null,
  outcome: { status: StatusWord; reason?: string | null; checkedAt: string },
  policy: DeathPolicy,
): DeathState {
  const current = prev ?? ALIVE;
  const signal = signalOf(outcome);
  if (signal === 'neutral') return current;
  if (signal === 'alive') return ALIVE;
  if (current.state === 'dead') return current;
  if (current.lastStrikeAt !== null && utcDay(outcome.checkedAt) - utcDay(current.lastStrikeAt) < policy.minDaysApart) {
    return current;
  }
  const strikes = current.strikes + 1;
  return {
    state: strikes >= policy.strikes ? 'dead' : 'failing',
    strikes,
    firstFailedAt: current.firstFailedAt ?? outcome.checkedAt,
    lastStrikeAt: outcome.checkedAt,
  };
}

/** `alive`, `failing (2/3)` or `dead`, as the report shows it. */
export function deathLabel(state: DeathState, policy: DeathPolicy): string {
  return state.state === 'failing' ? `failing (${state.strikes}/${policy.strikes})` : state.state;
}

/** The nightly run fails on URLs that died in this run, not on those already dead. */
export function isNewlyDead(prev: DeathState | null, next: DeathState): boolean {
  return next.state === 'dead' && prev?.state !== 'dead';
}
