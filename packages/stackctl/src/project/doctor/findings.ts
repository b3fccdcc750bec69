// Shorthands for building findings, so checks read as a list of verdicts.
import type { Finding } from './doctor-check.js';

export function ok(message: string): Finding {
  return { status: 'ok', message, fix: null };
}

export function warn(message: string, fix: string | null, repair?: Finding['repair']): Finding {
  return repair === undefined ? { status: 'warn', message, fix } : { status: 'warn', message, fix, repair };
}

export function fail(message: string, fix: string | null, repair?: Finding['repair']): Finding {
  return repair === undefined ? { status: 'fail', message, fix } : { status: 'fail', message, fix, repair };
}

/** `1 key`, `3 keys`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** `a`, `a and b`, `a, b and 2 more` — at most `max` names shown. */
export function listNames(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
