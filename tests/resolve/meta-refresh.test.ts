import { describe, expect, it } from 'vitest';
import { metaRefreshTarget } from '../../src/resolve/meta-refresh.js';

describe('metaRefreshTarget', () => {
  it.each<[string, string | null]>([
    ['<head><meta http-equiv="refresh" content="0; url=https://example.org/a"></head>', 'https://example.org/a'],
    ["<head><meta content='0;URL=\"/next\"' http-equiv='Refresh'></head>", '/next'],
    ['<head><meta http-equiv=refresh content="5,/later"></head>', '/later'],
    ['<head><meta http-equiv="refresh" content="300"></head>', null],
    ['<head><meta name="refresh" content="0; url=/x"></head>', null],
    ['<head></head><body><meta http-equiv="refresh" content="0; url=/body"></body>', null],
    ['<html><body>plain</body></html>', null],
  ])('%s → %s', (html, expected) => {
    expect(metaRefreshTarget(html)).toBe(expected);
  });
});
