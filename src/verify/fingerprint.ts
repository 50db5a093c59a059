import { readPage } from './main-text.js';
import { indexPage, type PageIndex } from './page-index.js';

/** MinHash slots: 64 gives similarity in steps of 1/64, plenty to tell "same template" apart. */
const SLOTS = 64;
/** Words per shingle: three keep word order without making tiny edits look like new pages. */
const SHINGLE_WORDS = 3;
/** Only the start of a long page is fingerprinted: a soft-404 page is short anyway. */
const MAX_WORDS = 20_000;

/** FNV-1a, 32 bit: fast, stable across runs, good enough to spread shingles. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A cheap bijective remix (murmur3's finaliser) to derive one hash per slot from a seed. */
function remix(hash: number, seed: number): number {
  let h = (hash ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A MinHash of the page's word shingles as hex, or null when the page has no words. */
export function fingerprintIndex(page: PageIndex): string | null {
  const words = page.tokens.slice(0, MAX_WORDS).map((token) => token.word);
  if (words.length === 0) return null;
  const minima = new Array<number>(SLOTS).fill(0xffffffff);
  const count = Math.max(1, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < count; i++) {
    const base = fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' '));
    for (let slot = 0; slot < SLOTS; slot++) {
      const value = remix(base, slot + 1);
      if (value < (minima[slot] ?? 0)) minima[slot] = value;
    }
  }
  return minima.map((value) => value.toString(16).padStart(8, '0')).join('');
}

export function fingerprintText(text: string): string | null {
  return fingerprintIndex(indexPage(text));
}

/** Estimated Jaccard similarity of two fingerprints' shingle sets (0..1). */
export function fingerprintSimilarity(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 8) if (a.slice(i, i + 8) === b.slice(i, i + 8)) same += 1;
  return same / (a.length / 8);
}

export function fingerprintPage(html: string | null): { title: string | null; textFingerprint: string | null } {
  if (html === null) return { title: null, textFingerprint: null };
  const page = readPage(html);
  return { title: page.title, textFingerprint: fingerprintText(page.text) };
}
