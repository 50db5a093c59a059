import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/util/text.js';

describe('oneLine', () => {
  it.each([
    ['a plain message', 'a plain message'],
    ['Unexpected token \'o\', "not\njson" is not valid JSON', 'Unexpected token \'o\', "not\\njson" is not valid JSON'],
    ['a\r\nb\rc', 'a\\r\\nb\\rc'],
  ])('%j → %j', (message, expected) => {
    expect(oneLine(message)).toBe(expected);
    expect(oneLine(message)).not.toMatch(/[\r\n]/);
  });
});
