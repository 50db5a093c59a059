import { describe, expect, it } from 'vitest';
import { isCitecheckError } from '../../src/errors.js';
import { parseDocument, parseNotes } from '../../src/parse/index.js';
import type { CitationsFile } from '../../src/types.js';

const GEARAN = 'Anne Gearan, “Biden, Pulling Combat Forces from Iraq, Seeks to End the Post-9/11 Era,” The Washington Post, 26/7/2021, at: https://wapo.st/3jpjNaG.';
const STATEMENT = '“Joint Statement on the U.S.-Iraq Strategic Dialogue,” U.S. Department of State, 26/7/2021, at: https://bit.ly/37gadS6.';
const AP = 'Qassim Abdul-Zahra & Samya Kullab, “AP Interview: PM Says Iraq Doesn’t Need US Combat Troops,” Associated Press, 26/7/2021, at: https://bit.ly/3CgSet5';

/** A document whose body cites each note once, in order, followed by the notes. */
function documentWith(notes: readonly string[], heading = ''): string {
  const body = notes.map((_, i) => `Claim number ${i + 1}.[${i + 1}]`).join(' ');
  const block = notes.map((note, i) => `[${i + 1}] ${note}`).join('\n');
  return `A Title\n\n${body}\n\n${heading}${heading ? '\n\n' : ''}${block}\n`;
}

function parse(text: string): CitationsFile {
  return parseDocument(text, 'documents/test.txt');
}

function resolutions(file: CitationsFile): [string, number | null][] {
  return file.citations.map((c) => [c.kind, c.refersTo]);
}

describe('references between notes', () => {
  it.each([
    ['a note of one line', 'Body.[1]\n\n[1] “A Title,” Reuters, 7/26/2021, at: https://reut.rs/x', 'MDY'],
    ['the lines a note wraps onto', 'Body.[1][2]\n\n[1] “A Title,” Reuters, 7/26/2021,\naccessed on 14/8/2021 and 15/8/2021, at: https://reut.rs/x\n\n[2] Ibid.', 'DMY'],
    ['dates in the URL a note wraps', 'Body.[1]\n\n[1] “A Title,” Reuters, 7/26/2021, at: https://example.org/\n14/8/2021/15/8/2021', 'MDY'],
  ])('counts the dates of %s for the date order', (_name, text, expected) => {
    expect(parse(text).document.dateOrder).toBe(expected);
  });

  it.each([
    ['Ibid. after a full note', [GEARAN, 'Ibid.'], [['full', null], ['ibid', 1]]],
    ['Ibid., p. 4 and Ibid. with another page', [GEARAN, 'Ibid., p. 4.', 'Ibid., p. 9.'], [['full', null], ['ibid', 1], ['ibid', 1]]],
    ['Ibid. chain through a short form', [STATEMENT, GEARAN, '“Joint Statement.”', 'Ibid.', 'Ibid.'], [['full', null], ['full', null], ['short', 1], ['ibid', 1], ['ibid', 1]]],
    ['short form by surname', [GEARAN, STATEMENT, 'Gearan.'], [['full', null], ['full', null], ['short', 1]]],
    ['short form by two surnames', [AP, GEARAN, 'Abdul-Zahra and Kullab.'], [['full', null], ['full', null], ['short', 1]]],
    ['short form by title', [GEARAN, STATEMENT, '“Joint Statement.”'], [['full', null], ['full', null], ['short', 2]]],
    ['short form by Author, “Short Title.”', [GEARAN, 'Anne Gearan, “Another Story,” The Washington Post, 2/8/2021, at: https://wapo.st/x', 'Gearan, “Biden, Pulling Combat Forces.”'], [['full', null], ['full', null], ['short', 1]]],
    ['op. cit.', [GEARAN, STATEMENT, 'Gearan, op. cit., p. 3.'], [['full', null], ['full', null], ['short', 1]]],
    ['short form by an institution', ['Human Rights Watch, “Iraq: Events of 2020,” 13/1/2021, at: https://www.hrw.org/x', 'Human Rights Watch.'], [['full', null], ['short', 1]]],
    ['short form by a book’s title', ['Anne Gearan, Biden’s Wars (New York: Penguin, 2020), p. 45.', GEARAN, 'Biden’s Wars, p. 50.'], [['full', null], ['full', null], ['short', 1]]],
    ['short title ignores a leading article and case', ['“The Long War in Iraq,” Reuters, 1/8/2021, at: https://reut.rs/x', '“long war.”'], [['full', null], ['short', 1]]],
    ['short title longer than the indexed prefix', ['“One Two Three Four Five Six Seven Eight Nine,” Site, 1/8/2021, at: https://x.org/a', '“One Two Three Four Five Six Seven Other,” Site, 1/8/2021, at: https://x.org/b', '“One Two Three Four Five Six Seven Eight.”'], [['full', null], ['full', null], ['short', 1]]],
    ['book and interview without URL stay full notes', ['Anne Gearan, Biden’s Wars (New York: Penguin, 2020), p. 45.', 'Interview with an Iraqi official, Baghdad, 2/8/2021.'], [['full', null], ['full', null]]],
  ] as const)('%s', (_name, notes, expected) => {
    expect(resolutions(parse(documentWith(notes)))).toEqual(expected);
  });

  it('keeps the page of an Ibid.', () => {
    const file = parse(documentWith([GEARAN, 'Ibid., p. 4.', 'Ibid.']));
    expect(file.citations.map((c) => c.pages)).toEqual([null, 'p. 4', null]);
  });

  it('only matches full notes that come before the short form', () => {
    const file = parse(documentWith(['Gearan.', GEARAN]));
    expect(resolutions(file)).toEqual([['short', null], ['full', null]]);
    expect(file.warnings.map((w) => [w.code, w.note])).toEqual([['short_form_unmatched', 1]]);
  });
});

