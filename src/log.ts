import type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Logs go to stderr so stdout stays clean for reports. A person at a terminal gets
 * pino-pretty; a CI log or a pipe gets one JSON object per line. `beforeWrite` lets the
 * progress line clear itself before a log line is printed over it.
 */
export async function createLogger(level: LogLevel, beforeWrite?: () => void): Promise<Logger> {
  // Imported on use, so commands that never log (`parse`, `report`) do not load pino.
  const { pino } = await import('pino');
  if (process.stderr.isTTY) {
    const { default: pretty } = await import('pino-pretty');
    const stream = pretty({ destination: 2, sync: true, ignore: 'pid,hostname' });
    return pino({ level }, beforeWrite ? wrap(stream, beforeWrite) : stream);
  }
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

function wrap(stream: NodeJS.WritableStream, beforeWrite: () => void): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      beforeWrite();
      stream.write(chunk);
    },
  };
}
