import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * For the commands that check or report many URLs. A run allocates fast (every page read,
 * every result read back for the reports, is garbage a moment later), and V8 answers fast
 * allocation by letting the heap grow to 2-4x what is live before collecting again. Growing by
 * 30 % between collections measured (bench farm, politeness off): N = 100,000 peak RSS
 * 1,196 -> 547 MB at 1.66 -> 1.61 CPU ms per URL; N = 10,000 385 -> 244 MB at the same CPU
 * time. `parse` does without: there it only added a full collection (20-40 ms of a 10 MB
 * document's parse); it caps the young generation only (capYoungGeneration). The flag is
 * read at each collection, so setting it before the command allocates takes effect. A value
 * given to node itself (`node --heap-growing-percent=N`) wins.
 *
 * While the inputs are loaded, the heap grows by 10 % only, and the young generation is held
 * at its starting size, until inputsLoaded. The end of a large document's parse is one of the
 * run's peaks. Measured, 100,000 notes, when the document's text was still held as one string:
 * VmHWM of the parse 192-193 -> 172-178 MiB, CPU from start to the end of the parse 3.0 -> 3.8 s
 * (under 1 % of the run's CPU).
 */
export function keepHeapNearLive(): void {
  growHeapBy(LOADING_GROWTH_PERCENT);
  holdYoungGeneration();
}

/** The heap as the check and the reports want it, once the inputs are loaded: see keepHeapNearLive and capYoungGeneration. */
export function inputsLoaded(): void {
  growHeapBy(CHECK_GROWTH_PERCENT);
  capYoungGeneration();
  collectOnMainThread();
}

/**
 * For `run`'s reports, once the check is over: the heap grows by 10 % between collections
 * again, as while loading. The reports read every result back, a row at a time, and little
 * of it stays live.
 */
export function checkFinished(): void {
  growHeapBy(LOADING_GROWTH_PERCENT);
}

const LOADING_GROWTH_PERCENT = 10;
const CHECK_GROWTH_PERCENT = 30;

/**
 * Young-generation collections are copied, and old-generation pages swept, on the main thread
 * alone rather than shared with V8's helper threads. A check's collections are frequent and
 * short (about 2 ms every 60 ms at politeness off, each keeping ~0.5 MB of requests in flight):
 * shared, each one cost more CPU in all than it saved in pause, and a check waits on the
 * network, not on its pauses. Measured, bench farm, 10,000 URLs at politeness off, each build
 * run side by side with the one without: CPU x0.978 (median of 4; 0.944-0.981) and x0.991
 * (median of 3; 0.934-1.003), peak RSS 4-13 MB lower in the 3 pairs whose RSS was read. Concurrent marking is kept:
 * turned off as well, the gain went (x0.989); `--no-parallel-marking` cannot be set once V8
 * runs (it stops the process). Not for `parse`, whose 10 MB document's wall time counts.
 * Flags given to node itself win.
 */
function collectOnMainThread(): void {
  for (const name of ['parallel-scavenge', 'concurrent-sweeping']) {
    if (!givenToNode(`--${name}`) && !givenToNode(`--no-${name}`)) setFlagsFromString(`--no-${name}`);
  }
}

function growHeapBy(percent: number): void {
  if (!givenToNode('--heap-growing-percent')) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** The young generation (both semi-spaces) a check may grow to: 8 MiB, where V8 would take 32. */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

/** Flags given to node itself that size the young generation: they win over what is set here. */
const YOUNG_GENERATION_FLAGS = ['--semi-space-growth-factor', '--max-semi-space-size', '--min-semi-space-size'];

/**
 * V8 doubles the young generation whenever many objects outlive a scavenge, up to 32 MiB, and
 * a forced collection does not give that back (gc() bare, with type 'major' and with flavor
 * 'last-resort' were tried). The size cannot be set once node is
 * running, but growth can be stopped (`--semi-space-growth-factor=1`, read at each scavenge):
 * this holds it at the size it starts with (2 MiB) while the documents are loaded and parsed.
 * Measured, 100,000 notes: peak RSS of the parse 214 -> 189-194 MiB, parse CPU 2.3 -> 2.9-3.1 s.
 */
function holdYoungGeneration(): void {
  if (!YOUNG_GENERATION_FLAGS.some(givenToNode)) setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * The young generation may grow (again), up to YOUNG_GENERATION_CAP_BYTES, and is held there.
 * Its size is looked at once a turn of the event loop that had a collection is over: a check
 * and a parse work in short turns, so growth stops at the cap (a single long synchronous
 * stretch could still double it more than once).
 * For the check, after loading. Measured, 10,000 URLs, politeness off: RSS during the check
 * 140-147 -> 114-123 MB (peak 155-159 -> 126-127), for 0.7 s more of scavenges (0.9 -> 1.6 s
 * over 950 instead of 190); held at 2 MiB instead, RSS was 104-113 MB for 1.5 s more.
 * For `parse`, from its start: there the cap costs no time but saves it. Measured, the
 * bench's 10 MB document, runs paired with the uncapped parse: median wall 940 -> 890 ms and
 * CPU 1.17 -> 1.13 s of 7, peak RSS 121-127 -> 100-101 MB (--max-semi-space-size=8: 920 ms,
 * =4 as here: 860-900 ms, =2: 900 ms).
 */
export function capYoungGeneration(): void {
  if (YOUNG_GENERATION_FLAGS.some(givenToNode) || youngGenerationBytes() >= YOUNG_GENERATION_CAP_BYTES) return;
  setFlagsFromString('--semi-space-growth-factor=2');
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < YOUNG_GENERATION_CAP_BYTES) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/** On node's command line, or in NODE_OPTIONS (which allows `--max-semi-space-size`, and which process.execArgv does not show). */
function givenToNode(flag: string): boolean {
  const options = (process.env['NODE_OPTIONS'] ?? '').split(/\s+/);
  return [...process.execArgv, ...options].some((arg) => arg.startsWith(flag));
}

/**
 * undici reads HTTP with llhttp, compiled to WebAssembly. Once the parser is hot, V8 compiles
 * it again with its optimising compiler, and that compile of one very large function takes
 * 20-30 MB outside the heap for a few hundred ms at the start of a check: its highest point
 * at 1,000 and 10,000 URLs. Kept at V8's baseline compiler (Liftoff) instead, measured on the
 * bench farm, politeness off: peak RSS 118-125 -> 101-103 MB at 1,000 URLs, 120-122 -> 107-109
 * MB at 10,000, CPU +0.8 % (median of 3 paired runs of 10,000, within their spread). Before
 * undici is loaded; a wasm flag given to node itself wins.
 */
export function keepWasmUnoptimised(): void {
  if (!WASM_TIERING_FLAGS.some(givenToNode)) setFlagsFromString('--liftoff-only');
}

const WASM_TIERING_FLAGS = ['--liftoff', '--no-liftoff', '--wasm'];

let collect: (() => void) | null = null;

/**
 * A full collection now, where a stage has just let go of a large structure that V8 would
 * otherwise free only at its next full collection, after the following stage had grown the
 * heap on top of it. After parse, the document (its text as one string then: 62 MB for a
 * 31 MB document of 100,000 notes; now its bytes, outside the heap but freed with the object
 * that holds them) lived on into the first second of the check, which was the run's peak
 * (100,000 URLs: 276 -> 253 MB). `check` collects after loading citations.json too: when
 * the file was parsed whole (89 MB at 100,000 notes) that took its first 20 s from 482-486 to
 * 419-420 MB; read a note at a time now, it leaves less to free (not measured since).
 * `gc` is not exposed without a flag given to node;
 * setting the flag now exposes it to a context made afterwards, and to nothing else.
 */
export function collectGarbage(): void {
  if (collect === null) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
