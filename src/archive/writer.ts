import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic } from '../util/fs.js';

/**
 * Writes the file at most once per interval and never two at once: a burst of results
 * shares the next write, which serialises the state when it starts. The interval also
 * stretches to 9× the last write's duration, so a large archive (tens of MB after 100,000
 * URLs) spends at most about a tenth of the run being rewritten, instead of once per URL.
 */
export class CoalescingWriter {
  private current: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastDuration = 0;
  /** Something changed that no started write has serialised yet. */
  private dirty = false;
  /** Aborted by finish(): the last write must not wait out the interval. */
  private readonly hurry = new AbortController();

  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    private readonly content: () => string | Iterable<string>,
  ) {}

  write(): Promise<void> {
    this.dirty = true;
    if (this.next !== null) return this.next;
    const next = this.current
      .catch(() => undefined)
      .then(async () => {
        const wait = this.lastStart + Math.max(this.intervalMs, 9 * this.lastDuration) - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: this.hurry.signal }).catch(() => undefined);
        this.next = null;
        this.lastStart = performance.now();
        this.dirty = false;
        await writeFileAtomic(this.path, this.content()).catch((error: unknown) => {
          this.dirty = true;
          throw error;
        });
        this.lastDuration = performance.now() - this.lastStart;
      });
    this.next = next;
    this.current = next;
    return next;
  }

  /** Wait for the writes under way; write again if the last one failed or missed a change. */
  async finish(): Promise<void> {
    this.hurry.abort();
    await this.current.catch(() => undefined);
    if (this.dirty) await this.write();
  }
}
