import type { Citation, CitationsFile } from '../../src/types.js';

export { checked, hop } from '../support/check-result.js';

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

export function citationsFile(citations: Citation[], warnings: CitationsFile['warnings'] = []): CitationsFile {
  return {
    schemaVersion: 1,
    document: { path: 'documents/test-doc.txt', title: 'A Test Document', dateOrder: 'DMY' },
    citations,
    warnings,
  };
}
