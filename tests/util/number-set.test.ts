import { describe, expect, it } from 'vitest';
import { NumberSet } from '../../src/util/number-set.js';

describe('NumberSet', () => {
  it.each([
    ['nothing', [], 0],
    ['one number', [1], 1],
    ['a number twice', [7, 7], 1],
    ['0 and numbers on each side of a byte', [0, 7, 8, 15, 16], 5],
    ['numbers past the first block, repeated', [100_000, 9_000, 100_000, 8_191, 8_192], 4],
    ['numbers kept apart: negative, fractional, huge', [-1, -1, 2.5, 99_999_999_999, 99_999_999_999, 3], 4],
  ])('counts %s', (_name, numbers, size) => {
    const set = new NumberSet();
    for (const n of numbers) set.add(n);
    expect(set.size).toBe(size);
    for (const n of numbers) set.add(n);
    expect(set.size).toBe(size);
  });

  it.each([[1], [6], [8], [4096], [1 << 24], [-2], [0.5]])('counts %d it was not given as new', (n) => {
    const set = new NumberSet();
    for (const given of [0, 2, 7, 9, 4095, 4097, -1, 1.5, (1 << 24) + 1]) set.add(given);
    const before = set.size;
    set.add(n);
    expect(set.size).toBe(before + 1);
  });

  it('counts as a Set does, whatever the numbers', () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 20_011);
    const set = new NumberSet();
    for (const n of numbers) set.add(n);
    expect(set.size).toBe(new Set(numbers).size);
  });
});
