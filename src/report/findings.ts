import type { Verification } from '../types.js';
import type { ReportNote } from './build.js';
import { truncate } from './text.js';

/**
 * What comparing the page with the note found, in a few words for the table:
 * `title ✓, 2/2 quotes found`, `title changed: now “…”`. A dash when nothing could be
 * compared (no page, a blocked site).
 */
export function findingsText(v: Verification | null): string {
  if (v === null) return '—';
  const parts: string[] = [];
  if (v.soft404.length > 0) parts.push('page looks like "not found"');
  if (v.title.verdict === 'match') parts.push('title ✓');
  else if (v.title.verdict === 'partial') parts.push('title reworded');
  else if (v.title.verdict === 'mismatch') parts.push(v.title.found ? `title changed: now “${truncate(v.title.found, 50)}”` : 'title changed');
  if (v.author.verdict === 'mismatch') parts.push('author not on page');
  if (v.date.verdict === 'mismatch') parts.push(`date differs${v.date.found ? ` (${v.date.found.slice(0, 10)})` : ''}`);
  const known = v.quotations.filter((q) => q.finding !== 'unknown');
  if (known.length > 0) {
    const exact = known.filter((q) => q.finding === 'exact').length;
    const close = known.filter((q) => q.finding === 'fuzzy').length;
    parts.push(`${exact}/${known.length} quotes found${close > 0 ? `, ${close} close` : ''}`);
  }
  return parts.length === 0 ? '—' : parts.join(', ');
}

/** Quotations that the page no longer says word for word, with the closest passage found. */
export interface MissingQuotation {
  note: number;
  quotation: string;
  finding: 'fuzzy' | 'not_found';
  closest: string | null;
}

/**
 * A row's quotations the page no longer says. Listed once per full note: an Ibid./short
 * note's quotations are already searched with the note it refers to.
 */
export function missingQuotations(note: ReportNote): MissingQuotation[] {
  if (note.via !== null || note.verification === null) return [];
  return note.verification.quotations.flatMap((q) =>
    q.finding === 'fuzzy' || q.finding === 'not_found' ? [{ note: note.number, quotation: q.quotation, finding: q.finding, closest: q.closest }] : [],
  );
}
