// `logs --since`: a duration back from now (`10m`, `1h30m`, `45s`, `90` = seconds) or a date/time (`2024-05-01T09:30`).
import { checkDuration } from '../config/durations.js';
import { StackctlError } from '../errors/index.js';

/** The epoch ms `--since` means at `now`; throws E_USAGE for anything else. */
export function parseSince(text: string, now: number): number {
  const trimmed = text.trim();
  const duration = checkDuration(trimmed);
  if (trimmed !== '' && duration.ok) return now - duration.value;
  // A date needs a digit-dash-digit form, so `10x` or `yesterday` are not taken for one by Date.parse.
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const time = Date.parse(trimmed);
    if (!Number.isNaN(time)) return time;
  }
  throw new StackctlError('E_USAGE', `invalid --since ${JSON.stringify(text)}`, {
    hint: 'give a duration back from now, such as 30s, 10m, 2h or 1h30m, or a date/time such as 2024-05-01T09:30',
  });
}
