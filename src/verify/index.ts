import type { CheckResult, Citation, FieldCheck, Soft404Reason, Verdict, Verification } from '../types.js';
import { checkAuthors, checkDate } from './fields.js';
import { fingerprintIndex } from './fingerprint.js';
import { readPage, type PageText } from './main-text.js';
import { findQuotation, quotedPage, type QuotedPage } from './quotations.js';
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
function unverifiable(citation: ComparedCitation, quotations: readonly string[]): Verification {
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

/** What a page is compared with of a note: what it says of the work. */
export type ComparedCitation = Pick<Citation, 'title' | 'authors' | 'published'>;

/** A note citing a URL: what it says of the work, and the quotations it attributes to it. */
export interface CitingNote {
  citation: ComparedCitation;
  quotations: readonly string[];
}

/** What every note citing one answered URL is compared with. */
interface ServedPage {
  result: CheckResult;
  page: PageText;
  /** The main text, its words indexed on first use: only a quotation not found word for word, or the soft-404 fingerprint, needs them. */
  quoted: QuotedPage;
  titles: string[];
  /** A fact about the URL, the same for every note citing it. */
  soft404: Soft404Reason[];
}

/** The page as the notes are compared with it, or null when it did not answer (nothing to compare). */
function servedPage(result: CheckResult, html: string | null, probe: NonsenseProbe | null): ServedPage | null {
  const answered = result.status === 'ok' || result.status === 'redirected';
  if (!answered || html === null) return null;
  const page = readPage(html);
  const quoted = quotedPage(page.text);
  const titles = titleCandidates(result.page, result.title, result.finalUrl);
  const soft404 = soft404Signals(result.url, result, page.text, probe, () => fingerprintIndex(quoted.index()));
  return { result, page, quoted, titles, soft404 };
}

function compareNote(served: ServedPage | null, { citation, quotations }: CitingNote): Verification {
  if (served === null) return unverifiable(citation, quotations);
  const { result, page, quoted, titles, soft404 } = served;
  const checks = {
    title: checkTitle(citation.title, titles),
    author: checkAuthors(citation.authors, result.page?.authors ?? [], page.byline),
    date: checkDate(citation.published, result.page?.published ?? null),
    quotations: quotations.map((quotation) => findQuotation(quoted, quotation)),
    soft404: [...soft404],
  };
  return { verdict: overallVerdict(checks), ...checks };
}

/**
 * Read the page a URL now serves once, and return how to compare any note citing it with
 * that page. html may be null (no body).
 */
export function pageComparer(result: CheckResult, html: string | null, probe: NonsenseProbe | null): (note: CitingNote) => Verification {
  const served = servedPage(result, html, probe);
  return (note) => compareNote(served, note);
}

/** Compare one full note with the page its URL now serves. html may be null (no body). */
export function verifyCitation(
  citation: ComparedCitation,
  quotations: readonly string[],
  result: CheckResult,
  html: string | null,
  probe: NonsenseProbe | null,
): Verification {
  return pageComparer(result, html, probe)({ citation, quotations });
}