describe('lint warnings', () => {
  const codes = (file: CitationsFile): [string, number | null, number | null][] => file.warnings.map((w) => [w.code, w.line, w.note]);

  it.each([
    ['a marker with no note', `T\n\nA claim.[1] Another.[2]\n\n[1] ${GEARAN}\n`, [['marker_without_note', 3, 2]]],
    ['a note never cited', `T\n\nA claim.[1]\n\n[1] ${GEARAN}\n[2] ${STATEMENT}\n`, [['note_never_cited', 6, 2]]],
    ['markers out of order', `T\n\nA claim.[2] Another.[1]\n\n[1] ${GEARAN}\n[2] ${STATEMENT}\n`, [['marker_out_of_order', 3, 1]]],
    ['a repeated marker', `T\n\nA claim.[1] Again.[1]\n\n[1] ${GEARAN}\n`, [['marker_repeated', 3, 1]]],
    ['a quotation with no marker after it', `T\n\nHe said “this matters.”[1] She said\n“that too.”\n\n[1] ${GEARAN}\n`, [['quotation_without_marker', 4, null]]],
    ['a quotation in a paragraph without markers', `T\n\nA paragraph with a "straight quotation".\n\nA claim.[1]\n\n[1] ${GEARAN}\n`, [['quotation_without_marker', 3, null]]],
    ['a short form matching nothing', `T\n\nA.[1] B.[2]\n\n[1] ${GEARAN}\n[2] Smith.\n`, [['short_form_unmatched', 6, 2]]],
    ['a short form matching two notes', `T\n\nA.[1] B.[2] C.[3]\n\n[1] ${GEARAN}\n[2] Anne Gearan, “Another Story,” The Washington Post, 2/8/2021, at: https://wapo.st/x\n[3] Gearan.\n`, [['short_form_ambiguous', 7, 3]]],
    ['Ibid. with no note before it', `T\n\nA.[1]\n\n[1] Ibid.\n`, [['ibid_without_previous', 5, 1]]],
    ['a placeholder title', `العنوان هنا\n\nA.[1]\n\n[1] ${GEARAN}\n`, [['placeholder', 1, null]]],
    ['an English placeholder', `Title here\n\nA.[1] TODO check this.\n\n[1] ${GEARAN}\n`, [['placeholder', 1, null], ['placeholder', 3, null]]],
    ['no placeholder in ordinary words', `XXX Corps said “todo bien.”[1] The author here argues.\n\n[1] ${GEARAN}\n`, []],
    ['a bracketed English placeholder line', `[Title here]\n\nA.[1]\n\n[1] ${GEARAN}\n`, [['placeholder', 1, null]]],
    ['a note that names no source', `T\n\nA.[1]\n\n[1]\n`, [['note_without_source', 5, 1]]],
    ['a note number used twice', `T\n\nA.[1]\n\n[1] ${GEARAN}\n[1] ${STATEMENT}\n`, [['note_repeated', 6, 1]]],
    ['a clean document', documentWith([GEARAN, STATEMENT, 'Ibid.']), []],
  ] as const)('%s', (_name, text, expected) => {
    expect(codes(parse(text))).toEqual(expected);
  });

  it('attributes a claim to each of two adjacent markers', () => {
    const file = parse(`T\n\nA claim “quoted.”[1][2]\n\n[1] ${GEARAN}\n[2] ${STATEMENT}\n`);
    expect(file.citations.map((c) => c.claims.map((claim) => [claim.text, claim.quotations]))).toEqual([
      [['A claim “quoted.”', ['quoted']]],
      [['A claim “quoted.”', ['quoted']]],
    ]);
  });

  it('adds a claim per use of a repeated marker', () => {
    const file = parse(`T\n\nFirst.[1] Second.[1]\n\n[1] ${GEARAN}\n`);
    expect(file.citations[0]?.claims.map((c) => c.text)).toEqual(['First.', 'Second.']);
  });
});

