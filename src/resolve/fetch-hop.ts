import dc from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { pipeline, Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import type { HttpMethod } from '../types.js';
import { tlsCertificateProblem } from './tls.js';

export interface HopRequest {
  url: string;
  method: HttpMethod;
  /** Whether to read the body (HTML pages we need the title or meta refresh of). */
  wantBody: boolean;
  /** Read the body whatever its content type (JSON from an archive's API), not only HTML. */
  anyType?: boolean;
  /** Called when the request's headers are written to the socket. */
  onSent?: () => void;
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

export interface HopResponse {
  status: number;
  headers: Record<string, string>;
  /** Inflated body prefix (at most maxBodyBytes), or null when not read. */
  body: Buffer | null;
}

/** A failure while reading the body comes with the response it belongs to. */
export interface HopOutcome {
  response: HopResponse | null;
  error: { code: string | null; name: string | null; message: string } | null;
  ms: number;
  address: string | null;
}

/** Marks our requests so the diagnostics hook below can hand back the socket's remote address and the send time. */
interface AddressProbe {
  readonly citecheck: true;
  address: string | null;
  onSent: (() => void) | undefined;
}

function findProbe(handler: unknown): AddressProbe | null {
  let current = handler as Record<string | symbol, unknown> | undefined;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const opaque = current['opaque'] as AddressProbe | undefined;
    if (opaque?.citecheck === true) return opaque;
    const inner = Object.getOwnPropertySymbols(current).find((s) => /handler/i.test(s.description ?? ''));
    current = (current['handler'] ?? (inner === undefined ? undefined : current[inner])) as typeof current;
  }
  return null;
}

// undici's request() does not expose the socket; its diagnostics channel does, once per request.
dc.subscribe('undici:client:sendHeaders', (message) => {
  const { request: sent, socket } = message as { request: Record<symbol, unknown>; socket?: { remoteAddress?: string } };
  const handlerKey = Object.getOwnPropertySymbols(sent).find((s) => s.description === 'handler');
  const probe = handlerKey === undefined ? null : findProbe(sent[handlerKey]);
  if (probe === null) return;
  probe.address = socket?.remoteAddress ?? null;
  probe.onSent?.();
});

const HTML_LIKE = /^(text\/|application\/(xhtml\+)?xml)|html/i;

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** RFC 1950 §2.2: a zlib stream starts with CM=8 and a header whose 16-bit value is a multiple of 31. */
function looksLikeZlib(first: Buffer): boolean {
  return first.length >= 2 && ((first[0] as number) & 0x0f) === 8 && ((first[0] as number) * 256 + (first[1] as number)) % 31 === 0;
}

function decoderFor(encoding: string | undefined, first: Buffer): Transform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    // RFC 9110 §8.4.1.2: "deflate" is the zlib format; some servers send raw deflate anyway.
    case 'deflate':
      return looksLikeZlib(first) ? zlib.createInflate() : zlib.createInflateRaw();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

async function* chunksOf(body: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of body) yield chunk as Buffer;
}

/**
 * Read at most `cap` bytes of the (inflated) body, then stop both streams: a bomb is never
 * inflated beyond the cap, and the rest of a large page is never downloaded.
 */
async function readBounded(body: Readable, encoding: string | undefined, cap: number): Promise<Buffer> {
  // Stopping early destroys the stream, which then reports an abort we asked for ourselves.
  body.on('error', () => undefined);
  const input = chunksOf(body);
  const first = await input.next();
  if (first.done === true) return Buffer.alloc(0);
  const decoder = decoderFor(encoding, first.value);
  const chunks: Buffer[] = [];
  let size = 0;
  const source: AsyncIterable<unknown> = decoder === null ? prepend(first.value, input) : pipeline(Readable.from(prepend(first.value, input)), decoder, () => undefined);
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      if (size + buf.length > cap) {
        chunks.push(buf.subarray(0, cap - size));
        size = cap;
        break;
      }
      chunks.push(buf);
      size += buf.length;
    }
  } finally {
    decoder?.destroy();
    body.destroy();
  }
  return Buffer.concat(chunks, size);
}

/** One request, redirects off, with an exact whole-request deadline. Never throws. */
export async function fetchHop(req: HopRequest): Promise<HopOutcome> {
  const started = performance.now();
  const probe: AddressProbe = { citecheck: true, address: null, onSent: req.onSent };
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const res = await request(req.url, {
      method: req.method,
      dispatcher: req.dispatcher,
      opaque: probe,
      headers: req.headers,
      headersTimeout: req.headersTimeoutMs,
      signal: AbortSignal.timeout(req.requestTimeoutMs),
    });
    const headers = flattenHeaders(res.headers);
    const readable = req.wantBody && req.method === 'GET' && res.statusCode >= 200 && res.statusCode < 300 && (req.anyType === true || HTML_LIKE.test(headers['content-type'] ?? 'text/html'));
    if (!readable) {
      // Draining a small unread body (a redirect, an error page) lets undici reuse the connection.
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { response: { status: res.statusCode, headers, body: null }, error: null, ms: elapsed(), address: probe.address };
    }
    try {
      const body = await readBounded(res.body, headers['content-encoding'], req.maxBodyBytes);
      return { response: { status: res.statusCode, headers, body }, error: null, ms: elapsed(), address: probe.address };
    } catch (err) {
      return { response: { status: res.statusCode, headers, body: null }, error: describeError(err), ms: elapsed(), address: probe.address };
    }
  } catch (err) {
    return { response: null, error: describeError(err), ms: elapsed(), address: probe.address };
  }
}

function describeError(err: unknown): { code: string | null; name: string | null; message: string } {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : null;
  const name = typeof e.name === 'string' ? e.name : null;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const tls = code === null ? null : tlsCertificateProblem(code);
  return { code, name, message: tls === null ? message : `TLS certificate ${tls}: ${message} (${code}; --insecure accepts it)` };
}
