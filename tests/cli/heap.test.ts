import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/cli/heap.js';

describe('collectGarbage', () => {
  it('frees what nothing refers to any more, at once', async () => {
    let held: { words: string[] } | null = { words: Array.from({ length: 1000 }, (_, i) => `word ${i}`) };
    const ref = new WeakRef(held);
    held = null;
    // A WeakRef keeps its target alive until the job that made it ends.
    await tick();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to, and can run again', async () => {
    const kept = { text: 'still here' };
    const ref = new WeakRef(kept);
    await tick();
    collectGarbage();
    collectGarbage();
    expect(ref.deref()).toBe(kept);
  });
});
