import { describe, expect, it } from 'vitest';
import { joinedLines } from '../../src/report/text.js';

describe('joinedLines', () => {
  it.each([
    ['no lines', []],
    ['one line', ['a']],
    ['blank lines only', ['', ' ', '\t']],
    ['trailing blank lines', ['a', 'b', '', '']],
    ['leading blank lines', ['', '', 'a']],
    ['blank lines in the middle', ['a', '', '  ', 'b']],
    ['trailing spaces on the last line', ['a', 'b  ', '']],
    ['trailing spaces on a middle line', ['a  ', 'b']],
    ['a line of many words', ['# Title', '', 'text', '', '## Next', '', '- x', '']],
  ])('gives lines.join, trimmed at the end, for %s', (_name, lines) => {
    expect([...joinedLines(lines)].join('')).toBe(`${lines.join('\n').trimEnd()}\n`);
  });

  it('yields before the lines run out', () => {
    function* endless(): Generator<string> {
      for (;;) yield 'row';
    }
    const pieces = joinedLines(endless());
    expect([pieces.next().value, pieces.next().value]).toEqual(['row', '\nrow']);
  });
});
