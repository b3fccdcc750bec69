// Turns engine events into the short phrases `up` prints after `◆` (null for events it keeps quiet about).
import type { EngineEvent, ExitRecord } from '../supervisor/types.js';
import { formatDuration } from './format-duration.js';

/** `killedBy`: what SIGKILLed it at once when that was asked (`the second Ctrl+C`), rather than the stop timeout. */
export function describeExit(exit: ExitRecord, killedBy?: string): string {
  if (exit.forced && killedBy !== undefined) return `killed by ${killedBy} (ran ${formatDuration(exit.durationMs)})`;
  if (exit.forced) return `killed after not stopping within the stop timeout (ran ${formatDuration(exit.durationMs)})`;
  if (exit.stoppedByUs) return `stopped (ran ${formatDuration(exit.durationMs)})`;
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}

export function describeEvent(event: EngineEvent, killedBy?: string): string | null {
  switch (event.type) {
    case 'spawn':
      return `started (pid ${event.pid})`;
    case 'adopt':
      if (event.attached === true) return `attached (pid ${event.pid}, running in a terminal)`;
      return event.origin === 'external' ? `adopted pid ${event.pid}, which stackctl did not start` : `re-adopted (pid ${event.pid})`;
    case 'health':
      if (event.to === 'healthy') return `healthy after ${formatDuration(event.sinceStartMs)}`;
      if (event.to === 'unhealthy') return `unhealthy${event.detail ? `: ${event.detail}` : ''}`;
      return null;
    case 'exit':
      return describeExit(event.exit, killedBy);
    case 'restart-scheduled':
      return `restarting in ${formatDuration(event.delayMs)}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'waiting':
      return event.reason;
    case 'state':
      if (event.to === 'failed') return `failed${event.reason ? `: ${event.reason}` : ''}`;
      if (event.to === 'stopping') return 'stopping';
      return null;
  }
}
