import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { renderers } from '../../src/report/index.js';
import { startServer } from '../support/http-server.js';
import { ARTICLE, clockAt, configFor, documentOf, runOnce, tempDir } from './helpers.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('the report files of a run', () => {
  it('are the texts the renderers make of the report: rows, problems, missing quotations and changes', async () => {
    let day = 0;
    const server = await startServer('127.0.0.1', (req, res) => {
      const n = Number(/^\/p(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      // Any other path (the soft-404 probe's among them) is not found.
      if (n === -1 || n % 5 === 3 || (day === 1 && n === 1)) return res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not Found</title>');
      return res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE(`Story ${n}${day === 1 && n === 2 ? ' updated' : ''}`, `Officials said ${n} things.`));
    });
    stops.push(server.close);
    // 40 notes: more rows than the JSON writes in one piece; some quote what their page does not say.
    const notes = Array.from({ length: 40 }, (_, i) => ({ title: `Story ${i}`, url: `${server.origin}/p${i}`, ...(i % 7 === 0 ? { quote: `Officials denied ${i} things` } : {}) }));
    const config = configFor(await tempDir(), null);
    const file = documentOf(notes);
    await runOnce(file, config, { now: clockAt(0) });
    day = 1;
    const { written } = await runOnce(file, config, { now: clockAt(1) });

    const markdown = await readFile(written.markdownPath, 'utf8');
    expect(markdown).toBe(renderers.markdown(written.report));
    expect(markdown).toContain('## Problems');
    expect(markdown).toContain('## Quotations the page no longer says');
    expect(markdown).toMatch(/Summary: \d+ ok · \d+ broken/);
    expect(await readFile(written.jsonPath, 'utf8')).toBe(renderers.json(written.report));
    expect(written.report.changes.map((change) => change.kind)).toEqual(['newly_broken', 'title_changed']);
    expect(written.report.notes).toHaveLength(40);
  });
});
