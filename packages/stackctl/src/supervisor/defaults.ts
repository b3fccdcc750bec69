// The supervisor's tuning numbers in one place: backoff, stable uptime, stop polling, health probing.

export interface SupervisorDefaults {
  /**
   * The first automatic restart after a quick crash (a run shorter than the service's min_uptime)
   * is immediate (0 ms); this is the delay before the second one in a row, doubling with each
   * further quick crash. A longer run restarts at once; one of backoff_reset starts it over.
   */
  readonly backoffBaseMs: number;
  /** Upper bound of the restart delay. */
  readonly backoffMaxMs: number;
  /** How often a stop checks whether the process group is gone. */
  readonly stopPollMs: number;
  /**
   * How long to wait for a group to vanish after SIGKILL before giving up with a warning.
   * SIGKILL cannot be ignored, so this only trips on processes stuck in the kernel.
   */
  readonly killWaitMs: number;
  /**
   * While a service has never been healthy and is inside its start period or start timeout, checks run this often
   * (or at its interval, if shorter), so a service that is ready in 300 ms is not reported healthy
   * only after a full 2 s interval. Compose calls this `start_interval`.
   */
  readonly startProbeIntervalMs: number;
  /**
   * A line longer than this (in UTF-16 units) without a newline is emitted in pieces, so a process
   * that never writes a newline cannot exhaust the supervisor's memory.
   */
  readonly maxLineLength: number;
  /**
   * How often a live run's processes are looked at again to refresh the members of its run record
   * (the fingerprints that later prove a process the service's). The first looks come sooner,
   * 100 ms, 500 ms and 1.5 s after the start, to catch an `exec` and what a service starts at once.
   */
  readonly memberRefreshMs: number;
}

export const SUPERVISOR_DEFAULTS: SupervisorDefaults = {
  backoffBaseMs: 100,
  backoffMaxMs: 30_000,
  stopPollMs: 50,
  killWaitMs: 5_000,
  startProbeIntervalMs: 250,
  maxLineLength: 1024 * 1024,
  memberRefreshMs: 5_000,
};
