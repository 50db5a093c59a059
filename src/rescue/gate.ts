/** Hands out capture slots so that at most `max` start within any `windowMs`. */
export interface CaptureGate {
  /** Takes the next slot and says how many ms to wait before using it. */
  reserve(nowMs: number): number;
}

/** Save Page Now allows an authenticated user 7 captures a minute. */
export function createCaptureGate(max = 7, windowMs = 60_000): CaptureGate {
  const slots: number[] = [];
  return {
    reserve(nowMs) {
      while (slots.length > 0 && (slots[0] ?? 0) <= nowMs - windowMs) slots.shift();
      const blocking = slots.length >= max ? slots[slots.length - max] : undefined;
      const start = blocking === undefined ? nowMs : Math.max(nowMs, blocking + windowMs);
      slots.push(start);
      return start - nowMs;
    },
  };
}
