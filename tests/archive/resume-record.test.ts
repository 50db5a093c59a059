import { describe, expect, it } from 'vitest';
import { fromArchivedCheck, toArchivedCheck } from '../../src/archive/index.js';
import { checked } from '../support/check-result.js';

describe('fromArchivedCheck (results reused by --resume)', () => {
  it.each([
    ['ok, which has no reason', checked('https://a.org/1', { status: 'ok' }), false],
    ['broken, with its reason', checked('https://a.org/2', { status: 'broken', reason: 'not_found' }), true],
  ])('%s', (_name, result, hasReason) => {
    const back = fromArchivedCheck(result.url, toArchivedCheck(result));
    expect('reason' in back).toBe(hasReason);
    expect(back).toMatchObject({ url: result.url, status: result.status, finalUrl: result.finalUrl });
    if (hasReason) expect(back).toMatchObject({ reason: (result as { reason: string }).reason });
  });
});
