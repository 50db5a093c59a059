import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';
import { normaliseText } from '../../src/parse/text.js';
import { FULL, parseOrNoNotes } from './helpers.js';

/** Pieces that steer random text into the parser's interesting paths. */
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '[1]', '[2]', '[12]', '[999999999]', '\n', '\n\n', '\r\n', '\r', '\ufeff', '“', '”', '"', '«', '»', '„',
    'Ibid.', 'Ibid., p. 4', 'op. cit.', 'Notes', 'References', '\nEndnotes\n', 'https://', 'https://bit.ly/x',
    '/', '.', ',', ' & ', ' and ', '26/7/2021', '7/26/2021', 'accessed on ', 'July 26, 2021', '(New York: P, 2020)',
    'p. 4', 'العنوان هنا', 'المرجع نفسه', '\u00a0', 'Gearan', '“Joint Statement.”',
  ),
);
const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

/** A line of note text: anything without a line break. */
const noteText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')),
).map((value) => value.replace(/[\r\n]/g, ' '));

const NOTE_START = /^[ \t\u00a0]*\[\d{1,9}\]/;

describe('parseDocument on arbitrary text', () => {
  it('never throws anything but NO_NOTES', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary' })), (input) => {
        parseOrNoNotes(input);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns records whose references point back to earlier full notes', () => {
    fc.assert(
      fc.property(text, (input) => {
        const file = parseOrNoNotes(input);
        if (file === null) return;
        file.citations.forEach((citation, i) => {
          if (citation.kind === 'full') expect(citation.refersTo).toBeNull();
          if (citation.refersTo === null) return;
          const earlier = file.citations.slice(0, i);
          expect(earlier.some((c) => c.number === citation.refersTo && c.kind === 'full')).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('never loses a note number it saw, in order, duplicates included', () => {
    const body = fc.oneof(text, fc.string({ unit: 'grapheme' })).map((value) =>
      normaliseText(value)
        .split('\n')
        .filter((line) => !NOTE_START.test(line))
        .join('\n'),
    );
    const note = fc.record({ number: fc.integer({ min: 0, max: 999_999_999 }), text: noteText });
    const heading = fc.constantFrom('', 'Notes\n', 'References\n\n', 'Endnotes\n');
    fc.assert(
      fc.property(body, heading, fc.array(note, { minLength: 1, maxLength: 30 }), (bodyText, headingText, notes) => {
        const block = notes.map((n) => `[${n.number}] ${n.text}`).join('\n');
        const file = parseOrNoNotes(`${bodyText}\n\n${headingText}${block}\n`);
        expect(file?.citations.map((c) => c.number)).toEqual(notes.map((n) => n.number));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('large documents', () => {
  it('reports hundreds of thousands of warnings without overflowing the stack', () => {
    const file = parseDocument(`Body ${'[9]'.repeat(200_000)}\n\n[1] Ibid.\n`, 'p.txt');
    expect(file.warnings.filter((w) => w.code === 'marker_without_note')).toHaveLength(200_000);
  });
});

describe('reference chains', () => {

  it('follows a deep Ibid. chain to the full note', () => {
    const notes = [FULL(1), ...Array.from({ length: 5000 }, () => 'Ibid.')];
    const block = notes.map((note, i) => `[${i + 1}] ${note}`).join('\n');
    const file = parseDocument(`Body.[1]\n\n${block}\n`, 'p.txt');
    expect(file.citations).toHaveLength(5001);
    expect(new Set(file.citations.slice(1).map((c) => c.refersTo))).toEqual(new Set([1]));
  });

  it('resolves any mix of full notes, Ibid. and short forms that name each other', () => {
    const form = fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((n) => ({ kind: 'full' as const, n })),
      fc.constant({ kind: 'ibid' as const, n: 0 }),
      fc.integer({ min: 1, max: 5 }).map((n) => ({ kind: 'short' as const, n })),
    );
    fc.assert(
      fc.property(fc.array(form, { minLength: 1, maxLength: 40 }), (forms) => {
        const notes = forms.map((f) => (f.kind === 'full' ? FULL(f.n) : f.kind === 'ibid' ? 'Ibid.' : `Author${f.n}.`));
        const block = notes.map((note, i) => `[${i + 1}] ${note}`).join('\n');
        const file = parseDocument(`Body.[1]\n\n${block}\n`, 'p.txt');
        file.citations.forEach((citation, i) => {
          const f = forms[i];
          if (f?.kind !== 'short' || citation.refersTo === null) return;
          const target = forms[citation.refersTo - 1];
          expect(target).toEqual({ kind: 'full', n: f.n });
          expect(citation.refersTo).toBeLessThan(citation.number);
        });
      }),
      { numRuns: 300 },
    );
  });
});