describe('document forms', () => {
  const plain = documentWith([GEARAN, 'Ibid., p. 4.']);

  it.each(['Notes', 'References', 'Endnotes'])('reads a notes block headed %s like an unheaded one', (heading) => {
    const headed = parse(documentWith([GEARAN, 'Ibid., p. 4.'], heading));
    const unheaded = parse(plain);
    expect(headed.citations.map((c) => ({ ...c, line: 0 }))).toEqual(unheaded.citations.map((c) => ({ ...c, line: 0 })));
    expect(headed.warnings).toEqual([]);
  });

  it('reads CRLF, CR and a BOM as it reads LF', () => {
    const expected = parse(plain);
    expect(parse(`\ufeff${plain.replace(/\n/g, '\r\n')}`)).toEqual(expected);
    expect(parse(plain.replace(/\n/g, '\r'))).toEqual(expected);
  });

  it('reads right-to-left text: Arabic body and notes', () => {
    const text = 'حوار استراتيجي\n\nقال المسؤول إن “القوات ستبقى”.[1] وأضاف.[2]\n\n[1] أحمد علي، “بيان مشترك،” وزارة الخارجية، 26/7/2021، شوهد في 4/8/2021، في: https://bit.ly/37gadS6\n[2] المرجع نفسه.\n';
    const file = parse(text);
    expect(file.document.title).toBe('حوار استراتيجي');
    expect(file.citations.map((c) => [c.number, c.kind, c.refersTo, c.urls])).toEqual([
      [1, 'full', null, ['https://bit.ly/37gadS6']],
      [2, 'ibid', 1, []],
    ]);
    expect(file.citations[0]?.claims[0]?.quotations).toEqual(['القوات ستبقى']);
    expect(file.citations[0]).toMatchObject({
      authors: ['أحمد علي'],
      title: 'بيان مشترك',
      publisher: 'وزارة الخارجية',
      published: '2021-07-26',
      accessed: '2021-08-04',
    });
    expect(file.warnings).toEqual([]);
  });

  it('states month-first order when the notes use it', () => {
    const file = parse(documentWith(['“A Title,” Reuters, 7/26/2021, accessed on 8/4/2021, at: https://reut.rs/x']));
    expect(file.document.dateOrder).toBe('MDY');
    expect(file.citations[0]).toMatchObject({ published: '2021-07-26', accessed: '2021-08-04' });
  });

  it.each([
    ['no notes at all', 'Just a body.\n\nWith a marker.[1]\n'],
    ['an empty text', ''],
  ])('throws NO_NOTES naming the file when there are %s', (_name, text) => {
    let thrown: unknown;
    try {
      parse(text);
    } catch (error) {
      thrown = error;
    }
    expect(isCitecheckError(thrown) && thrown.code).toBe('NO_NOTES');
    expect((thrown as Error).message).toBe('documents/test.txt: no footnotes found (expected lines like "[1] Author, “Title,” …")');
  });
});

describe('parseNotes', () => {
  const text = `A Title\n\nOnly the first is cited, “as quoted”.[1] A marker with no note.[9]\n\n[1] ${GEARAN}\n[2] Ibid.\n[2] ${AP}\n`;

  it('gives the notes one by one as parseDocument has them, then the same warnings', () => {
    const notes = parseNotes(text, 'documents/test.txt');
    expect(() => notes.warnings()).toThrow(/before every note was read/);
    const citations = [...notes.citations];
    const file = parse(text);
    expect(citations).toEqual(file.citations);
    expect(notes.warnings()).toEqual(file.warnings);
    // Made once, however often asked for.
    expect(notes.warnings()).toBe(notes.warnings());
    expect(file.warnings.map((w) => w.code)).toEqual(['marker_without_note', 'note_never_cited', 'note_repeated']);
    // The claims go to the first note of a number, once.
    expect(citations.map((c) => c.claims.length)).toEqual([1, 0, 0]);
    expect(() => [...notes.citations]).toThrow(/can be read once/);
  });
});
