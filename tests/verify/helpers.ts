import { readFileSync } from 'node:fs';
import type { CheckResult, Citation, PageMeta } from '../../src/types.js';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function citation(fields: Partial<Citation>): Citation {
  return {
    number: 1,
    kind: 'full',
    refersTo: null,
    raw: '',
    authors: [],
    title: null,
    publisher: null,
    published: null,
    accessed: null,
    urls: [],
    pages: null,
    claims: [],
    line: 1,
    ...fields,
  };
}

export function pageMeta(fields: Partial<PageMeta>): PageMeta {
  return {
    title: null,
    titleCandidates: [],
    authors: [],
    published: null,
    siteName: null,
    canonical: null,
    lang: 'en',
    charset: 'utf-8',
    ...fields,
  };
}

/** A resolver answer: 200 at `finalUrl` unless `extra` says otherwise. */
export function okResult(url: string, finalUrl: string, page: PageMeta | null, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    status: url === finalUrl ? 'ok' : 'redirected',
    url,
    expandedUrl: null,
    finalUrl,
    httpStatus: 200,
    title: page?.title ?? null,
    page,
    hops: [],
    error: null,
    attempts: 1,
    retries: [],
    checkedAt: '2026-11-29T07:00:00.000Z',
    ms: 120,
    ...extra,
  } as CheckResult;
}
