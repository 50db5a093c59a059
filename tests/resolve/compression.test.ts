import zlib from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver, type Resolver } from '../../src/resolve/index.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { fakeClock } from '../support/fake-clock.js';
import { html } from './helpers.js';

const CAP = 64 * 1024;
const PAGE = Buffer.from(html('Compressed page'));
/** One gzip member inflating to 10 MiB of spaces; gzip allows members back to back (RFC 1952 §2.2). */
const MEMBER = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024, ' '));
/** 2000 members: ~20 MB on the wire, ~20 GiB inflated. */
const BOMB_MEMBERS = 2000;

let server: TestServer;
let dispatcher: Agent;
let resolver: Resolver;

beforeAll(async () => {
  server = await startServer('127.0.0.1', (req, res) => {
    const encodings: Record<string, (b: Buffer) => Buffer> = { '/gzip': zlib.gzipSync, '/deflate': zlib.deflateSync, '/raw-deflate': zlib.deflateRawSync, '/br': zlib.brotliCompressSync };
    const encode = encodings[req.url ?? ''];
    if (encode !== undefined) {
      const name = req.url === '/raw-deflate' ? 'deflate' : (req.url ?? '').slice(1);
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': name });
      return res.end(encode(PAGE));
    }
    if (req.url === '/corrupt') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      return res.end(Buffer.from('this is not gzip at all'));
    }
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.write(zlib.gzipSync(Buffer.from('<html><head><title>Bomb</title></head><body>')));
    let sent = 0;
    const pump = (): void => {
      while (sent < BOMB_MEMBERS) {
        sent += 1;
        if (!res.write(MEMBER)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  dispatcher = new Agent();
  const clock = fakeClock();
  resolver = createResolver({ dispatcher, now: clock.now, sleep: clock.sleep, hostIntervalMs: 0, maxBodyBytes: CAP, retries: 1 });
});

afterAll(async () => {
  await resolver.close();
  await dispatcher.close();
  await server.close();
});

describe('compressed bodies', () => {
  it.each([['/gzip'], ['/deflate'], ['/raw-deflate'], ['/br']])('inflates %s', async (path) => {
    const checked = await resolver.check(`${server.origin}${path}`);
    expect(checked.result).toMatchObject({ status: 'ok', title: 'Compressed page' });
    expect(checked.html).toBe(PAGE.toString());
  });

  it('a corrupt gzip body is network_error/decoding_failed', async () => {
    expect((await resolver.check(`${server.origin}/corrupt`)).result).toMatchObject({ status: 'network_error', reason: 'decoding_failed', httpStatus: 200 });
  });

  it('stops inflating a gzip bomb at the cap and stops downloading it', async () => {
    const before = server.seen.length;
    const checked = await resolver.check(`${server.origin}/bomb`);
    expect(checked.result).toMatchObject({ status: 'ok', title: 'Bomb' });
    expect(checked.html?.length).toBe(CAP);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Had the client read on, the server would have sent all ~20 MB and finished.
    expect(server.seen.slice(before).map((s) => s.finished)).toEqual([false]);
  });
});
