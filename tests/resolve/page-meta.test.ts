import { describe, expect, it } from 'vitest';
import { extractPageMeta } from '../../src/resolve/page-meta.js';

const FULL = `<!doctype html><html lang="en-GB"><head>
<title> Dialogue  opens | The Paper </title>
<meta property="og:title" content="Dialogue opens (og)">
<meta name="citation_title" content="Dialogue opens (citation)">
<meta name="twitter:title" content="Dialogue opens (twitter)">
<meta name="author" content="Jane Roe">
<meta property="article:author" content="John Doe">
<meta name="citation_author" content="Roe, Jane">
<meta property="article:published_time" content="2024-04-15T10:00:00Z">
<meta property="og:site_name" content="The Paper">
<link rel="canonical" href="https://paper.example/dialogue">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ali Hassan"},"John Doe"],"datePublished":"2024-04-14"}]}</script>
</head><body><h1>Dialogue <em>opens</em></h1><h1>second</h1></body></html>`;

describe('extractPageMeta', () => {
  it('reads every source of the title, authors, date, site, canonical and lang', () => {
    const meta = extractPageMeta(FULL, 'utf-8');
    expect(meta.title).toBe('Dialogue opens | The Paper');
    expect(meta.titleCandidates).toEqual([
      { source: 'og:title', value: 'Dialogue opens (og)' },
      { source: 'citation_title', value: 'Dialogue opens (citation)' },
      { source: 'twitter:title', value: 'Dialogue opens (twitter)' },
      { source: 'title', value: 'Dialogue opens | The Paper' },
      { source: 'h1', value: 'Dialogue opens' },
    ]);
    expect(meta.authors).toEqual(['Jane Roe', 'John Doe', 'Roe, Jane', 'Ali Hassan']);
    expect(meta.published).toBe('2024-04-15T10:00:00Z');
    expect(meta.siteName).toBe('The Paper');
    expect(meta.canonical).toBe('https://paper.example/dialogue');
    expect(meta.lang).toBe('en-GB');
    expect(meta.charset).toBe('utf-8');
  });

  it.each<[string, string, Partial<ReturnType<typeof extractPageMeta>>]>([
    ['nothing at all', '<html><body>text</body></html>', { title: null, titleCandidates: [], authors: [], published: null, siteName: null, canonical: null, lang: null }],
    ['only an h1', '<html><head></head><body><h1>Only heading</h1></body></html>', { title: 'Only heading' }],
    ['JSON-LD date and author object', '<html><head><script type="application/ld+json">{"author":{"name":"A B"},"datePublished":"2023-01-02"}</script></head></html>', { authors: ['A B'], published: '2023-01-02' }],
    ['broken JSON-LD is skipped', '<html><head><script type="application/ld+json">{oops</script><meta name="citation_date" content="2020/05/06"></head></html>', { authors: [], published: '2020/05/06' }],
    ['no </head> (truncated page)', '<html lang="ar"><head><title>مرحبا', { title: 'مرحبا', lang: 'ar' }],
  ])('%s', (_name, html, expected) => {
    expect(extractPageMeta(html, null)).toMatchObject(expected);
  });
});
