import { describe, expect, it } from 'vitest';
import { IntList, LineIndex } from '../../src/util/line-file.js';

describe('packed lists', () => {
  it.each([1, 1024, 1025, 5000])('LineIndex keeps %i lines where they were pushed, past 4 GiB too', (count) => {
    const index = new LineIndex();
    const at = (i: number): [number, number] => [i * 2 ** 21 + 7, (i * 37) % 1000];
    for (let i = 0; i < count; i += 1) expect(index.push(...at(i))).toBe(i);
    expect(index.size).toBe(count);
    for (let i = 0; i < count; i += 1) expect([index.start(i), index.length(i)]).toEqual(at(i));
  });

  it.each([1, 1024, 1025, 5000])('IntList keeps %i numbers, negatives included, and sets one in place', (count) => {
    const list = new IntList();
    for (let i = 0; i < count; i += 1) list.push(i % 3 === 0 ? -1 : i);
    list.set(count - 1, 42);
    expect(list.size).toBe(count);
    for (let i = 0; i < count - 1; i += 1) expect(list.get(i)).toBe(i % 3 === 0 ? -1 : i);
    expect(list.get(count - 1)).toBe(42);
  });
});
