import { describe, expect, it } from 'vitest';
import { FULL, notesBlock, parseOrNoNotes } from './helpers.js';

// The parser must never hang on a hostile document: its time grows linearly with the input.
// This compares two sizes of the same shape rather than asserting a speed, and measures this
// process's CPU time (process.cpuUsage), not wall time, so the other processes on a loaded
// 2-core machine do not count. Parsing 8n instead of n costs 8× if linear and 64× if
// quadratic. Shapes that make millions of tiny strings spend much of their time in GC, whose
// cost per character grows with the heap: on this loaded 2-core machine linear shapes measured
// 4–23× (at 4n the same shapes reached 12.4×, too close to a quadratic 16×, and failed a CI
// run). The bound is therefore 40, with 8× between the sizes so a quadratic path, whose ratio
// only grows past 64× as its n² term takes over, still fails. Each shape's n makes t(n) 20 ms
// or more, far above the timer's resolution and the JIT's warm-up, which two untimed runs of
// each size absorb; rounds alternate small and large and keep the least of each, so a busy
// moment hits one run, not the ratio. A busy moment can still hit every round of one size,
// so the test is retried: a quadratic path fails every try.

const many = (count: number, note: (i: number) => string): string[] => Array.from({ length: Math.round(count) }, (_v, i) => note(i));

/** Shapes of about n characters each, with the n that makes t(n) 20 ms or more on this machine. */
const SHAPES: [string, number, (n: number) => string][] = [
  ['an Ibid. chain', 80_000, (n) => `Body.[1]\n\n${notesBlock([FULL(1), ...many(n / 10, () => 'Ibid.')])}\n`],
  ['short forms naming a few authors', 160_000, (n) => `Body.[1]\n\n${notesBlock(many(n / 45, (i) => (i % 10 < 5 ? FULL(i % 5) : `Author${(i + 1) % 5}.`)))}\n`],
  ['distinct full notes', 320_000, (n) => `Body.[1]\n\n${notesBlock(many(n / 85, FULL))}\n`],
  ['unclosed quotation marks and markers on one line', 160_000, (n) => `${'Body “ [1] '.repeat((2 * n) / 11)}\n\n[1] ${FULL(1)}\n`],
  ['one note of quotes, commas and URLs', 160_000, (n) => `Body.[1]\n\n[1] ${'word “quote ” , ; https://x.org/a/ '.repeat((4 * n) / 34)}\n`],
  ['a URL wrapped over many lines', 320_000, (n) => `Body.[1]\n\n[1] https://example.org/${'\na/b-'.repeat(n / 5)}\n`],
  ['runs of closing punctuation', 80_000, (n) => `Body.[1]\n\n[1] A${',;: .'.repeat((4 * n) / 5)}x\n`],
  ['NUL bytes and lone surrogates', 320_000, (n) => `Body.[1]\n\n${notesBlock(many(n / 40, (i) => `\ud800x\u0000\udc00 “T\udfff” https://a.org/${i}\ud83d`))}\n`],
  ['right-to-left notes with direction marks', 320_000, (n) => `Body.[1]\n\n${notesBlock(many(n / 50, (i) => `\u202bالمرجع نفسه\u202c \u200f“عنوان ${i}،” \u200ehttps://a.org/${i}`))}\n`],
  ['markers without notes', 40_000, (n) => `Body ${'[9]'.repeat(n / 3)}\n\n[1] ${FULL(1)}\n`],
];

/** CPU time of one parse, in ms. */
function cpuMs(text: string): number {
  const start = process.cpuUsage();
  parseOrNoNotes(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const ROUNDS = 3;

describe('parse time grows linearly with the input', () => {
  it.each(SHAPES)('%s', { retry: 2, timeout: 60_000 }, (_name, n, make) => {
    const small = make(n);
    const large = make(8 * n);
    for (let warm = 0; warm < 2; warm += 1) {
      parseOrNoNotes(small);
      parseOrNoNotes(large);
    }
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round += 1) {
      bestSmall = Math.min(bestSmall, cpuMs(small));
      bestLarge = Math.min(bestLarge, cpuMs(large));
    }
    expect(bestLarge / bestSmall).toBeLessThan(40);
  });
});
