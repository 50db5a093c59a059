import type { Citation, CitationsFile } from '../types.js';

/** A URL to check, and every full note (in every document) that cites it. */
export interface Source {
  url: string;
  notes: { document: string; citation: Citation; quotations: string[] }[];
}

/**
 * Group the documents' citations by distinct URL, so each URL is fetched once however many
 * notes cite it. Quotations supported by an Ibid./short note belong to the full note it
 * refers to: they are searched in the same page.
 */
export function collectSources(files: readonly CitationsFile[]): Source[] {
  const byUrl = new Map<string, Source>();
  for (const file of files) {
    const quotations = quotationsByFullNote(file.citations);
    for (const citation of file.citations) {
      for (const url of citation.urls) {
        let source = byUrl.get(url);
        if (!source) {
          source = { url, notes: [] };
          byUrl.set(url, source);
        }
        source.notes.push({
          document: file.document.path,
          citation,
          quotations: quotations.get(citation.number) ?? [],
        });
      }
    }
  }
  return [...byUrl.values()];
}

function quotationsByFullNote(citations: readonly Citation[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const citation of citations) {
    const target = citation.urls.length > 0 ? citation.number : (citation.refersTo ?? citation.number);
    const list = out.get(target) ?? [];
    for (const claim of citation.claims) list.push(...claim.quotations);
    out.set(target, list);
  }
  return out;
}
