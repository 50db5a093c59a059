/** A clock that only moves when the code under test sleeps: tests record the waits instead of spending them. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}
