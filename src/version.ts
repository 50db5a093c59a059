import { readFileSync } from 'node:fs';

/** Read once from package.json, so `--version` and the User-Agent never drift from it. */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  repository?: { url?: string };
};

export const VERSION: string = pkg.version;
const REPO_URL: string = (pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
export const DEFAULT_USER_AGENT = `citecheck/${VERSION} (+${REPO_URL})`;
