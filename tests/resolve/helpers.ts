import { Writable } from 'node:stream';
import pino from 'pino';


/** A pino logger whose lines land in an array, parsed. */
export function captureLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

export const html = (title: string, head = ''): string => `<html><head><title>${title}</title>${head}</head><body><h1>${title}</h1></body></html>`;

export function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
