import type { PageMeta, TitleSource } from '../types.js';
import { firstH1, readHead } from './head.js';

/** Metadata lives in <head>; parsing only that slice is ~100× faster than the whole page. */
const HEAD_FALLBACK_CHARS = 64 * 1024;

function headSlice(html: string): string {
  const end = html.search(/<\/head\s*>/i);
  return end === -1 ? html.slice(0, HEAD_FALLBACK_CHARS) : html.slice(0, end);
}

function clean(text: string | undefined | null): string | null {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value === '' ? null : value;
}

/** JSON-LD blocks may hold one object, an array, or an @graph; authors may be strings or objects. */
function jsonLdNodes(blocks: readonly string[]): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      nodes.push(node);
      if (node['@graph'] !== undefined) visit(node['@graph']);
    }
  };
  for (const block of blocks) {
    try {
      visit(JSON.parse(block));
    } catch {
      // A broken JSON-LD block is common on real pages; the other metadata still counts.
    }
  }
  return nodes;
}

function personNames(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(personNames);
  if (value !== null && typeof value === 'object') {
    const name = (value as Record<string, unknown>)['name'];
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.map(clean).filter((v): v is string => v !== null))];
}

/** What the page says about itself. `charset` is the one the body was decoded with. */
export function extractPageMeta(html: string, charset: string | null): PageMeta {
  const head = readHead(headSlice(html));
  const meta = (...keys: string[]): string[] => keys.flatMap((key) => head.metas.get(key) ?? []);
  const ld = jsonLdNodes(head.jsonLd);

  const sources: [TitleSource, string | null][] = [
    ['og:title', meta('og:title')[0] ?? null],
    ['citation_title', meta('citation_title')[0] ?? null],
    ['twitter:title', meta('twitter:title')[0] ?? null],
    ['title', head.title],
    ['h1', firstH1(html)],
  ];
  const titleCandidates = sources.flatMap(([source, raw]) => {
    const value = clean(raw);
    return value === null ? [] : [{ source, value }];
  });
  const plainTitle = titleCandidates.find((c) => c.source === 'title') ?? titleCandidates[0];

  const ldDates = ld.map((n) => n['datePublished']).filter((d): d is string => typeof d === 'string');
  const langMatch = /<html[^>]*\slang\s*=\s*["']?([\w-]+)/i.exec(html);

  return {
    title: plainTitle?.value ?? null,
    titleCandidates,
    authors: unique([...meta('author', 'article:author', 'citation_author'), ...ld.flatMap((n) => personNames(n['author']))]),
    published: clean(meta('article:published_time', 'citation_date', 'citation_publication_date')[0] ?? ldDates[0] ?? null),
    siteName: clean(meta('og:site_name')[0] ?? null),
    canonical: clean(head.canonical ?? null),
    lang: langMatch?.[1] ?? clean(meta('content-language')[0] ?? null),
    charset,
  };
}
