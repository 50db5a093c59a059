import { findDates } from './dates.js';
import type { Lines } from './lines.js';
import { isPlaceholder } from './lint.js';

/** The title is among the first few lines; past them the body has begun. */
const TITLE_WINDOW = 8;
const LONGEST_TITLE = 150;

/**
 * The document's title: the first of its opening lines that reads like one. Placeholders,
 * dated lines (`Situation Assessment 04 August, 2021`), sentences and lines with markers
 * are passed over. Null when none qualifies.
 */
export function documentTitle(lines: Lines, bodyEnd: number): string | null {
  let looked = 0;
  for (let i = 0; i < bodyEnd && looked < TITLE_WINDOW; i += 1) {
    const line = (lines.at(i) ?? '').trim();
    if (line === '') continue;
    looked += 1;
    if (looksLikeTitle(line)) return line;
  }
  return null;
}

function looksLikeTitle(line: string): boolean {
  return (
    line.length <= LONGEST_TITLE &&
    /\p{L}/u.test(line) &&
    !isPlaceholder(line) &&
    !/[.;,]$/.test(line) &&
    !/\[\d+\]/.test(line) &&
    findDates(line, 'DMY').length === 0
  );
}
