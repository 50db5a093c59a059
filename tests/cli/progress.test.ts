import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';

describe('progressLine', () => {
  it.each([
    [0, 9, 'bit.ly', 0, '0/9 bit.ly'],
    [3, 9, 'bit.ly', 3_000, '3/9 bit.ly ETA 6s'],
    [1, 100, 'www.reuters.com', 2_000, '1/100 www.reuters.com ETA 3m18s'],
    [9, 9, 'wapo.st', 9_000, '9/9 wapo.st'],
  ])('%i of %i on %s after %i ms → %s', (done, total, host, elapsed, expected) => {
    expect(progressLine(done, total, host, elapsed)).toBe(expected);
  });
});
