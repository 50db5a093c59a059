import { openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../src/util/line-file.js';

async function newWriter(): Promise<{ lines: LineWriter; path: string }> {
  const path = join(await mkdtemp(join(tmpdir(), 'citecheck-lines-')), 'lines.ndjson');
  return { lines: new LineWriter(openSync(path, 'w+'), path, 0), path };
}

/** Lines of varied sizes and scripts, some longer than one read-ahead (64 KiB). */
function sampleLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const size = i % 97 === 0 ? 70_000 + i : 20 + ((i * 7919) % 3000);
    return `${i}:${'é€x'.repeat(Math.ceil(size / 3)).slice(0, size)}`;
  });
}

describe('LineWriter.read', () => {
  const orders: [string, (n: number) => number[]][] = [
    ['in the order written', (n) => Array.from({ length: n }, (_, i) => i)],
    ['backwards', (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
    ['jumping about', (n) => Array.from({ length: n }, (_, i) => (i * 131) % n)],
  ];

  it.each(orders)('gives back every line, read %s', async (_name, order) => {
    const { lines } = await newWriter();
    const texts = sampleLines(400);
    const at = texts.map((text) => lines.append(`${text}\n`));
    lines.flush();
    for (const i of order(texts.length)) expect(lines.read(at[i]!.start, at[i]!.length)).toBe(texts[i]);
    lines.discard();
  });

  it('reads a line appended after the bytes around it were read ahead, and one still queued', async () => {
    const { lines, path } = await newWriter();
    const first = lines.append('first\n');
    lines.flush();
    expect(lines.read(first.start, first.length)).toBe('first');
    const second = lines.append('second\n');
    lines.flush();
    expect(lines.read(second.start, second.length)).toBe('second');
    const queued = lines.append('queued, not yet written\n');
    expect(lines.read(queued.start, queued.length)).toBe('queued, not yet written');
    expect(lines.read(first.start, first.length)).toBe('first');
    lines.close();
    expect(readFileSync(path, 'utf8')).toBe('first\nsecond\nqueued, not yet written\n');
  });
});

describe('LineWriter: a large burst', () => {
  it('writes megabytes queued at once, lines longer than a write among them, byte for byte', async () => {
    const { lines, path } = await newWriter();
    const texts = [...sampleLines(1200), `long:${'€'.repeat(300_000)}`, 'after the long one', 'x'.repeat(262_143)];
    const at = texts.map((text) => lines.queue(`${text}\n`));
    lines.flush();
    expect(readFileSync(path, 'utf8')).toBe(texts.map((text) => `${text}\n`).join(''));
    texts.forEach((text, i) => expect(lines.read(at[i]!.start, at[i]!.length)).toBe(text));
    lines.discard();
  });
});

describe('LineWriter: when lines reach the file', () => {
  it('writes appended lines at the end of the turn, and resolves their promise then', async () => {
    const { lines, path } = await newWriter();
    const { written } = lines.append('appended\n');
    expect(statSync(path).size).toBe(0);
    await written;
    expect(readFileSync(path, 'utf8')).toBe('appended\n');
    lines.discard();
  });

  it('leaves queued lines in memory over many turns, until a flush or a read of one of them', async () => {
    const { lines, path } = await newWriter();
    const at = [];
    for (let i = 0; i < 50; i += 1) {
      at.push(lines.queue(`line ${i}\n`));
      await nextTurn();
    }
    expect(statSync(path).size).toBe(0);
    expect(lines.queuedBytes).toBe(at.reduce((sum, { length }) => sum + length + 1, 0));
    expect(lines.read(at[7]!.start, at[7]!.length)).toBe('line 7');
    expect(lines.queuedBytes).toBe(0);
    expect(readFileSync(path, 'utf8').split('\n')[49]).toBe('line 49');
    lines.discard();
  });
});

describe('LineWriter.flush', () => {
  it('keeps the lines queued when the write fails', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'citecheck-lines-')), 'lines.ndjson');
    writeFileSync(path, '');
    const readOnly = new LineWriter(openSync(path, 'r'), path, 0);
    readOnly.queue('first é\n');
    readOnly.queue('second\n');
    expect(() => readOnly.flush()).toThrow(expect.objectContaining({ code: 'WRITE_FAILED' }));
    expect(readOnly.queuedBytes).toBe(Buffer.byteLength('first é\nsecond\n'));
    expect(statSync(path).size).toBe(0);
  });
});
