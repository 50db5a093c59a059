import type { CheckResult, Citation, FieldCheck, Verdict, Verification } from '../types.js';
import { checkAuthors, checkDate } from './fields.js';
import { fingerprintIndex } from './fingerprint.js';
import { readPage } from './main-text.js';
import { indexPage, type PageIndex } from './page-index.js';
import { findQuotation } from './quotations.js';
import { soft404Signals, type NonsenseProbe } from './soft404.js';
import { checkTitle, titleCandidates } from './title.js';

export { fingerprintPage } from './fingerprint.js';
export { mainText } from './main-text.js';
export { QUOTE_FUZZY_THRESHOLD } from './quotations.js';
export { nonsenseUrl, PROBE_SIMILARITY_THRESHOLD, soft404Signals, type NonsenseProbe } from './soft404.js';
export { TITLE_MATCH_THRESHOLD, TITLE_PARTIAL_THRESHOLD } from './title.js';

function unknownField(expected: string | null): FieldCheck {
  return { verdict: 'unknown', score: null, expected, found: null };
}

/**
 * Nothing a page that did not answer (blocked, broken, timed out, no body) says can
 * contradict the note, so every check is `unknown`, never `mismatch`.
 */
function unverifiable(citation: Citation, quotations: readonly string[]): Verification {
  return {
    verdict: 'unknown',
    title: unknownField(citation.title),
    author: unknownField(citation.authors.length > 0 ? citation.authors.join('; ') : null),
    date: unknownField(citation.published),
    quotations: quotations.map((quotation) => ({ quotation, finding: 'unknown', score: 0, closest: null })),
    soft404: [],
  };
}

/**
 * One verdict for the note:
 * - a soft 404 or a different title means the link no longer shows the cited work: `mismatch`;
 * - every check that could be made agrees and every quotation is found word for word: `match`
 *   (a `fuzzy` quotation differs from its source, which an editor must fix, so it is `partial`);
 * - nothing could be checked: `unknown`;
 * - otherwise `partial`: author and date disagreements alone do not condemn a page, since
 *   bylines are re-credited and articles re-dated on update.
 */
function overallVerdict(
  checks: Pick<Verification, 'title' | 'author' | 'date' | 'quotations' | 'soft404'>,
): Verdict {
  const { title, author, date, quotations, soft404 } = checks;
  if (soft404.length > 0 || title.verdict === 'mismatch') return 'mismatch';
  const known = [title, author, date].filter((field) => field.verdict !== 'unknown');
  const searched = quotations.filter((quotation) => quotation.finding !== 'unknown');
  if (known.length === 0 && searched.length === 0) return 'unknown';
  const allMatch = known.every((field) => field.verdict === 'match');
  const allFound = searched.every((quotation) => quotation.finding === 'exact');
  return allMatch && allFound ? 'match' : 'partial';
}

/** Compare one full note with the page its URL now serves. html may be null (no body). */
export function verifyCitation(
  citation: Citation,
  quotations: readonly string[],
  result: CheckResult,
  html: string | null,
  probe: NonsenseProbe | null,
): Verification {
  const answered = result.status === 'ok' || result.status === 'redirected';
  if (!answered || html === null) return unverifiable(citation, quotations);
  const page = readPage(html);
  // Indexing every word of the page is only needed for a quotation or a fingerprint.
  let index: PageIndex | null = null;
  const pageIndex = (): PageIndex => (index ??= indexPage(page.text));
  const title = checkTitle(citation.title, titleCandidates(result.page, result.title, result.finalUrl));
  const author = checkAuthors(citation.authors, result.page?.authors ?? [], page.byline);
  const date = checkDate(citation.published, result.page?.published ?? null);
  const found = quotations.map((quotation) => findQuotation(pageIndex(), quotation));
  const soft404 = soft404Signals(result.url, result, page.text, probe, () => fingerprintIndex(pageIndex()));
  const checks = { title, author, date, quotations: found, soft404 };
  return { verdict: overallVerdict(checks), ...checks };
}
