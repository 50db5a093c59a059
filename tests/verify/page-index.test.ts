import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexPage, WORD_SOURCE, wordKey, type PageToken } from '../../src/verify/page-index.js';

/** The words as the pattern itself finds them: indexPage scans by hand and must agree with it. */
function wordsByPattern(text: string): PageToken[] {
  return [...text.matchAll(new RegExp(WORD_SOURCE, 'gu'))]
    .map((match) => ({ word: wordKey(match[0]), start: match.index, end: match.index + match[0].length }))
    .filter((token) => token.word !== '');
}

/** Characters around every choice the pattern makes: joiners, line breaks after hyphens, marks, astral letters, lone surrogates. */
const PIECES = ['a', 'Z', '7', 'é', 'e\u0301', '\u00AD', 'ß', 'ﬁ', '𝐀', '😀', '\uD800', '\uDC00', '日本', "'", '’', '-', '\u2010', '\u2011', '\u2012', ' ', '\t', '\n', '\r\n', '\u00A0', '\u2028', '.', ',', '[', '"'];

describe('indexPage', () => {
  it.each([
    ['plain words, case folded', 'The Talks ended.', ['the', 'talks', 'ended']],
    ['an apostrophe and a hyphen join', 'Iraq’s well-known', ['iraqs', 'wellknown']],
    ['a hyphen across a line break joins', 'inte-\n  grity', ['integrity']],
    ['a hyphen before a plain space separates', 'pre- and post-war', ['pre', 'and', 'postwar']],
    ['a joiner with nothing after it is not part of the word', "dogs' -x", ['dogs', 'x']],
    ['accents folded away', 'Café Zoë', ['cafe', 'zoe']],
    ['an astral letter is a letter', '𝐀b c', ['ab', 'c']],
  ])('%s', (_, text, words) => {
    expect(indexPage(text).tokens.map((token) => token.word)).toEqual(words);
  });

  it('finds the same words at the same places as the pattern, on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 50 }), (pieces) => {
        const text = pieces.join('');
        expect(indexPage(text).tokens).toEqual(wordsByPattern(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('lists every position of each word', () => {
    expect(indexPage('to be or not to be').positions).toEqual(new Map([['to', [0, 4]], ['be', [1, 5]], ['or', [2]], ['not', [3]]]));
  });
});
