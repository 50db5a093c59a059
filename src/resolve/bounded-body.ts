import zlib from 'node:zlib';
import type { Transform } from 'node:stream';

/** What a bounded body reports: its bytes once complete or at the cap, or the decoder's failure. */
export interface BodyEvents {
  /** `capped`: the cap was reached before the body ended; the rest must not be downloaded. */
  done(body: Buffer, capped: boolean): void;
  failed(error: unknown): void;
  /** The decoder has room again after `push` returned false. */
  ready(): void;
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

/**
 * At most `cap` bytes of a response body, inflated first when it is compressed, fed chunk by
 * chunk as the socket delivers them. Reaching the cap ends it at once: a bomb is never inflated
 * beyond the cap, and the rest of a large page is never downloaded.
 */
export class BoundedBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private finished = false;
  /** Created on the first chunk: raw deflate and zlib deflate are told apart by their first bytes. */
  private decoder: Transform | null = null;
  private started = false;

  constructor(
    private readonly encoding: string | undefined,
    private readonly cap: number,
    private readonly events: BodyEvents,
  ) {}

  /** Returns false when the decoder wants no more until `ready`. */
  push(chunk: Buffer): boolean {
    if (this.finished) return true;
    if (!this.started) this.start(chunk);
    if (this.decoder === null) {
      this.take(chunk);
      return true;
    }
    return this.decoder.write(chunk);
  }

  /** The response ended: whatever the decoder still holds is flushed first. */
  end(): void {
    if (this.finished) return;
    if (this.decoder === null) this.finish(false);
    else this.decoder.end();
  }

  /** The response failed: stop decoding, report nothing more. */
  destroy(): void {
    this.finished = true;
    this.decoder?.destroy();
  }

  private start(first: Buffer): void {
    this.started = true;
    const decoder = decoderFor(this.encoding, first);
    if (decoder === null) return;
    decoder.on('data', (out: Buffer) => this.take(out));
    decoder.on('end', () => this.finish(false));
    decoder.on('error', (error: unknown) => {
      if (this.finished) return;
      this.finished = true;
      this.events.failed(error);
    });
    decoder.on('drain', () => this.events.ready());
    this.decoder = decoder;
  }

  private take(chunk: Buffer): void {
    if (this.finished) return;
    if (this.size + chunk.length > this.cap) {
      this.chunks.push(chunk.subarray(0, this.cap - this.size));
      this.size = this.cap;
      this.finish(true);
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private finish(capped: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.decoder?.destroy();
    // A page that came in one piece (most do) is handed on as is, not copied.
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.events.done(body, capped);
  }
}
