import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsWords, indexPage, WORD_SOURCE, wordKey, type PageToken } from '../../src/verify/page-index.js';

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

/** Whether `words` hold `quote` in a row, the slow obvious way. */
function holds(words: readonly string[], quote: readonly string[]): boolean {
  return quote.length > 0 && words.some((_, start) => quote.every((word, i) => words[start + i] === word));
}

describe('containsWords', () => {
  it.each([
    ['a run of the words', 'The talks, held by video, ended.', ['held', 'by', 'video'], true],
    ['case and punctuation do not count', 'Iraq’s SOVEREIGNTY—and laws', ['iraqs', 'sovereignty', 'and'], true],
    ['the words out of order', 'held by video', ['by', 'held'], false],
    ['a word of the run missing', 'held by the video', ['held', 'by', 'video'], false],
    ['a repeated start (the run restarts inside a partial match)', 'iraq iraq iraq forces', ['iraq', 'iraq', 'forces'], true],
    ['a longer word is not the word', 'videos held', ['video'], false],
    ['no words asked', 'held by video', [], false],
  ])('%s', (_, text, quote, found) => {
    expect(containsWords(text, quote)).toBe(found);
  });

  it('agrees with the page index on any text, for runs of its words and near misses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES, 'ab', 'a b', 'a a b'), { maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.constantFrom('a', 'ab', 'b', 'z'), { nil: undefined }),
        (pieces, from, length, swap) => {
          const text = pieces.join('');
          const words = indexPage(text).tokens.map((token) => token.word);
          const start = words.length === 0 ? 0 : from % words.length;
          const quote = words.slice(start, start + length);
          if (swap !== undefined && quote.length > 0) quote[quote.length - 1] = swap;
          expect(containsWords(text, quote)).toBe(holds(words, quote));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
