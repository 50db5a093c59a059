import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measure } from './measure.mjs';

describe('measure', () => {
  it('reports the child\'s peak memory, its output and exit code', async () => {
    const m = await measure(process.execPath, ['-e', 'const a = Buffer.alloc(120e6, 1); console.log(a.length); process.exitCode = 2']);
    assert.equal(m.stdout, '120000000\n');
    assert.equal(m.exitCode, 2);
    assert.ok(m.peakRssMb !== null && m.peakRssMb >= 120 && m.peakRssMb < 400, `peak RSS ${m.peakRssMb} MB`);
    assert.ok(m.cpuSeconds !== null && m.cpuSeconds > 0);
  });

  it('stops a command past its time-out, with what it started', async () => {
    const m = await measure(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 300 });
    assert.equal(m.timedOut, true);
    assert.ok(m.wallMs < 30_000);
  });
});
