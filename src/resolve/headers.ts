/** Request headers that carry a credential for the origin they were meant for. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** What every request sends; no cookies are ever kept or sent. */
export function baseHeaders(userAgent: string): Record<string, string> {
  return {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The headers for one hop of a chain that started at `first`. Credentials go only to the
 * origin they were given for: a redirect to another host, port or scheme (an https → http
 * downgrade included) drops them, as the Fetch standard does for Authorization (§4.4 HTTP-redirect fetch).
 */
export function headersForHop(headers: Readonly<Record<string, string>>, first: string, current: string): Record<string, string> {
  const origin = originOf(first);
  const sameOrigin = origin !== null && origin === originOf(current);
  if (sameOrigin) return { ...headers };
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIALS.has(name.toLowerCase())));
}
