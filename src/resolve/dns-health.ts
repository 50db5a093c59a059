import { lookup } from 'node:dns/promises';

/**
 * Names that exist as long as the web does. When a cited host does not resolve (ENOTFOUND),
 * one of these is looked up too: a sandbox or a broken resolver answers "no such name" for
 * everything, and then a cited host's NXDOMAIN says nothing about the source.
 */
export const DNS_CANARIES: readonly string[] = ['example.com', 'www.iana.org', 'one.one.one.one'];

/** True when at least one canary name resolves. */
export async function canariesResolve(names: readonly string[] = DNS_CANARIES): Promise<boolean> {
  const answers = await Promise.allSettled(names.map((name) => lookup(name)));
  return answers.some((a) => a.status === 'fulfilled');
}
