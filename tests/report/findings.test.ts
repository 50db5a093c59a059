import { describe, expect, it } from 'vitest';
import { findingsText, missingQuotations } from '../../src/report/findings.js';
import type { ReportNote } from '../../src/report/index.js';
import type { FieldCheck, QuotationCheck, Verification } from '../../src/types.js';

const field = (verdict: FieldCheck['verdict'], found: string | null = null): FieldCheck => ({ verdict, score: null, expected: null, found });
const quote = (finding: QuotationCheck['finding'], quotation = 'q', closest: string | null = null): QuotationCheck => ({ quotation, finding, score: 0, closest });

function verification(over: Partial<Verification>): Verification {
  return { verdict: 'match', title: field('match'), author: field('unknown'), date: field('unknown'), quotations: [], soft404: [], ...over };
}

describe('findingsText', () => {
  it.each([
    ['no page compared', null, '—'],
    ['nothing known', verification({ verdict: 'unknown', title: field('unknown') }), '—'],
    ['title and both quotes', verification({ quotations: [quote('exact'), quote('exact')] }), 'title ✓, 2/2 quotes found'],
    ['a quote only close', verification({ quotations: [quote('exact'), quote('fuzzy')] }), 'title ✓, 1/2 quotes found, 1 close'],
    ['quotes not searchable', verification({ quotations: [quote('unknown')] }), 'title ✓'],
    ['title changed', verification({ title: field('mismatch', 'Reuters | Breaking International News') }), 'title changed: now “Reuters | Breaking International News”'],
    ['title reworded, author and date off', verification({ title: field('partial'), author: field('mismatch'), date: field('mismatch', '2021-07-30T10:00:00Z') }), 'title reworded, author not on page, date differs (2021-07-30)'],
    ['soft 404', verification({ title: field('mismatch', 'Page not found'), soft404: ['not_found_title'] }), 'page looks like "not found", title changed: now “Page not found”'],
  ])('%s', (_name, v, expected) => {
    expect(findingsText(v)).toBe(expected);
  });
});

describe('missingQuotations', () => {
  const note = (number: number, via: number | null, v: Verification | null) => ({ number, via, verification: v }) as ReportNote;

  it('lists fuzzy and missing quotations once, from full notes only, with the closest passage', () => {
    const v = verification({ quotations: [quote('exact', 'a'), quote('fuzzy', 'b', 'bee'), quote('not_found', 'c'), quote('unknown', 'd')] });
    expect([note(1, null, v), note(2, 1, v), note(3, null, null)].flatMap(missingQuotations)).toEqual([
      { note: 1, quotation: 'b', finding: 'fuzzy', closest: 'bee' },
      { note: 1, quotation: 'c', finding: 'not_found', closest: null },
    ]);
  });
});
