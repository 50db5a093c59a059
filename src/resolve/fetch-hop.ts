import dc from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { errors, type Dispatcher } from 'undici';
import type { HttpMethod } from '../types.js';
import { BoundedBody } from './bounded-body.js';
import { responseHeaders } from './headers.js';
import { tlsCertificateProblem } from './tls.js';

const { InvalidArgumentError } = errors;

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

/** Bytes of an unread body (a redirect, an error page) read to the end so undici can reuse the connection; past this the connection is closed instead. */
const DRAIN_LIMIT = 64 * 1024;

const HTML_LIKE = /^(text\/|application\/(xhtml\+)?xml)|html/i;

/** The error AbortSignal.timeout() aborts with, made only when a deadline passes. */
function deadlinePassed(): Error {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/**
 * One request as an undici dispatch handler, settling its outcome once. undici's request() would
 * add a body stream, an async resource, an abort-signal listener and a timer-backed
 * AbortSignal per request: on a run of thousands of small pages those cost more CPU than the
 * HTTP itself. This uses the handler interface undici's own request() is built on (onConnect …
 * onError), so the Request keeps this object itself and the diagnostics hook below can find it.
 */
class HopHandler implements Dispatcher.DispatchHandler {
  /** The socket's remote address, set when the headers are sent. */
  address: string | null = null;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private abortRequest: ((error?: Error) => void) | null = null;
  /** The deadline passed before undici put the request on a socket. */
  private reason: Error | null = null;
  private response: HopResponse | null = null;
  /** Set while the body is read; null while an unread body is drained. */
  private body: BoundedBody | null = null;
  private resume: () => void = () => undefined;
  private skipped = 0;
  private settled = false;

  constructor(
    private readonly req: HopRequest,
    private readonly settle: (outcome: HopOutcome) => void,
  ) {
    this.timer = setTimeout(() => this.timeOut(), req.requestTimeoutMs).unref();
  }

  /** Called by the diagnostics hook as the request's headers are written to the socket. */
  sent(address: string | null): void {
    this.address = address;
    this.req.onSent?.();
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.reason !== null) return abort(this.reason);
    this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx answers are interim; the final response follows on the same request.
    if (statusCode < 200) return true;
    const headers = responseHeaders(rawHeaders);
    this.response = { status: statusCode, headers, body: null };
    const readable = this.req.wantBody && this.req.method === 'GET' && statusCode >= 200 && statusCode < 300 && (this.req.anyType === true || HTML_LIKE.test(headers['content-type'] ?? 'text/html'));
    if (!readable) {
      // A HEAD answer has no body whatever its Content-Length says (RFC 9110 §9.3.2).
      if (this.req.method !== 'HEAD' && Number(headers['content-length'] ?? 0) > DRAIN_LIMIT) this.stopEarly();
      return true;
    }
    this.resume = resume;
    this.body = new BoundedBody(headers['content-encoding'], this.req.maxBodyBytes, {
      done: (body, capped) => {
        if (capped) this.stopEarly(body);
        else this.finish({ ...(this.response as HopResponse), body }, null);
      },
      failed: (error) => {
        this.abortRequest?.();
        this.finish(this.response, describeError(error));
      },
      ready: () => this.resume(),
    });
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.body !== null) return this.body.push(chunk);
    this.skipped += chunk.length;
    if (this.skipped > DRAIN_LIMIT) this.stopEarly();
    return true;
  }

  onComplete(): void {
    if (this.body !== null) this.body.end();
    else this.finish(this.response, null);
  }

  onError(error: Error): void {
    this.body?.destroy();
    if (this.response === null) this.finish(null, describeError(error));
    // A failure while draining an unread body changes nothing about the answer.
    else if (this.body === null) this.finish(this.response, null);
    else this.finish({ ...this.response, body: null }, describeError(error));
  }

  private timeOut(): void {
    if (this.settled) return;
    this.reason = deadlinePassed();
    this.abortRequest?.(this.reason);
  }

  /** Enough has been read (the cap) or skipped: answer now and close the connection. */
  private stopEarly(body: Buffer | null = null): void {
    this.finish(this.response === null ? null : { ...this.response, body }, null);
    this.abortRequest?.();
  }

  private finish(response: HopResponse | null, error: HopOutcome['error']): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.settle({ response, error, ms: Math.round(performance.now() - this.started), address: this.address });
  }
}

/** Where undici's Request keeps its handler; found on the first request seen (each copy of undici has its own symbol). */
let handlerKey: symbol | undefined;

function handlerOf(request: Record<symbol, unknown>): unknown {
  let handler = handlerKey === undefined ? undefined : request[handlerKey];
  if (handler === undefined) {
    handlerKey = Object.getOwnPropertySymbols(request).find((s) => s.description === 'handler');
    handler = handlerKey === undefined ? undefined : request[handlerKey];
  }
  return handler;
}

/** Our handler, possibly under an interceptor's wrappers (a dispatcher made with compose()). */
function findHop(handler: unknown): HopHandler | null {
  let current = handler as Record<string | symbol, unknown> | undefined;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof HopHandler) return current;
    const inner = Object.getOwnPropertySymbols(current).find((s) => /handler/i.test(s.description ?? ''));
    current = (current['handler'] ?? (inner === undefined ? undefined : current[inner])) as typeof current;
  }
  return null;
}

// No handler callback sees the socket; the diagnostics channel does, once per request, as the headers go out.
dc.subscribe('undici:client:sendHeaders', (message) => {
  const { request: sent, socket } = message as { request: Record<symbol, unknown>; socket?: { remoteAddress?: string } };
  findHop(handlerOf(sent))?.sent(socket?.remoteAddress ?? null);
});

/** undici's request() splits a URL this way: the fragment is never sent. */
function target(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.');
  return { origin: parsed.origin, path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname };
}

/** One request, redirects off, with an exact whole-request deadline. Never throws. */
export function fetchHop(req: HopRequest): Promise<HopOutcome> {
  return new Promise((resolve) => {
    const handler = new HopHandler(req, resolve);
    try {
      // Keys written out, not spread: V8 (node 20) takes a slow path for a spread followed by new keys.
      const { origin, path } = target(req.url);
      req.dispatcher.dispatch({ origin, path, method: req.method, headers: req.headers, headersTimeout: req.headersTimeoutMs }, handler);
    } catch (error) {
      // A dispatcher may refuse at once (the private-address guard, a closed agent, a bad URL).
      handler.onError(error as Error);
    }
  });
}

function describeError(err: unknown): { code: string | null; name: string | null; message: string } {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : null;
  const name = typeof e.name === 'string' ? e.name : null;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const tls = code === null ? null : tlsCertificateProblem(code);
  return { code, name, message: tls === null ? message : `TLS certificate ${tls}: ${message} (${code}; --insecure accepts it)` };
}
