/** The exit codes a CI job reads (README documents them). */
export const EXIT = {
  ok: 0,
  /** Bad input or usage. */
  usage: 1,
  /** Failing citations found (statuses in failOn). */
  failing: 2,
  /** The machine is offline, or the run could not check anything. */
  offline: 3,
  /** Interrupted by SIGINT / SIGTERM (128 + signal number). */
  sigint: 130,
  sigterm: 143,
} as const;
