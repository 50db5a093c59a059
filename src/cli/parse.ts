import { parseNotes, readDocument } from '../parse/index.js';
import type { Citation, LintWarning, NoteStream } from '../types.js';
import { ArrayStream, jsonPieces, writeFileAtomic } from '../util/fs.js';
import { count, detached } from '../util/text.js';
import { EXIT } from './exit.js';
import { capYoungGeneration } from './heap.js';
import { configFrom, type CommonOptions } from './options.js';

/**
 * `citecheck parse`: read a document's footnotes and write citations.json, each note written
 * as it is read and then let go.
 */
export async function parseCommand(document: string, opts: CommonOptions): Promise<number> {
  capYoungGeneration();
  const config = await configFrom(opts);
  const notes = await parseOne(document);
  const output = opts.output ?? config.citations;
  const tally = { notes: 0, urls: new Set<string>() };
  await writeFileAtomic(
    output,
    jsonPieces({
      schemaVersion: 1,
      document: notes.document,
      citations: new ArrayStream(() => counted(notes.citations, tally)),
      // Asked for once the notes are written: the lint is complete only then.
      warnings: new ArrayStream(() => notes.warnings()),
    }),
  );
  const warnings = notes.warnings();
  printWarnings(document, warnings);
  process.stderr.write(`citecheck: wrote ${output}: ${count(tally.notes, 'note')}, ${count(tally.urls.size, 'distinct URL')}, ${count(warnings.length, 'warning')}\n`);
  return EXIT.ok;
}

function* counted(citations: Iterable<Citation>, tally: { notes: number; urls: Set<string> }): Generator<Citation> {
  for (const citation of citations) {
    tally.notes += 1;
    // A copy: the URL as parsed is a slice of its note's line, which it would keep alive to the end.
    for (const url of citation.urls) tally.urls.add(detached(url));
    yield citation;
  }
}

/** A document read from disk, its notes parsed as they are asked for; `run` parses its documents the same way. */
export async function parseOne(document: string): Promise<NoteStream> {
  return parseNotes(await readDocument(document), document);
}

/** In one write: a hostile document can carry hundreds of thousands of warnings, and a write each took seconds. */
export function printWarnings(path: string, warnings: readonly LintWarning[]): void {
  if (warnings.length === 0) return;
  process.stderr.write(warnings.map((w) => `${formatWarning(path, w)}\n`).join(''));
}

function formatWarning(path: string, w: LintWarning): string {
  return `${path}${w.line === null ? '' : `:${w.line}`}: warning: ${w.message}`;
}
