import { describe, expect, it } from 'vitest';
import { extractUrls, findNotesBlock, joinsUrl, noteText, scanLines } from '../../src/parse/notes.js';

const lines = (text: string): string[] => text.split('\n');

describe('extractUrls', () => {
  it.each([
    ['one URL, sentence period stripped', 'at: https://bit.ly/37gadS6.', ['https://bit.ly/37gadS6']],
    ['several URLs', 'at: https://a.example/x, and https://b.example/y; see also http://c.example/z.', ['https://a.example/x', 'https://b.example/y', 'http://c.example/z']],
    ['no URL (a book)', 'Anne Gearan, Biden’s Wars (New York: Penguin, 2020), p. 45.', []],
    ['closing parenthesis not part of the URL', '(see https://example.org/page)', ['https://example.org/page']],
    ['balanced parentheses kept', 'https://en.wikipedia.org/wiki/Iraq_(country).', ['https://en.wikipedia.org/wiki/Iraq_(country)']],
    ['closing quote stripped', '“https://example.org/a”', ['https://example.org/a']],
    ['no-break space ends the URL', 'https://bit.ly/3s5t3Ff\u00a0', ['https://bit.ly/3s5t3Ff']],
    ['query string kept', 'https://example.org/a?b=1&c=2.', ['https://example.org/a?b=1&c=2']],
    ['a scheme alone is not a URL', 'see https:// later', []],
  ])('%s', (_name, text, expected) => {
    expect(extractUrls(text)).toEqual(expected);
  });
});

describe('joinsUrl (URLs that wrap across a line)', () => {
  it.each([
    ['path continues after a slash', 'at: https://www.example.com/2021/07/', 'biden-iraq.html', true],
    ['path continues mid-word with digits', 'at: https://bit.ly/3CgS', 'et5', true],
    ['file name continues', 'at: https://example.com/news/biden', '-iraq.html.', true],
    ['a plain word starts the next line', 'at: https://bit.ly/37gadS6', 'accessed on 4/8/2021', false],
    ['sentence ended with the URL', 'at: https://bit.ly/37gadS6.', 'Accessed on 4/8/2021.', false],
    ['no URL at the end of the line', 'The White House, 26/7/2021,', 'accessed on 4/8/2021', false],
    ['next line starts with a quotation mark', 'https://example.com/', '“Title,” Site', false],
  ])('%s', (_name, previous, next, expected) => {
    expect(joinsUrl(previous, next)).toBe(expected);
  });
});

describe('findNotesBlock', () => {
  const body = 'Body text that cites a source.[1] And another.[2]';

  it.each(['Notes', 'References', 'Endnotes', 'NOTES:', '## Notes', 'Footnotes'])('finds notes after a %s heading', (heading) => {
    const text = lines(`${body}\n\n${heading}\n\n[1] First note.\n[2] Second note.`);
    const block = findNotesBlock(scanLines(text));
    expect(block?.notes.map((n) => [n.number, noteText(text, n), n.lineIndex, n.lineEnd])).toEqual([
      [1, 'First note.', 4, 5],
      [2, 'Second note.', 5, 6],
    ]);
    expect(block?.bodyEnd).toBe(2);
  });

  it('finds notes without a heading, after the last body marker', () => {
    const block = findNotesBlock(scanLines(lines(`[3] is how the body starts.[1]\n\n${body}\n\n[1] First note.\n\n[2] Second note.`)));
    expect(block?.notes.map((n) => n.number)).toEqual([1, 2]);
    expect(block?.bodyEnd).toBe(4);
  });

  it('uses the last heading when "Notes" is also a word in the body', () => {
    const block = findNotesBlock(scanLines(lines(`Notes\n\n${body}\n\nNotes\n[1] First note.\n[2] Second.`)));
    expect(block?.bodyEnd).toBe(4);
    expect(block?.notes).toHaveLength(2);
  });

  it('ignores a heading not followed by notes', () => {
    const block = findNotesBlock(scanLines(lines(`${body}\n\nReferences\n\nSome closing words.\n\n[1] First.\n[2] Second.`)));
    expect(block?.bodyEnd).toBe(6);
  });

  it('joins a URL that wraps onto the next line, and other wrapped lines with a space', () => {
    const text = lines(`${body}\n\n[1] “A Title,” Site, 26/7/2021, accessed on 4/8/2021, at: https://www.example.com/2021/07/\nbiden-iraq.html\n[2] A long note that\nwraps.`);
    const block = findNotesBlock(scanLines(text));
    expect(block?.notes.map((n) => noteText(text, n))).toEqual([
      '“A Title,” Site, 26/7/2021, accessed on 4/8/2021, at: https://www.example.com/2021/07/biden-iraq.html',
      'A long note that wraps.',
    ]);
  });

  it('keeps every note, repeated numbers included', () => {
    const block = findNotesBlock(scanLines(lines(`${body}\n\n[1] One.\n[1] One again.\n[2] Two.`)));
    expect(block?.notes.map((n) => n.number)).toEqual([1, 1, 2]);
  });

  it.each([
    ['no note lines', 'Just a body.\n\nAnd another paragraph.[1]'],
    ['empty text', ''],
    ['a bracketed word', '[Editor’s note] text'],
  ])('finds nothing when there are %s', (_name, text) => {
    expect(findNotesBlock(scanLines(lines(text)))).toBeNull();
  });
});
