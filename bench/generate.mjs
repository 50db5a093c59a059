/**
 * Documents in the seed's footnote style (documents/us-iraq-strategic-dialogue.txt): a body
 * whose sentences close with markers [n], then one note per source, e.g.
 *   [7] Anne Gearan, “Title,” The Washington Post, 26/7/2021, accessed on 4/8/2021, at: https://…
 * Every note cites its own farm URL, so N notes are N distinct URLs.
 */
import { replay } from './expect.mjs';
import { authorFor, makeLayout, pickSource, prng, sentenceFor, titleFor } from './plan.mjs';

const PUBLISHERS = ['The Washington Post', 'Reuters', 'Associated Press', 'Defense One', 'USA TODAY', 'The New York Times', 'U.S. Department of State'];
const NOTES_PER_PARAGRAPH = 5;

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

function dates(random) {
  const day = 13 + Math.floor(random() * 15);
  const month = 1 + Math.floor(random() * 12);
  return { published: `${day}/${month}/2021`, accessed: `${Math.min(28, day + 1)}/${month}/2021` };
}

/**
 * @param {{ notes: number, farm: { layout: import('./plan.mjs').Layout & { hostOf: (o: string) => number } }, seed?: number, tries?: number }} options
 * @returns {{ text: string, markdown: string, expected: Map<string, import('./expect.mjs').StatusWord>, requests: import('./expect.mjs').PlannedRequest[][] }}
 */
export function generateWorkload({ notes, farm, seed = 1, tries }) {
  const layout = farm.layout;
  const random = prng(seed);
  const expected = new Map();
  const requests = [];
  const asked = new Map();
  const body = [];
  const noteLines = [];
  const markdown = ['# Benchmark workload', ''];
  let paragraph = [];
  for (let n = 1; n <= notes; n += 1) {
    const source = pickSource(layout, random, n);
    const url = `${layout.origin(source.host)}${source.path}`;
    const outcome = replay(layout, url, { tries, asked });
    expected.set(url, outcome.status);
    requests.push(outcome.requests);
    const title = titleFor(layout.seed, n);
    const quote = random() < 0.2 ? ` who wrote “${sentenceFor(layout.seed, n)}”` : '';
    paragraph.push(`Source ${n} reported on the ${title.toLowerCase()}${quote}.[${n}]`);
    if (paragraph.length === NOTES_PER_PARAGRAPH || n === notes) {
      body.push(paragraph.join(' '));
      paragraph = [];
    }
    const { published, accessed } = dates(random);
    noteLines.push(`[${n}] ${authorFor(layout.seed, n)}, “${title},” ${pick(random, PUBLISHERS)}, ${published}, accessed on ${accessed}, at: ${url}`);
    markdown.push(`${n}. [${title}](${url})`);
  }
  const text = ['Benchmark Assessment 04 August, 2021', '', 'A Generated Document for the Benchmark', '', body.join('\n\n'), '', noteLines.join('\n\n'), ''].join('\n');
  return { text, markdown: `${markdown.join('\n')}\n`, expected, requests };
}

/**
 * A document of about `bytes` for the parse-time figure. It needs no farm: the URLs point at
 * hosts that are never asked.
 * @param {{ bytes: number, seed?: number }} options
 */
export function generateLargeDocument({ bytes, seed = 1 }) {
  const origins = Array.from({ length: 50 }, (_, i) => `https://site${i}.example`);
  const layout = makeLayout({ seed, latencyMs: 0, jitterMs: 0, origins });
  const sample = generateWorkload({ notes: 1000, farm: { layout }, seed });
  const perNote = Buffer.byteLength(sample.text) / 1000;
  return generateWorkload({ notes: Math.ceil(bytes / perNote), farm: { layout }, seed }).text;
}
