import { describe, expect, it } from 'vitest';
import { changesOf, toArchivedCheck } from '../../src/archive/index.js';
import type { ArchivedCheck, CheckResult, Status } from '../../src/types.js';
import { checked as result } from '../support/check-result.js';

const URL_A = 'https://a.test/page';
const MOVED = 'https://b.test/new-home';

const ok: Status = { status: 'ok' };
const redirected: Status = { status: 'redirected' };
const broken: Status = { status: 'broken', reason: 'not_found' };
const blocked: Status = { status: 'blocked', reason: 'forbidden' };
const timeout: Status = { status: 'timeout', reason: 'total' };
const soft404: Status = { status: 'soft_404', reason: 'home_page' };

function was(status: Status, extra: Partial<CheckResult> = {}): ArchivedCheck {
  return toArchivedCheck(result(URL_A, status, { checkedAt: '2026-11-28T07:00:00.000Z', ...extra }));
}

describe('changesOf', () => {
  it.each<[string, ArchivedCheck, CheckResult, { kind: string; before: string | null; after: string | null }[]]>([
    ['ok → broken is newly broken', was(ok), result(URL_A, broken), [{ kind: 'newly_broken', before: 'ok', after: 'broken' }]],
    ['redirected → timeout is newly broken', was(redirected), result(URL_A, timeout), [{ kind: 'newly_broken', before: 'redirected', after: 'timeout' }]],
    ['blocked → soft 404 is newly broken', was(blocked), result(URL_A, soft404), [{ kind: 'newly_broken', before: 'blocked', after: 'soft_404' }]],
    ['broken → ok is recovered', was(broken), result(URL_A, ok), [{ kind: 'recovered', before: 'broken', after: 'ok' }]],
    ['broken → broken is no change', was(broken), result(URL_A, broken), []],
    ['ok → blocked is not broken', was(ok), result(URL_A, blocked), []],
    ['broken → blocked is not recovered', was(broken), result(URL_A, blocked), []],
    ['timeout → broken stays broken', was(timeout), result(URL_A, broken), []],
    ['ok → ok is no change', was(ok), result(URL_A, ok), []],
    [
      'ok → redirected is newly redirected',
      was(ok),
      result(URL_A, redirected, { finalUrl: MOVED }),
      [{ kind: 'newly_redirected', before: URL_A, after: MOVED }],
    ],
    ['redirected → redirected to the same place is no change', was(redirected, { finalUrl: MOVED }), result(URL_A, redirected, { finalUrl: MOVED }), []],
    [
      'redirected → redirected elsewhere is a final URL change',
      was(redirected, { finalUrl: MOVED }),
      result(URL_A, redirected, { finalUrl: 'https://c.test/' }),
      [{ kind: 'final_url_changed', before: MOVED, after: 'https://c.test/' }],
    ],
    [
      'redirected → ok at the cited URL is a final URL change back',
      was(redirected, { finalUrl: MOVED }),
      result(URL_A, ok),
      [{ kind: 'final_url_changed', before: MOVED, after: URL_A }],
    ],
    [
      'broken → redirected is recovered and newly redirected',
      was(broken),
      result(URL_A, redirected, { finalUrl: MOVED }),
      [
        { kind: 'recovered', before: 'broken', after: 'redirected' },
        { kind: 'newly_redirected', before: URL_A, after: MOVED },
      ],
    ],
    [
      'a new title',
      was(ok, { title: 'Joint Statement' }),
      result(URL_A, ok, { title: 'Page not found' }),
      [{ kind: 'title_changed', before: 'Joint Statement', after: 'Page not found' }],
    ],
    ['the same title with other spacing', was(ok, { title: 'Joint  Statement ' }), result(URL_A, ok, { title: 'Joint Statement' }), []],
    ['a title that is now missing', was(ok, { title: 'Joint Statement' }), result(URL_A, ok, { title: null }), []],
  ])('%s', (_name, before, now, expected) => {
    const changes = changesOf(now, before);
    expect(changes).toEqual(expected.map((change) => ({ url: URL_A, ...change })));
  });

  it('says nothing of a URL never checked before', () => {
    expect(changesOf(result(URL_A, broken), null)).toEqual([]);
  });
});
