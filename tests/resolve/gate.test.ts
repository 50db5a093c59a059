import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Gate } from '../../src/resolve/gate.js';

describe('Gate', () => {
  it('counts the interval from when the previous request really left, not from when it was let through', async () => {
    const gate = new Gate({ concurrency: 8, hostConcurrency: 2, hostIntervalMs: 100, hostOverrides: {}, now: () => performance.now(), sleep: (ms) => sleep(ms) });
    const t0 = performance.now();
    let firstSent = 0;
    let secondStarted = 0;
    // The first request is let through at once but only gets its headers out 150 ms later
    // (an event loop busy serialising a big archive); the second must wait 100 ms after that:
    // it may start at 250 ms at the earliest, not at 100 ms.
    const first = gate.run('http://farm.test/1', async (markSent) => {
      await sleep(150);
      firstSent = performance.now() - t0;
      markSent();
      await sleep(50);
    });
    const second = gate.run('http://farm.test/2', async () => {
      secondStarted = performance.now() - t0;
    });
    await Promise.all([first, second]);
    expect(firstSent).toBeGreaterThanOrEqual(145);
    expect(secondStarted).toBeGreaterThanOrEqual(firstSent + 95);
  });

  it('lets a request that never sent (connection failed) release the host when it settles', async () => {
    const gate = new Gate({ concurrency: 8, hostConcurrency: 2, hostIntervalMs: 20, hostOverrides: {}, now: () => performance.now(), sleep: (ms) => sleep(ms) });
    const failed = gate.run('http://farm.test/1', async () => {
      await sleep(10);
      throw new Error('connect ECONNREFUSED');
    });
    await expect(failed).rejects.toThrow('ECONNREFUSED');
    await expect(gate.run('http://farm.test/2', async () => 'sent')).resolves.toBe('sent');
  });
});
