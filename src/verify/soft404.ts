import { CitecheckError } from '../errors.js';
import type { CheckResult, Soft404Reason } from '../types.js';
import { fingerprintSimilarity } from './fingerprint.js';
import { squash } from './normalize.js';

/** What the host answers for a random nonsense path; fetched once per host by the caller. */
export interface NonsenseProbe {
  host: string;
  status: number | null;
  finalUrl: string;
  title: string | null;
  textFingerprint: string | null;
}

/**
 * Share of shingles a page must have in common with the host's answer to a nonsense path
 * to be that same "not found" page. Real articles on one site share the template, but their
 * main text differs almost entirely; a soft-404 template repeats it word for word.
 */
export const PROBE_SIMILARITY_THRESHOLD = 0.9;
const PROBE_PATH_LENGTH = 20;

/** Same origin, a random path no site publishes: `/citecheck-probe-<20 random chars>`. */
export function nonsenseUrl(url: string, random: () => number = Math.random): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new CitecheckError('INVALID_FIELD', `Cannot probe ${url}: it is not a URL.`);
  }
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let path = '';
  for (let i = 0; i < PROBE_PATH_LENGTH; i++) path += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  return `${origin}/citecheck-probe-${path}`;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Path segments, an index document (`/index.html`, `/default.aspx`) counting as none. */
function segments(url: URL): string[] {
  return url.pathname.split('/').filter((segment) => segment !== '' && !/^(index|default|home)(\.\w+)?$/i.test(segment));
}

/** A segment that names one document: a file, an id, or a headline slug. */
function slugLike(segment: string): boolean {
  return (
    /\.(s?html?|php|aspx?|jsp|pdf)$/i.test(segment) ||
    /\d{3,}/.test(segment) ||
    segment.split(/[-_]/).length >= 3 ||
    segment.length > 30
  );
}

function isDeep(url: URL): boolean {
  const parts = segments(url);
  return parts.length >= 2 || parts.some(slugLike) || url.search !== '';
}

function sameUrl(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a === b;
  const key = (url: URL): string => `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`.toLowerCase();
  return key(x) === key(y);
}

/** Where a deep link now lands, when that is the site root or a section front. */
function landing(cited: URL, final: URL): Soft404Reason | null {
  if (!isDeep(cited) || final.search !== '') return null;
  const parts = segments(final);
  if (parts.length === 0) return 'home_page';
  if (parts.length === 1 && !parts.some(slugLike) && segments(cited).join('/') !== parts[0]) return 'section_index';
  return null;
}

/**
 * Titles that announce an error page. A bare "not found" must open the title: "Weapons
 * not found in Iraq, inspectors say" is a headline, "Not Found | Reuters" is not.
 */
const NOT_FOUND_TITLES = [
  /^(sorry |oops )?(error )?404$/,
  /\b404\b.*\b(not found|error|page)\b/,
  /\b(error|page|file) 404\b/,
  /^(sorry|oops)?\W*(page )?not found\b/,
  /\bpage (was |could |can )?not (be )?found\b/,
  /\bpage\b.*\b(could not|cannot|can t|couldn t) be found\b/,
  /\b(page|content|article|story|document) (is )?(unavailable|not available|does not exist|doesn t exist|(cannot|can ?not|can t|could not|couldn t) be found)\b/,
  /\bno longer available\b/,
  /\b(can t|cannot|can not|could not|couldn t) find (that|the|this) page\b/,
];

export function saysNotFound(title: string): boolean {
  const folded = squash(title);
  return NOT_FOUND_TITLES.some((pattern) => pattern.test(folded));
}

/** Longest main text still read as an error message rather than an article. */
const ERROR_PAGE_CHARS = 600;
const NOT_FOUND_TEXT = /\bthe page you (are|were|re) looking for\b/;

/** A page whose whole main text is an error message, under a generic title ("Reuters"). */
function shortPageSaysNotFound(text: string | null): boolean {
  if (text === null || text.length > ERROR_PAGE_CHARS) return false;
  const opening = text.split('\n')[0] ?? '';
  return saysNotFound(opening) || NOT_FOUND_TEXT.test(squash(text));
}

/** A page's fingerprint, or a way to compute it: it costs a pass over the text, and only pages titled like the probe need it. */
export type PageFingerprint = string | null | (() => string | null);

function matchesProbe(cited: string, result: CheckResult, probe: NonsenseProbe, pageFingerprint: PageFingerprint): boolean {
  if (probe.status !== 200) return false;
  const hosts = [parse(cited)?.host, parse(result.finalUrl)?.host];
  if (!hosts.includes(probe.host)) return false;
  if (sameUrl(probe.finalUrl, result.finalUrl) && !sameUrl(cited, result.finalUrl)) return true;
  const title = result.page?.title ?? result.title;
  if (title === null || probe.title === null || squash(title) !== squash(probe.title)) return false;
  const fingerprint = typeof pageFingerprint === 'function' ? pageFingerprint() : pageFingerprint;
  return (
    fingerprint !== null &&
    probe.textFingerprint !== null &&
    fingerprintSimilarity(fingerprint, probe.textFingerprint) >= PROBE_SIMILARITY_THRESHOLD
  );
}

/**
 * Why a 200 page is really "not found" or a home page. The depth of a shortened link is
 * judged on where the shortener pointed, not on the shortener's own path.
 */
export function soft404Signals(
  citedUrl: string,
  result: CheckResult,
  pageText: string | null,
  probe: NonsenseProbe | null,
  pageFingerprint: PageFingerprint,
): Soft404Reason[] {
  if (result.httpStatus !== 200) return [];
  const cited = result.expandedUrl ?? citedUrl;
  const reasons: Soft404Reason[] = [];
  const citedUrlParsed = parse(cited);
  const finalUrl = parse(result.finalUrl);
  const landed = citedUrlParsed && finalUrl ? landing(citedUrlParsed, finalUrl) : null;
  if (landed) reasons.push(landed);
  // Usually one title several times over (<title>, its copy in the result, the <h1>): read it once.
  const titles = new Set([
    result.page?.title,
    result.title,
    ...(result.page?.titleCandidates.filter((c) => c.source === 'h1' || c.source === 'title').map((c) => c.value) ?? []),
  ]);
  if ([...titles].some((title) => title && saysNotFound(title)) || shortPageSaysNotFound(pageText)) {
    reasons.push('not_found_title');
  }
  if (probe && matchesProbe(cited, result, probe, pageFingerprint)) reasons.push('matches_nonsense_probe');
  return reasons;
}
