/** Numbers below this are kept as bits (at most 2 MiB of them); any other in a Set. */
const BITS_BELOW = 1 << 24;

/**
 * Distinct whole numbers, counted: a report's note numbers. Kept as bits, one a number, where
 * a Set of the numbers of 100,000 notes took some 2.6 MB of the heap to the end of the
 * reports. A number no document numbers a note with (negative, or past BITS_BELOW) goes to a
 * Set, so a hostile `[99999999999]` costs no more than it does there.
 */
export class NumberSet {
  private bits = new Uint8Array(1024);
  private others: Set<number> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(number: number): void {
    if (!Number.isInteger(number) || number < 0 || number >= BITS_BELOW) {
      this.others ??= new Set();
      if (!this.others.has(number)) this.count += 1;
      this.others.add(number);
      return;
    }
    const byte = number >>> 3;
    if (byte >= this.bits.length) this.grow(byte);
    const bit = 1 << (number & 7);
    if (((this.bits[byte] as number) & bit) === 0) this.count += 1;
    this.bits[byte] = (this.bits[byte] as number) | bit;
  }

  private grow(byte: number): void {
    let length = this.bits.length;
    while (length <= byte) length *= 2;
    const bigger = new Uint8Array(length);
    bigger.set(this.bits);
    this.bits = bigger;
  }
}
