/**
 * One self-overwriting line on a terminal: `12/40 bit.ly ETA 18s`. Nothing at all when
 * stderr is not a TTY (CI logs, pipes) or with --quiet.
 */
export interface Progress {
  update(done: number, total: number, host: string): void;
  clear(): void;
}

export function createProgress(enabled: boolean, now: () => number = Date.now): Progress {
  const started = now();
  let shown = false;
  const clear = (): void => {
    if (shown) process.stderr.write('\r\x1b[K');
    shown = false;
  };
  if (!enabled) return { update: () => undefined, clear: () => undefined };
  return {
    update(done, total, host) {
      clear();
      process.stderr.write(progressLine(done, total, host, now() - started));
      shown = true;
    },
    clear,
  };
}

export function progressLine(done: number, total: number, host: string, elapsedMs: number): string {
  const remaining = total - done;
  const eta = done > 0 && remaining > 0 ? ` ETA ${formatSeconds((elapsedMs / done) * remaining)}` : '';
  return `${done}/${total} ${host}${eta}`;
}

function formatSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
