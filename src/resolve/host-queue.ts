/** One host's URLs not yet started, and how many of its checks are under way. */
interface HostEntry {
  host: string;
  /** Order of the host's first URL in the input: ties go to the host cited first. */
  rank: number;
  active: number;
  /** Reversed, so pop() takes them in input order. */
  urls: string[];
  /** Position in the heap; -1 once its URLs are all started. */
  index: number;
}

/**
 * The URLs of checkAll by host, handing out the next URL of the host with the fewest checks
 * under way (the host cited first among equals). A binary heap on (checks under way, rank):
 * picking a host does not walk every host, which for a document citing thousands of hosts
 * cost a walk of all of them for every URL.
 */
export class HostQueue {
  private readonly heap: HostEntry[] = [];
  private readonly entries = new Map<string, HostEntry>();

  /** `hostOf` gives the key URLs are grouped under; each distinct URL is queued once. */
  constructor(urls: readonly string[], hostOf: (url: string) => string) {
    const seen = new Set<string>();
    for (const url of urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      const host = hostOf(url);
      let entry = this.entries.get(host);
      if (entry === undefined) {
        entry = { host, rank: this.entries.size, active: 0, urls: [], index: this.heap.length };
        this.entries.set(host, entry);
        this.heap.push(entry);
      }
      entry.urls.push(url);
    }
    // Ranks were given in order and every count is 0: the array is already a heap.
    for (const entry of this.heap) entry.urls.reverse();
  }

  /** The next URL to start, or null when none is left or every host has `perHost` checks under way. */
  take(perHost: number): { host: string; url: string } | null {
    const top = this.heap[0];
    if (top === undefined || top.active >= perHost) return null;
    const url = top.urls.pop() as string;
    top.active += 1;
    if (top.urls.length === 0) this.removeTop();
    else this.siftDown(0);
    return { host: top.host, url };
  }

  /** A check of `host` has finished. */
  finished(host: string): void {
    const entry = this.entries.get(host);
    if (entry === undefined) return;
    entry.active -= 1;
    if (entry.index !== -1) this.siftUp(entry.index);
  }

  private before(a: HostEntry, b: HostEntry): boolean {
    return a.active < b.active || (a.active === b.active && a.rank < b.rank);
  }

  /** The top host has no URL left: it leaves the heap (its checks still finish through `entries`). */
  private removeTop(): void {
    const top = this.heap[0] as HostEntry;
    const last = this.heap.pop() as HostEntry;
    top.index = -1;
    if (last === top) return;
    this.place(last, 0);
    this.siftDown(0);
  }

  private place(entry: HostEntry, at: number): void {
    this.heap[at] = entry;
    entry.index = at;
  }

  private siftUp(from: number): void {
    const entry = this.heap[from] as HostEntry;
    let at = from;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = this.heap[parent] as HostEntry;
      if (!this.before(entry, above)) break;
      this.place(above, at);
      at = parent;
    }
    this.place(entry, at);
  }

  private siftDown(from: number): void {
    const entry = this.heap[from] as HostEntry;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.heap.length) break;
      const right = left + 1;
      const child = right < this.heap.length && this.before(this.heap[right] as HostEntry, this.heap[left] as HostEntry) ? right : left;
      const below = this.heap[child] as HostEntry;
      if (!this.before(below, entry)) break;
      this.place(below, at);
      at = child;
    }
    this.place(entry, at);
  }
}
