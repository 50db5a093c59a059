/**
 * Text folding shared by the title, author and quotation checks: the page and the note
 * are written by different hands, so case, quote style, dashes and accents must not count.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const CURLY_SINGLE = /[\u2018\u2019\u201A\u201B\u2032\u02BC`´]/g;
const CURLY_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033«»]/g;
/** Hyphens that join word parts (U+2010, U+2011 are typographic hyphens). */
const HYPHENS = /[\u2010\u2011]/g;
/** Dashes that separate phrases. */
const DASHES = /[\u2012\u2013\u2014\u2015\u2212]/g;
const SOFT_HYPHEN = /\u00AD/g;

/** NFKD without combining marks, lower case, straight quotes, one hyphen, one dash. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(SOFT_HYPHEN, '')
    .replace(CURLY_SINGLE, "'")
    .replace(CURLY_DOUBLE, '"')
    .replace(HYPHENS, '-')
    .replace(DASHES, ' – ')
    .toLowerCase();
}

/** Folded text reduced to single-spaced words: for comparing short strings such as titles. */
export function squash(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/n't\b/g, ' not'],
  [/'s\b/g, ''],
  [/'(re|ll|ve|d|m)\b/g, ''],
];

/**
 * Words too common to say whether two headlines are about the same thing. Negations
 * ("not", "no") are kept: they change a headline's meaning.
 */
const STOPWORDS = new Set(
  'a an the of to in on for and or at by with from is are was were be been as its it that this into over after about'.split(
    ' ',
  ),
);

/** Light stemming: plural and third-person `s` only (says→say, troops→troop, policies→policy). */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The content words of a headline, folded and stemmed, for a token-set comparison. */
export function contentWords(text: string): string[] {
  let folded = fold(text);
  for (const [pattern, replacement] of CONTRACTIONS) folded = folded.replace(pattern, replacement);
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && !STOPWORDS.has(word))
    .map(stem);
}

/** Scores go into JSON reports: three decimals are plenty and keep them readable. */
export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}
