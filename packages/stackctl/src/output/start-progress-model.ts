// What `start` / `restart` show per service while they wait: a pure fold of the engine's events and the final outcome.
import type { EngineEvent } from '../supervisor/types.js';
import { describeExit } from './describe-event.js';
import { formatDuration } from './format-duration.js';

/** What a service must reach for the command to be done with it: the engine's start goal. */
export type ProgressGoal = 'healthy' | 'running' | 'completed';

export interface ProgressTarget {
  readonly name: string;
  readonly goal: ProgressGoal;
  /** Already at its goal before the command (shown as such; `start` leaves it alone). */
  readonly already: boolean;
  /** Goal `running`: it counts once it has run this long (its `min_uptime`); default 0, at once. */
  readonly settleMs?: number;
}

export type ProgressPhase = 'waiting' | 'starting' | 'done' | 'failed';

export interface ProgressEntry {
  readonly name: string;
  readonly goal: ProgressGoal;
  readonly phase: ProgressPhase;
  /** `pid 1234`, `healthy in 1.2s`, the failure's reason… */
  readonly detail: string;
  /** Goal `running`: how long it must run to count, and since when (epoch ms) the current run runs. */
  readonly settleMs?: number;
  readonly runningSince?: number;
}

export function initialProgress(targets: readonly ProgressTarget[]): ProgressEntry[] {
  return targets.map(({ name, goal, already, settleMs }): ProgressEntry => {
    if (already) return { name, goal, phase: 'done', detail: `already ${goal === 'healthy' ? 'healthy' : 'running'}` };
    return { name, goal, phase: 'waiting', detail: 'waiting', ...(settleMs === undefined || settleMs <= 0 ? {} : { settleMs }) };
  });
}

/**
 * Folds the events since `startedAt` (epoch ms the command sent its request) into the entries;
 * `now` (epoch ms): a service with a settle time that has run that long by then is done.
 */
export function applyProgressEvents(entries: readonly ProgressEntry[], events: readonly EngineEvent[], startedAt: number, now?: number): ProgressEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const event of events) {
    const entry = byName.get(event.service);
    if (entry === undefined || event.time < startedAt) continue;
    const settled = settledBy(entry, event.time, startedAt);
    const next = step(settled, event, event.time - startedAt);
    if (next !== entry) byName.set(entry.name, next);
  }
  return entries.map((entry) => {
    const folded = byName.get(entry.name) ?? entry;
    return now === undefined ? folded : settledBy(folded, now, startedAt);
  });
}

/** Done when it has been running for its settle time by `time`. */
function settledBy(entry: ProgressEntry, time: number, startedAt: number): ProgressEntry {
  const { runningSince, settleMs } = entry;
  if (entry.phase !== 'starting' || runningSince === undefined || settleMs === undefined) return entry;
  const at = runningSince + settleMs;
  return at <= time ? { name: entry.name, goal: entry.goal, phase: 'done', detail: `running in ${formatDuration(at - startedAt)}` } : entry;
}

function step(entry: ProgressEntry, event: EngineEvent, elapsedMs: number): ProgressEntry {
  if (entry.phase === 'done' || entry.phase === 'failed') return entry;
  const done = (what: string): ProgressEntry => ({ ...entry, phase: 'done', detail: `${what} in ${formatDuration(elapsedMs)}` });
  const starting = (detail: string): ProgressEntry => {
    const { runningSince: _since, ...rest } = entry;
    return { ...rest, phase: 'starting', detail };
  };
  switch (event.type) {
    case 'spawn':
    case 'adopt':
      return starting(`pid ${event.pid}`);
    case 'health':
      if (event.to === 'healthy' && entry.goal === 'healthy') return done('healthy');
      if (event.to === 'unhealthy') return starting(`unhealthy${event.detail ? `: ${event.detail}` : ''}`);
      return entry;
    case 'exit':
      if (entry.goal === 'completed' && event.exit.code === 0 && !event.exit.stoppedByUs) return done('completed');
      // A run that ended before its settle time does not count.
      return entry.runningSince === undefined ? entry : starting(describeExit(event.exit));
    case 'restart-scheduled':
      return starting(`restarting in ${formatDuration(event.delayMs)} (attempt ${event.attempt})`);
    case 'state':
      if (event.to === 'failed') return { ...entry, phase: 'failed', detail: event.reason ?? 'failed' };
      if (event.to === 'running' && entry.goal === 'running') {
        return entry.settleMs === undefined ? done('running') : { ...starting('running'), runningSince: event.time };
      }
      if (event.to === 'running') return starting(entry.goal === 'healthy' ? 'running, waiting for its health check' : 'running');
      if (event.to === 'starting' && entry.phase === 'waiting') return starting('starting');
      if (event.to === 'stopping') return starting('stopping');
      return entry;
    case 'waiting':
      return starting(event.reason);
    case 'warning':
      return entry;
  }
}

/** What the progress needs of a start's outcome (the engine's StartOutcome, or its JSON). */
export interface ProgressOutcome {
  readonly started: readonly string[];
  readonly failed: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

/** The command's answer settles every entry: a failure wins over what the events said. */
export function applyProgressOutcome(entries: readonly ProgressEntry[], outcome: ProgressOutcome, elapsedMs: number): ProgressEntry[] {
  const failed = new Map(outcome.failed.map((failure) => [failure.name, failure.reason]));
  const started = new Set(outcome.started);
  return entries.map((entry) => {
    const reason = failed.get(entry.name);
    if (reason !== undefined) return { ...entry, phase: 'failed', detail: reason };
    if (started.has(entry.name) && entry.phase !== 'done') {
      const what = entry.goal === 'completed' ? 'completed' : entry.goal === 'healthy' ? 'healthy' : 'running';
      return { ...entry, phase: 'done', detail: `${what} in ${formatDuration(elapsedMs)}` };
    }
    return entry;
  });
}

export function isSettled(entry: ProgressEntry): boolean {
  return entry.phase === 'done' || entry.phase === 'failed';
}
