// Words for lines a log file did not take: `4875 lines not saved (disk full) since 12:03:11`.
import type { LogGap } from '../logs/log-gap-marker.js';
import type { LogLossInfo } from '../supervisor/types.js';

/** Local wall-clock time, `12:03:11`. */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `since …` while writes still fail, `between … and …` once they work again. */
export function describeLogLoss(loss: Pick<LogLossInfo, 'lines' | 'reason' | 'since' | 'until'>, ongoing: boolean): string {
  const amount = `${loss.lines} line${loss.lines === 1 ? '' : 's'} not saved (${loss.reason})`;
  return ongoing ? `${amount} since ${clockTime(loss.since)}` : `${amount} between ${clockTime(loss.since)} and ${clockTime(loss.until)}`;
}

/** A gap marker of a service's log (log-gap-marker.ts) in words, as `logs` shows it. */
export function describeGap(gap: LogGap): string {
  if (gap.kind === 'not_saved') return describeLogLoss({ lines: gap.lines, reason: gap.reason, since: gap.from, until: gap.until }, false);
  if (gap.lines === null && gap.bytes === null) return 'lines may have been rotated away before they could be shown';
  const amount = gap.lines !== null ? `${gap.lines} line${gap.lines === 1 ? '' : 's'}` : `${gap.bytes ?? 0} byte${gap.bytes === 1 ? '' : 's'}`;
  return `${amount} rotated away before they could be shown`;
}
