/** True when the URL's host is one of `domains` or a subdomain of one; false for a URL that does not parse. */
export function hostIsUnder(url: string, domains: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}
