import type { FieldCheck, PageMeta } from '../types.js';
import { contentWords, roundScore, squash } from './normalize.js';

/**
 * At or above this score the page's title is the cited one, reworded at most. The cited
 * "AP Interview: PM Says Iraq doesn't Need US Combat Troops" against the page's "AP
 * Interview: Iraq PM says no need for US combat troops" scores 0.88: `match`. One word in
 * six replaced ("expel US troops" → "expel foreign troops", 0.83) is only `partial`: a
 * token set cannot tell a reworded headline from a different event told in the same words
 * ("parliament votes to expel" / "parliament vote delayed", 0.80), so near-misses go to a
 * person. Pairs on both sides are in title.test.ts.
 */
export const TITLE_MATCH_THRESHOLD = 0.85;

/**
 * Below this score the page is about something else (a home page, a different article).
 * About half the content words in common is where a headline stops being recognisably the
 * same story: "Iraqi parliament delays budget vote" against "Iraqi parliament votes to
 * expel US troops" scores 0.57 (`partial`), "Iraqi parliament delays budget" 0.45
 * (`mismatch`); see title.test.ts.
 */
export const TITLE_PARTIAL_THRESHOLD = 0.5;

/** Separators newsrooms put between a headline and their site name. */
const SEPARATOR = / (?:\||-|–|—|::) /;
/** A trailing segment this short is a site name rather than part of the headline. */
const MAX_SITE_NAME_WORDS = 3;

/**
 * How alike two titles are: the mean of the Dice coefficient over content words and their
 * overlap coefficient (shared / smaller set). Dice alone punishes a page title that adds a
 * subtitle; overlap alone would let a one-word title "contain" any headline, so the overlap
 * part only counts when both titles have at least three content words.
 */
export function titleScore(cited: string, page: string): number {
  return wordSetScore(new Set(contentWords(cited)), page);
}

/** titleScore with the cited title's words read once, for comparing it with several titles. */
function wordSetScore(a: ReadonlySet<string>, page: string): number {
  const b = new Set(contentWords(page));
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const dice = (2 * shared) / (a.size + b.size);
  const smaller = Math.min(a.size, b.size);
  const overlap = smaller >= 3 ? shared / smaller : dice;
  return (dice + overlap) / 2;
}

/** Names the site goes by: its declared name and its registrable host label. */
function siteNames(siteName: string | null, pageUrl: string): string[] {
  const names: string[] = [];
  if (siteName) names.push(squash(siteName).replace(/^the /, '').replace(/ /g, ''));
  try {
    const labels = new URL(pageUrl).hostname.replace(/^www\./, '').split('.');
    const label = labels.length >= 2 ? labels[labels.length - 2] : labels[0];
    if (label) names.push(label);
  } catch {
    // An unparsable URL simply offers no host name.
  }
  return names;
}

function looksLikeSiteName(segment: string, names: readonly string[]): boolean {
  const compact = squash(segment).replace(/^the /, '').replace(/ /g, '');
  if (names.some((name) => name !== '' && (compact === name || compact.includes(name)))) return true;
  return segment.trim().split(/\s+/).length <= MAX_SITE_NAME_WORDS;
}

/**
 * The title without a site-name segment at its end (" | Reuters", " - The Washington Post")
 * or at its start ("Reuters | …", only when it names the site: a short lead segment is
 * often a headline's own kicker, "AP Interview: …").
 */
export function stripSiteName(title: string, siteName: string | null, pageUrl: string): string {
  return stripNames(title, siteNames(siteName, pageUrl));
}

function stripNames(title: string, names: readonly string[]): string {
  let segments = title.split(SEPARATOR);
  while (segments.length > 1 && looksLikeSiteName(segments[segments.length - 1] ?? '', names)) {
    segments = segments.slice(0, -1);
  }
  const first = segments[0] ?? '';
  if (segments.length > 1 && names.includes(squash(first).replace(/^the /, '').replace(/ /g, ''))) {
    segments = segments.slice(1);
  }
  return segments.join(' - ').trim();
}

/** Every title the page offers, raw and without its site name. */
export function titleCandidates(page: PageMeta | null, fallbackTitle: string | null, pageUrl: string): string[] {
  // The same title usually comes several times (<title>, og:title, the <h1>): strip it once.
  const raw = new Set(
    [...(page?.titleCandidates.map((candidate) => candidate.value) ?? []), page?.title ?? null, fallbackTitle].filter(
      (value): value is string => value !== null && value.trim() !== '',
    ),
  );
  const names = siteNames(page?.siteName ?? null, pageUrl);
  const all = [...raw].flatMap((value) => [value.trim(), stripNames(value, names)]);
  return [...new Set(all)].filter((value) => value !== '');
}

export function checkTitle(cited: string | null, candidates: readonly string[]): FieldCheck {
  if (cited === null || candidates.length === 0) {
    return { verdict: 'unknown', score: null, expected: cited, found: candidates[0] ?? null };
  }
  const citedWords = new Set(contentWords(cited));
  let best = { score: -1, value: '' };
  for (const value of candidates) {
    const score = wordSetScore(citedWords, value);
    if (score > best.score) best = { score, value };
  }
  const verdict =
    best.score >= TITLE_MATCH_THRESHOLD ? 'match' : best.score >= TITLE_PARTIAL_THRESHOLD ? 'partial' : 'mismatch';
  return { verdict, score: roundScore(best.score), expected: cited, found: best.value };
}
