import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectGarbage, YOUNG_GENERATION_CAP_BYTES } from '../../src/cli/heap.js';

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

/**
 * A script's `churn()`: objects made a turn of the event loop at a time, as a check's come, up
 * to `kept` of them alive at once.
 */
function churn(kept: number): string {
  return `const churn = async () => {
      let kept = [];
      for (let round = 0; round < 100; round += 1) {
        for (let i = 0; i < 20000; i += 1) {
          kept.push({ i });
          if (kept.length > ${kept}) kept = [];
        }
        await new Promise((done) => setImmediate(done));
      }
    };`;
}

/**
 * The flags are the whole process's, so each case runs in a node of its own, on the built
 * module (`npm test` builds first). A load and then a check are simulated by making objects
 * of which many outlive a scavenge, as a parse's and a check's do, a turn of the event loop
 * at a time, as a check's come.
 */
function youngGenerationIn(mode: 'untouched' | 'held' | 'grow' | 'capped', nodeArgs: string[] = [], nodeOptions = ''): { afterLoad: number; afterCheck: number } {
  const heap = pathToFileURL(resolve('dist/cli/heap.js')).href;
  const script = `
    import { capYoungGeneration, keepHeapNearLive, inputsLoaded, youngGenerationBytes } from ${JSON.stringify(heap)};
    const mode = ${JSON.stringify(mode)};
    ${churn(100_000)}
    if (mode === 'capped') capYoungGeneration();
    else if (mode !== 'untouched') keepHeapNearLive();
    await churn();
    const afterLoad = youngGenerationBytes();
    if (mode === 'grow') inputsLoaded();
    await churn();
    process.stdout.write(JSON.stringify({ afterLoad, afterCheck: youngGenerationBytes() }));
  `;
  const child = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: nodeOptions } });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { afterLoad: number; afterCheck: number };
}

describe('the young generation', () => {
  it('is grown by V8 well past the cap when nothing holds it', () => {
    expect(youngGenerationIn('untouched').afterCheck).toBeGreaterThan(2 * YOUNG_GENERATION_CAP_BYTES);
  });

  it('grows no further than its starting size while a command loads, and until the check may grow it', () => {
    const { afterLoad, afterCheck } = youngGenerationIn('held');
    // The 2 MiB node starts with, or less: V8 may shrink it and take it back to that size (seen
    // on a loaded machine: 1 MiB after the load, 2 MiB again after the check), never past it.
    expect(afterLoad).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(afterCheck).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('grows for the check up to the cap, and no further', () => {
    const { afterLoad, afterCheck } = youngGenerationIn('grow');
    expect(afterLoad).toBeLessThan(YOUNG_GENERATION_CAP_BYTES / 2);
    expect(afterCheck).toBe(YOUNG_GENERATION_CAP_BYTES);
  });

  it('grows up to the cap and no further from the start, as `parse` has it', () => {
    const { afterLoad, afterCheck } = youngGenerationIn('capped');
    expect(afterLoad).toBe(YOUNG_GENERATION_CAP_BYTES);
    expect(afterCheck).toBe(YOUNG_GENERATION_CAP_BYTES);
  });

  it.each([
    ['on the command line', ['--max-semi-space-size=16'], ''],
    ['in NODE_OPTIONS', [], '--max-semi-space-size=16'],
  ])('is left to a size given to node itself, %s', (_where, nodeArgs, nodeOptions) => {
    const { afterCheck } = youngGenerationIn('grow', nodeArgs, nodeOptions);
    expect(afterCheck).toBeGreaterThan(2 * YOUNG_GENERATION_CAP_BYTES);
  });
});

/**
 * How far the peak RSS of a node grows while undici reads 2,000 answers of a server on
 * loopback: the HTTP parser becomes hot, and V8 may compile it again. In a node of its own:
 * the flag is the process's.
 */
function rssGrowthReadingAnswers(keptUnoptimised: boolean): number {
  const heap = pathToFileURL(resolve('dist/cli/heap.js')).href;
  const script = `
    import { createServer } from 'node:http';
    import { readFileSync } from 'node:fs';
    import { keepWasmUnoptimised } from ${JSON.stringify(heap)};
    if (${JSON.stringify(keptUnoptimised)}) keepWasmUnoptimised();
    const { Agent, request } = await import('undici');
    const peak = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const page = '<html><head><title>a page</title></head><body>' + 'text '.repeat(400) + '</body></html>';
    const server = createServer((req, res) => res.end(page));
    await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
    const url = 'http://127.0.0.1:' + server.address().port + '/';
    const agent = new Agent({ connections: 8 });
    const before = peak();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next++ < 2000) await (await request(url, { dispatcher: agent })).body.text();
    }));
    // A compile in the background ends after the answers that triggered it.
    await new Promise((done) => setTimeout(done, 500));
    process.stdout.write(String(peak() - before));
    await agent.close();
    server.close();
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return Number(child.stdout);
}

describe.runIf(process.platform === 'linux')('the HTTP parser kept unoptimised', () => {
  it('spares the check the memory of compiling it again once it is hot', () => {
    const untouched = rssGrowthReadingAnswers(false);
    const kept = rssGrowthReadingAnswers(true);
    // Measured: 46-48 MB untouched, 21-22 MB kept.
    expect(untouched - kept).toBeGreaterThan(12 * 1024 * 1024);
  });
});

/**
 * Milliseconds V8's helper threads spent copying each young-generation collection, before and
 * after `inputsLoaded`, from --trace-gc-nvp (its `background.scavenge.parallel` field). In a
 * node of its own: the flags are the process's.
 */
function helperScavengeMs(nodeArgs: string[] = []): { before: number[]; after: number[] } {
  const heap = pathToFileURL(resolve('dist/cli/heap.js')).href;
  const script = `
    import { inputsLoaded } from ${JSON.stringify(heap)};
    ${churn(5000)}
    await churn();
    // V8 writes its trace through a buffer of its own, flushed at exit: the two phases are told
    // apart by time, with a quiet half second between them.
    await new Promise((done) => setTimeout(done, 250));
    process.stdout.write('LOADED ' + performance.now() + '\\n');
    await new Promise((done) => setTimeout(done, 250));
    inputsLoaded();
    await churn();
  `;
  const child = spawnSync(process.execPath, [...nodeArgs, '--trace-gc-nvp', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  const loadedAt = Number(/LOADED ([\d.]+)/.exec(child.stdout)?.[1]);
  const scavenges = [...child.stdout.matchAll(/(\d+) ms: .*?gc=s .*?background\.scavenge\.parallel=([\d.]+)/g)].map((m) => ({ at: Number(m[1]), ms: Number(m[2]) }));
  return { before: scavenges.filter((s) => s.at < loadedAt).map((s) => s.ms), after: scavenges.filter((s) => s.at > loadedAt).map((s) => s.ms) };
}

describe('young-generation collections', () => {
  it('are shared with helper threads while the inputs load, and made on the main thread alone for the check', () => {
    const { before, after } = helperScavengeMs();
    expect(before.some((ms) => ms > 0)).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((ms) => ms === 0)).toBe(true);
  });

  it('are left shared when node itself was told so', () => {
    const { after } = helperScavengeMs(['--parallel-scavenge']);
    expect(after.some((ms) => ms > 0)).toBe(true);
  });
});
