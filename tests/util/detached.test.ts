import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/cli/heap.js';
import { detached } from '../../src/util/text.js';

const TEXTS = 5;
/** Two-byte (a curly quote): 4 MB. */
const TEXT_BYTES = 4_000_000;

/** Heap held by `keep(cut)` for cuts of 100 characters from five 4 MB texts, the texts themselves let go. */
function heapHeldBy(keep: (cut: string) => string): { bytes: number; kept: string[] } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < TEXTS; i += 1) {
    // Decoded, as a document's lines are (one flat string), and distinct, so that no two share one.
    const text = Buffer.from(`${i} ${'x“'.repeat(TEXT_BYTES / 4)}`).toString();
    // A note's text cut from its line, and a title cut from the note, as the parse cuts them.
    kept.push(keep(text.slice(2).slice(1000, 1100)));
  }
  collectGarbage();
  return { bytes: process.memoryUsage().heapUsed - before, kept };
}

describe('detached', () => {
  it('is the same text', () => {
    for (const value of ['', 'a', 'short', 'https://example.org/a/long/enough/url', 'x“'.repeat(50)]) expect(detached(value)).toBe(value);
  });

  it('keeps no text it was cut from alive, where the cut itself keeps its text', () => {
    const slices = heapHeldBy((cut) => cut);
    const copies = heapHeldBy(detached);
    expect(slices.kept.every((cut) => cut.length === 100)).toBe(true);
    expect(copies.kept.every((cut) => cut.length === 100)).toBe(true);
    // Every text held by the slices; none by the copies (V8 may still hold the last text it made).
    expect(slices.bytes).toBeGreaterThan((TEXTS - 0.5) * TEXT_BYTES);
    expect(copies.bytes).toBeLessThan(1.5 * TEXT_BYTES);
  });
});
