import { describe, expect, it } from 'vitest';
import { SharedPass } from '../../src/util/shared-pass.js';

/** A source that counts the items it makes and says how many are alive (made, not yet dropped by the pass). */
function counted(n: number) {
  const made: number[] = [];
  const source = function* (): Generator<{ i: number }> {
    for (let i = 0; i < n; i += 1) {
      made.push(i);
      yield { i };
    }
  };
  return { source: source(), made };
}

describe('SharedPass', () => {
  it('gives every reader every item, in order, making each once', () => {
    const { source, made } = counted(10);
    const pass = new SharedPass(source, 3);
    const seen: number[][] = [[], [], []];
    const readers = [0, 1, 2].map((r) => pass.reader(r)[Symbol.iterator]());
    // Readers at different paces: reader 0 two at a time, reader 2 last.
    for (let round = 0; round < 10; round += 1) {
      for (const [r, steps] of [[0, 2], [1, 1], [2, 1]] as const) {
        for (let s = 0; s < steps; s += 1) {
          const step = readers[r]?.next();
          if (step !== undefined && step.done !== true) seen[r]?.push(step.value.i);
        }
      }
    }
    expect(seen).toEqual([0, 1, 2].map(() => Array.from({ length: 10 }, (_, i) => i)));
    expect(made).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect([0, 1, 2].map((r) => pass.position(r))).toEqual([10, 10, 10]);
  });

  it.each([
    ['readers in step', 1],
    ['one reader 100 items ahead', 100],
  ])('keeps only the items between the first reader and the last: %s', (_name, lead) => {
    const pass = new SharedPass(counted(10_000).source, 2);
    const ahead = pass.reader(0)[Symbol.iterator]();
    const behind = pass.reader(1)[Symbol.iterator]();
    const kept = () => (pass as unknown as { kept: unknown[] }).kept.length;
    let most = 0;
    for (let i = 0; i < lead; i += 1) ahead.next();
    for (let i = 0; i < 10_000 - lead; i += 1) {
      ahead.next();
      behind.next();
      most = Math.max(most, kept());
    }
    // Dropped in batches of 64: never more than the lead and one batch.
    expect(most).toBeGreaterThanOrEqual(lead);
    expect(most).toBeLessThanOrEqual(lead + 64);
  });

  it('a reader that stops early holds nothing back for the others', () => {
    const { source } = counted(1000);
    const pass = new SharedPass(source, 2);
    for (const item of pass.reader(0)) if (item.i === 3) break;
    const rest = [...pass.reader(1)];
    expect(rest).toHaveLength(1000);
    expect((pass as unknown as { kept: unknown[] }).kept).toEqual([]);
    expect([...pass.reader(0)]).toEqual([]);
  });

  it('an empty source ends every reader', () => {
    const pass = new SharedPass([], 2);
    expect([...pass.reader(0)]).toEqual([]);
    expect([...pass.reader(1)]).toEqual([]);
  });
});
