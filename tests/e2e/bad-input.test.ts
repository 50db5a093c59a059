import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli, tempDir } from './helpers.js';

// Broken input through the real binary: one line naming the file and the field, exit 1, no
// stack trace, and nothing written. Every case fails before any request, so no LOCAL_ARGS.

const citations = (override: Record<string, unknown> = {}, citation: Record<string, unknown> = {}): string =>
  JSON.stringify({
    schemaVersion: 1,
    document: { path: 'paper.txt', title: 'A Paper', dateOrder: 'dmy' },
    citations: [{ number: 1, kind: 'full', refersTo: null, raw: 'x', urls: ['http://127.0.0.1:9/a'], claims: [], line: 3, ...citation }],
    warnings: [],
    ...override,
  }, null, 2);

/** A citations.json whose second note is `second` (JSON text, possibly broken): read as the notes are, one at a time. */
const withSecondNote = (second: string): string => citations().replace(/\n {2}\],\n {2}"warnings"/, `,\n    ${second}\n  ],\n  "warnings"`);

/** A check.json for citations(), its results given. */
const checkJson = (results: unknown[]): string => JSON.stringify({ schemaVersion: 1, checkedAt: '2026-01-01T00:00:00.000Z', citations: 'citations.json', offline: false, partial: false, results, verifications: [] }, null, 2);

/** Files to create (a null content makes a folder), the command, and the one line expected. */
const CASES: [string, Record<string, string | Buffer | null>, string[], RegExp][] = [
  ['citations.json that is not JSON', { 'citations.json': 'not\njson\nat all\n' }, ['check'], /^citations\.json: not valid JSON \(/],
  ['citations.json of another schemaVersion', { 'citations.json': citations({ schemaVersion: 2 }) }, ['check'], /^citations\.json: field "schemaVersion" must be 1$/],
  ['a citation whose number is not a number', { 'citations.json': citations({}, { number: 'one' }) }, ['check'], /^citations\.json: field "citations\[0\]\.number" must be a whole number$/],
  ['a later citation that is not JSON', { 'citations.json': withSecondNote('{ "number": 2, "urls": [tru] }') }, ['check'], /^citations\.json: not valid JSON \(.+ \(in the value at position \d+\)\)$/],
  ['a later citation of the wrong shape, for report', { 'citations.json': withSecondNote('{ "number": 2, "urls": "http://127.0.0.1:9/b", "claims": [] }'), 'reports/check.json': JSON.stringify({ schemaVersion: 1, checkedAt: '2026-01-01T00:00:00.000Z', citations: 'citations.json', offline: false, partial: false, results: [], verifications: [] }) }, ['report'], /^citations\.json: field "citations\[1\]\.urls" must be a list of strings$/],
  ['check without citations.json', {}, ['check'], /^citations\.json: cannot read \(no such file\)$/],
  ['a folder given as citations.json', { 'citations.json': null }, ['check'], /^citations\.json: cannot read \(EISDIR: /],
  ['a check.json whose second result has no URL, for report', { 'citations.json': citations(), 'reports/check.json': checkJson([{ url: 'http://127.0.0.1:9/a', status: 'ok' }, { status: 'ok' }]) }, ['report'], /^reports\/check\.json: field "results\[1\]\.url" must be a string$/],
  ['a check.json cut short, for report', { 'citations.json': citations(), 'reports/check.json': checkJson([]).slice(0, -20) }, ['report'], /^reports\/check\.json: not valid JSON \(/],
  ['a config with an unknown key', { 'citecheck.config.json': '{ "concurency": 4 }' }, ['check'], /citecheck\.config\.json: unknown setting "concurency" \(known: /],
  ['a config with a bad value', { 'citecheck.config.json': '{ "concurrency": "many" }' }, ['check'], /citecheck\.config\.json: "concurrency" must be a whole number ≥ 1$/],
  ['a config that is not JSON', { 'citecheck.config.json': 'concurrency = 4\nretries = 2\n' }, ['check'], /citecheck\.config\.json: not valid JSON \(/],
  ['report without check.json', { 'citations.json': citations() }, ['report'], /^reports\/check\.json: cannot read \(no such file\)$/],
  ['a document without notes', { 'paper.txt': 'A title\n\nJust prose, no notes at all.\n' }, ['run', 'paper.txt'], /^paper\.txt: no footnotes found \(expected lines like/],
  ['an empty document', { 'paper.txt': '' }, ['run', 'paper.txt'], /^paper\.txt: the file is empty$/],
  ['a binary document', { 'paper.txt': Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xff]) }, ['run', 'paper.txt'], /^paper\.txt: not a text file \(binary content at byte 4\)$/],
  ['a folder given as the document', { 'paper.txt': null }, ['run', 'paper.txt'], /^paper\.txt: is a folder, not a file$/],
  ['an archive that is not JSON', { 'paper.txt': 'Body.[1]\n\n[1] Jane Roe, “Title,” Site, 26/7/2021, at: http://127.0.0.1:9/a\n', 'reports/archive.json': '{\n"urls": \n' }, ['run', 'paper.txt'], /^reports\/archive\.json is not valid JSON \(.*\); fix or delete it$/],
];

async function listing(dir: string): Promise<string[]> {
  const files = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return files.sort();
}

describe('broken input through the binary', () => {
  it.concurrent.each(CASES)('%s: one line naming it, exit 1, nothing written', async (_name, files, args, message) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'reports'));
    for (const [name, content] of Object.entries(files)) {
      if (content === null) await mkdir(join(dir, name));
      else await writeFile(join(dir, name), content);
    }
    const before = await listing(dir);

    const ran = await startCli(args, dir).exited;

    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^citecheck: error: [^\n]*\n$/);
    expect(ran.stderr.replace(/^citecheck: error: /, '').trimEnd()).toMatch(message);
    expect(ran.stdout).toBe('');
    expect(await listing(dir)).toEqual(before);
  });
});
