import type { CopyAction } from '../rescue/index.js';
import type { CheckResult } from '../types.js';

/** What the editor should do about one note, in the words the report shows. */
export type Action =
  | 'none'
  | 'update to final URL'
  | 'replace with archived copy'
  | 'check by hand: site blocks bots'
  | 'retry later'
  | 'check by hand: not a web link'
  | 'check by hand: private address, not fetched'
  | 'check by hand: the site\'s TLS certificate is not valid'
  | 'check by hand: no link'
  | 'check by hand: not checked'
  /** The Wayback Machine was asked and holds no copy. */
  | 'no archived copy found: find another source'
  /** A link into archive.today, with no Wayback copy found for it yet. */
  | 'replace the archive.today link with a Wayback copy'
  /** An archived copy was found: the rescue stage's `actionText` says which and how well it matches. */
  | CopyAction;

export interface Advice {
  action: Action;
  /** The URL to put in the note instead of the cited one, when there is one to suggest. */
  replaceWith: string | null;
}

/**
 * The advice for a checked URL. A page reached through a shortener is still `ok`, but the
 * note should carry the expanded URL: shorteners die or get sold, and then every short link
 * they issued breaks at once, so editors replace them while the target is known.
 */
export function adviceFor(result: CheckResult): Advice {
  switch (result.status) {
    case 'ok':
      return result.expandedUrl === null
        ? { action: 'none', replaceWith: null }
        : { action: 'update to final URL', replaceWith: result.expandedUrl };
    case 'redirected':
      return { action: 'update to final URL', replaceWith: result.finalUrl };
    case 'broken':
    case 'soft_404':
      return { action: 'replace with archived copy', replaceWith: null };
    case 'blocked':
      return { action: 'check by hand: site blocks bots', replaceWith: null };
    case 'network_error':
      // A bad certificate does not fix itself overnight, unlike a reset or a refused connection.
      if (result.reason === 'tls_certificate') return { action: "check by hand: the site's TLS certificate is not valid", replaceWith: null };
      return { action: 'retry later', replaceWith: null };
    case 'server_error':
    case 'timeout':
      return { action: 'retry later', replaceWith: null };
    case 'unsupported':
      if (result.reason === 'private_address') return { action: 'check by hand: private address, not fetched', replaceWith: null };
      return { action: 'check by hand: not a web link', replaceWith: null };
    default: {
      const unknown: never = result;
      throw new Error(`unknown status ${JSON.stringify(unknown)}`);
    }
  }
}
