import type { CheckResult } from '../types.js';
import type { Checked, Resolver } from './resolver.js';

/** Check each distinct URL once (dedupe), calling onResult as each finishes; resolves to all results in input order. */
export async function checkAll(resolver: Resolver, urls: readonly string[], onResult?: (checked: Checked) => void | Promise<void>): Promise<CheckResult[]> {
  const pending = new Map<string, Promise<CheckResult>>();
  for (const url of urls) {
    if (pending.has(url)) continue;
    pending.set(
      url,
      resolver.check(url).then(async (checked) => {
        await onResult?.(checked);
        return checked.result;
      }),
    );
  }
  const results = new Map<string, CheckResult>();
  await Promise.all([...pending].map(async ([url, promise]) => results.set(url, await promise)));
  return urls.map((url) => results.get(url) as CheckResult);
}

/**
 * True when every result failed below HTTP (DNS unavailable, unreachable, refused, connect
 * timeout) and none got an HTTP response: the machine is offline, and nothing was checked.
 * URLs that were never fetched (unsupported) do not count either way.
 */
export function looksOffline(results: readonly CheckResult[]): boolean {
  const fetched = results.filter((r) => r.status !== 'unsupported');
  return fetched.length > 0 && fetched.every(failedBelowHttp);
}

function failedBelowHttp(result: CheckResult): boolean {
  if (result.httpStatus !== null) return false;
  if (result.status === 'timeout') return result.reason === 'connect';
  return result.status === 'network_error' && ['dns_unavailable', 'host_unreachable', 'connection_refused'].includes(result.reason);
}
