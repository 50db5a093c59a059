/**
 * One pass over `source` read by several readers at their own pace: each item is made once,
 * and kept only until every reader has passed it. The report's Markdown and JSON files are
 * written from one pass over the rows this way: a row costs reading its URL's result back, so
 * a second pass cost as much again. Kept items pile up between the first reader and the last:
 * the caller moves the reader furthest behind on first (writeFilesAtomic's `positionOf`).
 */
export class SharedPass<T> {
  private readonly source: Iterator<T>;
  /** Items made and not yet read by every reader; kept[0] is item number `keptFrom`. */
  private kept: T[] = [];
  private keptFrom = 0;
  private sourceDone = false;
  /** Items each reader has read. */
  private readonly read: number[];
  /** Readers that will read no more: they keep nothing. */
  private readonly finished: boolean[];

  constructor(source: Iterable<T>, readers: number) {
    this.source = source[Symbol.iterator]();
    this.read = new Array<number>(readers).fill(0);
    this.finished = new Array<boolean>(readers).fill(false);
  }

  /** How many items reader `i` has read. */
  position(i: number): number {
    return this.read[i] ?? 0;
  }

  /** Reader `i`'s items, once. */
  reader(i: number): Iterable<T> {
    return { [Symbol.iterator]: () => this.iterator(i) };
  }

  private iterator(i: number): Iterator<T> {
    const finish = (): IteratorResult<T> => {
      this.finished[i] = true;
      this.dropRead();
      return { done: true, value: undefined };
    };
    return {
      next: () => {
        if (this.finished[i] === true) return { done: true, value: undefined };
        const at = this.read[i] as number;
        if (at - this.keptFrom === this.kept.length) {
          if (this.sourceDone) return finish();
          const step = this.source.next();
          if (step.done === true) {
            this.sourceDone = true;
            return finish();
          }
          this.kept.push(step.value);
        }
        const value = this.kept[at - this.keptFrom] as T;
        this.read[i] = at + 1;
        this.dropRead();
        return { done: false, value };
      },
      return: finish,
    };
  }

  /** Let go of the items every reader still reading has read. */
  private dropRead(): void {
    let slowest = this.keptFrom + this.kept.length;
    this.read.forEach((at, i) => {
      if (this.finished[i] !== true && at < slowest) slowest = at;
    });
    const drop = slowest - this.keptFrom;
    // In batches: dropping the head item by item would move every kept item each time.
    if (drop > 0 && (drop >= 64 || drop === this.kept.length)) {
      this.kept = drop === this.kept.length ? [] : this.kept.slice(drop);
      this.keptFrom = slowest;
    }
  }
}
