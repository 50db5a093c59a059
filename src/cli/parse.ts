import { parseDocument, readDocument } from '../parse/index.js';
import type { CitationsFile, LintWarning } from '../types.js';
import { jsonPieces, writeFileAtomic } from '../util/fs.js';
import { count } from '../util/text.js';
import { EXIT } from './exit.js';
import { configFrom, type CommonOptions } from './options.js';

/** `citecheck parse`: read a document's footnotes and write citations.json. */
export async function parseCommand(document: string, opts: CommonOptions): Promise<number> {
  const config = await configFrom(opts);
  const file = await parseOne(document);
  const output = opts.output ?? config.citations;
  await writeFileAtomic(output, jsonPieces(file));
  printWarnings(file);
  process.stderr.write(`citecheck: wrote ${output}: ${count(file.citations.length, 'note')}, ${count(distinctUrls(file), 'distinct URL')}, ${count(file.warnings.length, 'warning')}\n`);
  return EXIT.ok;
}

/** Added one by one: flatMap() first made a list of every URL of the document. */
function distinctUrls(file: CitationsFile): number {
  const urls = new Set<string>();
  for (const citation of file.citations) for (const url of citation.urls) urls.add(url);
  return urls.size;
}

/** A document read from disk and parsed; `run` parses its documents the same way. */
export async function parseOne(document: string): Promise<CitationsFile> {
  return parseDocument(await readDocument(document), document);
}

/** In one write: a hostile document can carry hundreds of thousands of warnings, and a write each took seconds. */
export function printWarnings(file: CitationsFile): void {
  if (file.warnings.length === 0) return;
  process.stderr.write(file.warnings.map((w) => `${formatWarning(file.document.path, w)}\n`).join(''));
}

function formatWarning(path: string, w: LintWarning): string {
  return `${path}${w.line === null ? '' : `:${w.line}`}: warning: ${w.message}`;
}

