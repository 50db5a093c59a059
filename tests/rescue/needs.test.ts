import { describe, expect, it } from 'vitest';
import { needsArchivedCopy, type SourceState } from '../../src/rescue/needs.js';
import type { DeathState, QuotationFinding, StatusWord, Verdict, Verification } from '../../src/types.js';

function verification(title: Verdict, quotes: QuotationFinding[] = []): Verification {
  const field = { verdict: title, score: null, expected: null, found: null };
  return {
    verdict: title,
    title: field,
    author: { ...field, verdict: 'unknown' },
    date: { ...field, verdict: 'unknown' },
    quotations: quotes.map((finding) => ({ quotation: 'q', finding, score: 0, closest: null })),
    soft404: [],
  };
}

const DEAD: DeathState = { state: 'dead', strikes: 3, firstFailedAt: null, lastStrikeAt: null };
const FAILING: DeathState = { state: 'failing', strikes: 2, firstFailedAt: null, lastStrikeAt: null };

describe('needsArchivedCopy', () => {
  it.each<[string, StatusWord, Verification | null, DeathState | null, boolean]>([
    ['broken', 'broken', null, null, true],
    ['a soft 404', 'soft_404', null, null, true],
    ['a timeout on one night', 'timeout', null, FAILING, false],
    ['a timeout that is dead over time', 'timeout', null, DEAD, true],
    ['blocked', 'blocked', null, null, false],
    ['redirected to the same article', 'redirected', verification('match'), null, false],
    ['redirected to something else', 'redirected', verification('mismatch'), null, true],
    ['a live page whose quotation is gone', 'ok', verification('match', ['exact', 'not_found']), null, true],
    ['a live page with every quotation', 'ok', verification('match', ['exact', 'fuzzy']), null, false],
    ['the same URL now serving another article', 'ok', verification('mismatch'), null, true],
    ['a title that only partly matches', 'ok', verification('partial'), null, false],
  ])('%s: %s', (_name, status, found, death, expected) => {
    const source: SourceState = { status, verification: found, death };
    expect(needsArchivedCopy(source)).toBe(expected);
  });
});
