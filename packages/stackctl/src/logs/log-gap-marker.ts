// The marker lines that stand where a service's log has a gap: lines not saved (a failed write), lines rotated away unread.

/**
 * A marker is an ordinary `err` record whose text starts with `◆ stackctl: `, so every reader
 * (`stackctl logs`, `grep`, `tail`) keeps it and sorts it by time like any line; `stackctl logs`
 * recognises it and shows it as a warning. Two kinds:
 *
 * - written into the log file by the writer once writing works again:
 *   `◆ stackctl: 4875 lines not saved (disk full) between 2026-11-26T12:03:11.123Z and 2026-11-26T12:03:13.456Z (4875 out, 0 err)`
 * - made up by a follower (`logs -f`) that fell behind the rotation, never written to a file:
 *   `◆ stackctl: 1234 lines rotated away before they could be shown` (or `… 65536 bytes …` when the lines could not be counted)
 */
export const GAP_MARKER_PREFIX = '◆ stackctl: ';

export interface NotSavedGap {
  readonly kind: 'not_saved';
  readonly lines: number;
  /** In words: `disk full`, `read-only file system`… */
  readonly reason: string;
  /** Epoch ms of the first and the last line lost. */
  readonly from: number;
  readonly until: number;
  /** The lost lines by stream; null when the marker does not say. */
  readonly stdout: number | null;
  readonly stderr: number | null;
}

export interface RotatedAwayGap {
  readonly kind: 'rotated_away';
  /** Lines when they could be counted, else null and `bytes`. */
  readonly lines: number | null;
  readonly bytes: number | null;
}

export type LogGap = NotSavedGap | RotatedAwayGap;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function formatNotSavedMarker(gap: Omit<NotSavedGap, 'kind'>): string {
  const streams = gap.stdout === null || gap.stderr === null ? '' : ` (${gap.stdout} out, ${gap.stderr} err)`;
  const span = `between ${new Date(gap.from).toISOString()} and ${new Date(gap.until).toISOString()}`;
  return `${GAP_MARKER_PREFIX}${plural(gap.lines, 'line')} not saved (${gap.reason}) ${span}${streams}`;
}

/** With neither count (the writer keeps no generations record): `lines may have been rotated away …`. */
export function formatRotatedAwayMarker(gap: Omit<RotatedAwayGap, 'kind'>): string {
  if (gap.lines === null && gap.bytes === null) return `${GAP_MARKER_PREFIX}lines may have been rotated away before they could be shown`;
  const amount = gap.lines !== null ? plural(gap.lines, 'line') : plural(gap.bytes ?? 0, 'byte');
  return `${GAP_MARKER_PREFIX}${amount} rotated away before they could be shown`;
}

const NOT_SAVED = /^(\d+) lines? not saved \((.*)\) between (\S+) and (\S+?)(?: \((\d+) out, (\d+) err\))?$/;
const ROTATED_AWAY = /^(\d+) (lines?|bytes?) rotated away before they could be shown$/;
const MAYBE_ROTATED_AWAY = 'lines may have been rotated away before they could be shown';

/** The gap a line's text records, or null for any other line. Cheap for ordinary lines: one character compared. */
export function parseGapMarker(text: string): LogGap | null {
  if (!text.startsWith(GAP_MARKER_PREFIX)) return null;
  const body = text.slice(GAP_MARKER_PREFIX.length);
  const lost = NOT_SAVED.exec(body);
  if (lost !== null) {
    const from = Date.parse(lost[3] ?? '');
    const until = Date.parse(lost[4] ?? '');
    if (Number.isNaN(from) || Number.isNaN(until)) return null;
    const stream = (value: string | undefined): number | null => (value === undefined ? null : Number(value));
    return { kind: 'not_saved', lines: Number(lost[1]), reason: lost[2] ?? '', from, until, stdout: stream(lost[5]), stderr: stream(lost[6]) };
  }
  if (body === MAYBE_ROTATED_AWAY) return { kind: 'rotated_away', lines: null, bytes: null };
  const rotated = ROTATED_AWAY.exec(body);
  if (rotated !== null) {
    const count = Number(rotated[1]);
    const lines = rotated[2]?.startsWith('line') === true;
    return { kind: 'rotated_away', lines: lines ? count : null, bytes: lines ? null : count };
  }
  return null;
}
