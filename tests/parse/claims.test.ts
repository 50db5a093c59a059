import { describe, expect, it } from 'vitest';
import { readClaims } from '../../src/parse/claims.js';
import { ByteLines } from '../../src/parse/lines.js';
import { findQuoted, quotationText } from '../../src/parse/quotes.js';
import { documentTitle } from '../../src/parse/title.js';

function claimsOf(text: string): [number, string, string[], number][] {
  const lines = text.split('\n');
  const body = readClaims(lines, lines.length);
  return Array.from({ length: body.count }, (_, marker) => {
    const claim = body.claimAt(marker);
    expect(body.lineAt(marker)).toBe(claim.line);
    return [body.numberAt(marker), claim.text, claim.quotations, claim.line];
  });
}

describe('readClaims', () => {
  it.each([
    ['one marker closes its paragraph', 'First sentence. Second sentence.[1]', [[1, 'First sentence. Second sentence.', [], 1]]],
    ['a marker closes the span from the previous one', 'A says x.[1] B says y.[2]', [[1, 'A says x.', [], 1], [2, 'B says y.', [], 1]]],
    ['a new paragraph starts a new span', 'A.[1] Tail.\n\nB.[2]', [[1, 'A.', [], 1], [2, 'B.', [], 3]]],
    ['a wrapped paragraph keeps the marker line', 'A long claim\nthat wraps “twice”\nhere.[1]', [[1, 'A long claim that wraps “twice” here.', ['twice'], 3]]],
    ['punctuation after a marker is not part of the next claim', 'A[1], and B[2].', [[1, 'A', [], 1], [2, 'and B', [], 1]]],
    ['mixed quotation marks pair up', 'He said “a [which] b."[1]', [[1, 'He said “a [which] b."', ['a [which] b'], 1]]],
    ['straight quotation marks', 'He said "a" and "b,"[1]', [[1, 'He said "a" and "b,"', ['a', 'b'], 1]]],
    ['an unclosed quotation is not a quotation', 'He said “a b[1]', [[1, 'He said “a b', [], 1]]],
  ] as const)('%s', (_name, text, expected) => {
    expect(claimsOf(text)).toEqual(expected);
  });

  it('reports quotations after the last marker of a paragraph, with their line', () => {
    const lines = 'A “x.”[1] B “y,” and\n“z.”\n\n“w”'.split('\n');
    expect(readClaims(lines, lines.length).unattributed).toEqual([
      { quotation: 'y', line: 1 },
      { quotation: 'z', line: 2 },
      { quotation: 'w', line: 4 },
    ]);
  });

  it('reads only the body, above the notes', () => {
    const lines = 'Body.[1]\n[1] Note with “quote”[2]'.split('\n');
    const body = readClaims(lines, 1);
    expect([body.count, body.claimsOf(1), body.isMarked(2), body.unattributed]).toEqual([1, [{ text: 'Body.', quotations: [], line: 1 }], false, []]);
  });

  it('gives each number its claims in the body’s order, read again from the body when asked', () => {
    const text = 'A “x”.[1] B.[2][1]\n\nC “y”\nwraps.[1]\n\nD.[3]';
    const body = readClaims(new ByteLines(Buffer.from(text)), 6);
    // Asked out of order: each claim's paragraph is read again.
    expect(body.claimsOf(3)).toEqual([{ text: 'D.', quotations: [], line: 6 }]);
    expect(body.claimsOf(1)).toEqual([
      { text: 'A “x”.', quotations: ['x'], line: 1 },
      { text: 'B.', quotations: [], line: 1 },
      { text: 'C “y” wraps.', quotations: ['y'], line: 4 },
    ]);
    expect([body.claimsOf(2), body.claimsOf(4), body.isMarked(3), body.isMarked(4)]).toEqual([[{ text: 'B.', quotations: [], line: 1 }], [], true, false]);
  });
});

describe('quotations', () => {
  it.each([
    ['economic reform and enhance[ing] regional integration,', 'economic reform and enhance[ing] regional integration'],
    ['guarantee the security of Iraq.', 'guarantee the security of Iraq'],
    ['the defense of vital US interests…', 'the defense of vital US interests…'],
    ['and so on...', 'and so on...'],
    ['Iraqi Security Forces ', 'Iraqi Security Forces'],
    ['why?', 'why?'],
    ['a\u00a0 b', 'a b'],
  ])('%s', (inner, expected) => {
    expect(quotationText(inner)).toBe(expected);
  });

  it('finds guillemets and low-high quotation marks', () => {
    expect(findQuoted('«a» „b“').map((q) => q.inner)).toEqual(['a', 'b']);
  });
});

describe('documentTitle', () => {
  it.each([
    ['the seed’s opening lines', ['العنوان هنا', 'Situation Assessment 04 August, 2021', '', 'US-Iraq Strategic Dialogue: Prospects for Change'], 'US-Iraq Strategic Dialogue: Prospects for Change'],
    ['a plain first line', ['A Title', '', 'Body.[1]'], 'A Title'],
    ['a sentence is not a title', ['This is a sentence.', 'Body.[1]'], null],
    ['nothing before the notes', [], null],
  ])('%s', (_name, lines, expected) => {
    expect(documentTitle(lines, lines.length)).toBe(expected);
  });
});
