import iconv from 'iconv-lite';

/** The charset parameter of a Content-Type header, lower-cased, or null. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

function charsetFromBom(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first 1024 bytes (HTML spec prescan). */
function charsetFromMeta(body: Buffer): string | null {
  const head = body.subarray(0, 1024).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return direct?.[1]?.toLowerCase() ?? null;
}

/**
 * UTF-8 as iconv-lite decodes it (a leading BOM dropped, bad or cut-off sequences as U+FFFD),
 * with Node's own decoder: iconv's stream wrapping cost more than the decoding on most pages.
 */
function decodeUtf8(body: Buffer): string {
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Decode an HTML body. Order follows the HTML encoding sniffing algorithm: a BOM wins,
 * then the transport (Content-Type header), then a `<meta>` in the prefix, then UTF-8.
 */
export function decodeHtml(body: Buffer, contentType: string | undefined): { html: string; charset: string } {
  const candidates = [charsetFromBom(body), charsetFromContentType(contentType), charsetFromMeta(body)];
  const charset = candidates.find((c): c is string => c !== null && iconv.encodingExists(c)) ?? 'utf-8';
  return { html: charset === 'utf-8' || charset === 'utf8' ? decodeUtf8(body) : iconv.decode(body, charset), charset };
}
