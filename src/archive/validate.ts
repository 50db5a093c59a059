import { CitecheckError } from '../errors.js';
import { STATUS_WORDS, type ArchivedCheck } from '../types.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An archive field that is wrong, named where it is (`path: field should; fix or delete`). */
export function invalid(where: string, field: string, should: string): CitecheckError {
  return new CitecheckError('INVALID_FIELD', `${where}: ${field} ${should}; fix or delete the archive file`);
}

const NULLABLE_STRINGS = ['reason', 'expandedUrl', 'title', 'error'] as const;

export function checkEntry(where: string, field: string, entry: unknown): ArchivedCheck {
  if (!isObject(entry)) throw invalid(where, field, 'must be an object');
  const at = (name: string) => `${field}.${name}`;
  if (typeof entry.checkedAt !== 'string' || Number.isNaN(Date.parse(entry.checkedAt))) {
    throw invalid(where, at('checkedAt'), 'must be an ISO date-time');
  }
  if (!STATUS_WORDS.includes(entry.status as never)) {
    throw invalid(where, at('status'), `must be one of ${STATUS_WORDS.join(', ')}`);
  }
  if (typeof entry.finalUrl !== 'string') throw invalid(where, at('finalUrl'), 'must be a string');
  for (const name of NULLABLE_STRINGS) {
    if (entry[name] !== null && typeof entry[name] !== 'string') throw invalid(where, at(name), 'must be a string or null');
  }
  if (entry.httpStatus !== null && !Number.isInteger(entry.httpStatus)) {
    throw invalid(where, at('httpStatus'), 'must be an integer or null');
  }
  const hops = entry.hops;
  if (!Array.isArray(hops)) throw invalid(where, at('hops'), 'must be an array');
  hops.forEach((hop: unknown, i) => {
    if (!isObject(hop) || typeof hop.url !== 'string' || (hop.status !== null && !Number.isInteger(hop.status))) {
      throw invalid(where, at(`hops[${i}]`), 'must be { url: string, status: integer or null }');
    }
  });
  return entry as unknown as ArchivedCheck;
}

const DEATH_STATES = ['alive', 'failing', 'dead'];

export function checkDeath(where: string, field: string, death: unknown): void {
  const ok =
    isObject(death) &&
    DEATH_STATES.includes(death.state as string) &&
    Number.isInteger(death.strikes) &&
    (death.lastStrikeAt === null || (typeof death.lastStrikeAt === 'string' && !Number.isNaN(Date.parse(death.lastStrikeAt))));
  if (!ok) throw invalid(where, field, `must be { state: ${DEATH_STATES.join(' | ')}, strikes: integer, lastStrikeAt: date or null }`);
}
