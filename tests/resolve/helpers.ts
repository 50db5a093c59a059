import { Writable } from 'node:stream';
import pino from 'pino';

/** A clock that jumps forward on sleep, so tests record the waits instead of spending them. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

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
