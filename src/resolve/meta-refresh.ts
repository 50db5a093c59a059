const META_TAG = /<meta\b[^>]*>/gi;
const HTTP_EQUIV_REFRESH = /\bhttp-equiv\s*=\s*["']?refresh\b/i;
const CONTENT = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** HTML spec "shared declarative refresh steps": `<delay>[;,] [url=]<target>`, target optionally quoted. */
const REFRESH_VALUE = /^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)["']?\s*$/i;

/** The target of a `<meta http-equiv="refresh">` redirect in the page's head, or null. */
export function metaRefreshTarget(html: string): string | null {
  const headEnd = html.search(/<\/head\s*>/i);
  const head = headEnd === -1 ? html.slice(0, 64 * 1024) : html.slice(0, headEnd);
  for (const [tag] of head.matchAll(META_TAG)) {
    if (!HTTP_EQUIV_REFRESH.test(tag)) continue;
    const content = CONTENT.exec(tag);
    const value = content?.[1] ?? content?.[2] ?? content?.[3] ?? '';
    const target = REFRESH_VALUE.exec(value)?.[1]?.trim() ?? '';
    if (target !== '') return target;
  }
  return null;
}
