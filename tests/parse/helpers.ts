import { isCitecheckError } from '../../src/errors.js';
import { parseDocument, type Lines } from '../../src/parse/index.js';
import type { CitationsFile } from '../../src/types.js';

/** parseDocument, with the one exception it may throw (no notes) turned into null. */
export function parseOrNoNotes(text: string | Lines): CitationsFile | null {
  try {
    return parseDocument(text, 'p.txt');
  } catch (error) {
    if (isCitecheckError(error) && error.code === 'NO_NOTES') return null;
    throw error;
  }
}

/** A full note by Author<n> Name, with a title, a date and a URL of its own. */
export const FULL = (n: number): string => `Author${n} Name, “Title ${n},” Site, 26/7/2021, at: https://example.org/${n}`;

/** Numbered note lines, `[1] …` onwards. */
export const notesBlock = (notes: readonly string[]): string => notes.map((note, i) => `[${i + 1}] ${note}`).join('\n');
