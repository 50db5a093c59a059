import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * For the commands that check or report many URLs. A run allocates fast (every page read,
 * every result read back for the reports, is garbage a moment later), and V8 answers fast
 * allocation by letting the heap grow to 2-4x what is live before collecting again. Growing by
 * 30 % between collections measured (bench farm, politeness off): N = 100,000 peak RSS
 * 1,196 -> 547 MB at 1.66 -> 1.61 CPU ms per URL; N = 10,000 385 -> 244 MB at the same CPU
 * time. `parse` does without: there it only added a full collection (20-40 ms of a 10 MB
 * document's parse). The flag is read at each collection, so setting it before the command
 * allocates takes effect. A value given to node itself (`node --heap-growing-percent=N`) wins.
 */
export function keepHeapNearLive(): void {
  if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) {
    setFlagsFromString('--heap-growing-percent=30');
  }
}

let collect: (() => void) | null = null;

/**
 * A full collection now, where a stage has just let go of a large structure that V8 would
 * otherwise free only at its next full collection, after the following stage had grown the
 * heap on top of it. After parse, the document's text (two bytes a character once it holds
 * a curly quote: 62 MB for a 31 MB document of 100,000 notes) lived on into the first second
 * of the check, which was the run's peak (100,000 URLs: 276 -> 253 MB). For `check`, the same
 * holds for citations.json as read (89 MB at 100,000 notes): 482-486 -> 419-420 MB in the
 * first 20 s. `gc` is not exposed without a flag given to node;
 * setting the flag now exposes it to a context made afterwards, and to nothing else.
 */
export function collectGarbage(): void {
  if (collect === null) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
