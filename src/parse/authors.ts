import { trimEndPunctuation } from './text.js';

const INSTITUTION_WORDS = new Set(
  [
    'agency', 'association', 'authority', 'bank', 'bureau', 'center', 'centre', 'commission', 'committee',
    'council', 'department', 'foundation', 'fund', 'government', 'group', 'house', 'institute', 'institution',
    'ministry', 'mission', 'nations', 'network', 'office', 'organization', 'organisation', 'project',
    'service', 'society', 'unit', 'university', 'watch',
  ],
);
/** Lower-case name particles that still belong to a person's name. */
const PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'abu', 'van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'la', 'le', 'del', 'dos', 'bint']);
const SUFFIX = /^(jr|sr|ii|iii|iv)\.?$/i;
/** `,` and the Arabic comma `،` list names; `&` and `and` join the last two. */
const SEPARATOR = /\s*[,،]\s*(?:and\s+|&\s*)?|\s*&\s*|\s+and\s+/;

/**
 * Split an author field into names: `A & B`, `A and B`, `A, B and C`. An institution
 * (`Center for Strategic and International Studies`) stays one author even with an `and`.
 */
export function splitAuthors(field: string): string[] {
  const trimmed = field.trim();
  // The end alone is looked at first: the full pattern is tried from every position of the field.
  const whole = trimEndPunctuation(/et al\.?$/i.test(trimmed.slice(-6)) ? trimmed.replace(/,?\s*et al\.?$/i, '') : trimmed);
  if (whole === '') return [];
  // One name, most often: then split() would only make a list of one, through a regex copy.
  const names = SEPARATOR.test(whole) ? whole.split(SEPARATOR).map((part) => part.trim()) : [whole.trim()];
  // split() and map() make arrays of the exact size, kept in the citation; push() would leave room for 17.
  const parts = names.some((name) => name === '' || SUFFIX.test(name)) ? withSuffixesJoined(names) : names;
  if (parts.length > 1 && parts.some(isInstitutionLike)) return [whole];
  return parts;
}

/** `Martin Luther King, Jr.` was split at its comma: the suffix goes back onto the name before it. */
function withSuffixesJoined(names: readonly string[]): string[] {
  const parts: string[] = [];
  for (const name of names) {
    if (name === '') continue;
    if (SUFFIX.test(name) && parts.length > 0) parts[parts.length - 1] += `, ${name}`;
    else parts.push(name);
  }
  return parts;
}

function isInstitutionLike(name: string): boolean {
  const words = name.split(/\s+/);
  if (words.length > 5) return true;
  return words.some(isInstitutionWord);
}

/** A word of an institution's name, or a lower-case word that is no name particle. */
function isInstitutionWord(word: string): boolean {
  // Names are mostly plain ASCII letters: then nothing is to be taken out and the first
  // letter's case is read directly, with no Unicode pattern run on each word.
  const ascii = isAsciiWord(word);
  const bare = ascii ? word : word.replace(/[^\p{L}-]/gu, '');
  const hyphen = bare.indexOf('-');
  const head = hyphen === -1 ? bare : bare.slice(0, hyphen);
  if (INSTITUTION_WORDS.has(bare.toLowerCase())) return true;
  const lower = ascii ? isAsciiLower(bare.charCodeAt(0)) : /^\p{Ll}/u.test(bare);
  return lower && !PARTICLES.has(head.toLowerCase());
}

/** Only ASCII letters and hyphens. */
function isAsciiWord(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (!(isAsciiLower(code) || (code >= 0x41 && code <= 0x5a) || code === 0x2d)) return false;
  }
  return true;
}

function isAsciiLower(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

/** The surname a short form would use: the last word of a person's name. */
export function surnameOf(name: string): string {
  const words = name.replace(/,\s*(jr|sr|ii|iii|iv)\.?$/i, '').trim().split(/\s+/);
  return words[words.length - 1] ?? name;
}
