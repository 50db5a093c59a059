import { describe, expect, it } from 'vitest';
import { FULL, notesBlock, parseOrNoNotes } from './helpers.js';

// The parser must never hang on a hostile document: its time grows linearly with the input.
// This compares two sizes of the same shape rather than asserting a speed, and measures this
// process's CPU time (process.cpuUsage), not wall time, so the other processes on a loaded
// 2-core machine do not count. Parsing 4n instead of n costs 4× if linear (about 4.6× if
// n·log n) and 16× if quadratic. Rounds alternate small and large and the least of each is
// kept, so a busy moment hits one run, not the ratio. Shapes that make millions of tiny
// strings spend most of their time in GC, whose cost jumps as the heap grows: on this loaded
// 2-core machine linear shapes measured 2.4–7×, with one (runs of punctuation) reaching 11×
// though its profile is flat (GC, then a linear split) and its ratio falls to 3.7× at 5 M
// characters. The bound is therefore 12: it tolerates that, and a quadratic path, whose
// ratio only grows past 16× as its n² term takes over, still fails. Sizes make t(n) tens of
// ms, far above the timer's resolution; one untimed run first warms the JIT.

const many = (count: number, note: (i: number) => string): string[] => Array.from({ length: Math.round(count) }, (_v, i) => note(i));

/** Shapes of about n characters each; the cheapest per character are made larger, so t(n) is tens of ms. */
const SHAPES: [string, (n: number) => string][] = [
  ['an Ibid. chain', (n) => `Body.[1]\n\n${notesBlock([FULL(1), ...many(n / 10, () => 'Ibid.')])}\n`],
  ['short forms naming a few authors', (n) => `Body.[1]\n\n${notesBlock(many(n / 45, (i) => (i % 10 < 5 ? FULL(i % 5) : `Author${(i + 1) % 5}.`)))}\n`],
  ['distinct full notes', (n) => `Body.[1]\n\n${notesBlock(many(n / 85, FULL))}\n`],
  ['unclosed quotation marks and markers on one line', (n) => `${'Body “ [1] '.repeat((2 * n) / 11)}\n\n[1] ${FULL(1)}\n`],
  ['one note of quotes, commas and URLs', (n) => `Body.[1]\n\n[1] ${'word “quote ” , ; https://x.org/a/ '.repeat((4 * n) / 34)}\n`],
  ['a URL wrapped over many lines', (n) => `Body.[1]\n\n[1] https://example.org/${'\na/b-'.repeat(n / 5)}\n`],
  ['runs of closing punctuation', (n) => `Body.[1]\n\n[1] A${',;: .'.repeat((4 * n) / 5)}x\n`],
  ['NUL bytes and lone surrogates', (n) => `Body.[1]\n\n${notesBlock(many(n / 40, (i) => `\ud800x\u0000\udc00 “T\udfff” https://a.org/${i}\ud83d`))}\n`],
  ['right-to-left notes with direction marks', (n) => `Body.[1]\n\n${notesBlock(many(n / 50, (i) => `\u202bالمرجع نفسه\u202c \u200f“عنوان ${i}،” \u200ehttps://a.org/${i}`))}\n`],
  ['markers without notes', (n) => `Body ${'[9]'.repeat(n / 3)}\n\n[1] ${FULL(1)}\n`],
];

/** CPU time of one parse, in ms. */
function cpuMs(text: string): number {
  const start = process.cpuUsage();
  parseOrNoNotes(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const N = 80_000;
const ROUNDS = 3;

describe('parse time grows linearly with the input', () => {
  it.each(SHAPES)('%s', (_name, make) => {
    const small = make(N);
    const large = make(4 * N);
    parseOrNoNotes(small);
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round += 1) {
      bestSmall = Math.min(bestSmall, cpuMs(small));
      bestLarge = Math.min(bestLarge, cpuMs(large));
    }
    expect(bestLarge / bestSmall).toBeLessThan(12);
  }, 30_000);
});
