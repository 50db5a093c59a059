import type { CheckResult, Citation, CitationsFile, Hop, Status } from '../../src/types.js';

export function note(number: number, extra: Partial<Citation> = {}): Citation {
  return {
    number,
    kind: 'full',
    refersTo: null,
    raw: `note ${number}`,
    authors: ['Jane Roe'],
    title: `Title ${number}`,
    publisher: 'Publisher',
    published: '2020-08-19',
    accessed: null,
    urls: [`https://site.test/${number}`],
    pages: null,
    claims: [],
    line: 100 + number,
    ...extra,
  };
}

export function hop(url: string, status: number | null, extra: Partial<Hop> = {}): Hop {
  return { url, method: 'GET', status, location: null, ms: 10, address: '127.0.0.1', via: 'http', ...extra };
}

export function checked(url: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    ...status,
    url,
    expandedUrl: null,
    finalUrl: url,
    httpStatus: 200,
    title: 'Found title',
    page: null,
    hops: [hop(url, 200)],
    error: null,
    attempts: 1,
    retries: [],
    checkedAt: '2026-11-29T07:00:00.000Z',
    ms: 10,
    ...extra,
  } as CheckResult;
}

export function citationsFile(citations: Citation[], warnings: CitationsFile['warnings'] = []): CitationsFile {
  return {
    schemaVersion: 1,
    document: { path: 'documents/test-doc.txt', title: 'A Test Document', dateOrder: 'DMY' },
    citations,
    warnings,
  };
}
