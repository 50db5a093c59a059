import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CoalescingWriter } from '../../src/archive/writer.js';

describe('CoalescingWriter', () => {
  it('stretches its interval to 9× a slow write, so rewriting a large archive stays a small share of the run', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'citecheck-writer-')), 'archive.json');
    let serialised = 0;
    const writer = new CoalescingWriter(path, 0, () => {
      serialised += 1;
      const until = performance.now() + 30; // a write that takes 30 ms, as a big archive does
      while (performance.now() < until);
      return String(serialised);
    });
    // 30 results over ~300 ms (longer on a loaded machine). Writing after each would
    // serialise about once per 30 ms of the run; with the interval stretched to 9 × 30 = 270 ms,
    // once per 300 ms, plus the first and the final write.
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      void writer.write();
      await sleep(10);
    }
    await writer.finish();
    const elapsed = performance.now() - started;
    expect(serialised).toBeGreaterThanOrEqual(2);
    expect(serialised).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 2);
    expect(await readFile(path, 'utf8')).toBe(String(serialised));
  });
});
