// Durations (`500ms`, `1.5s`, `1m30s`; a bare number means seconds) and sizes (`512MB`; a bare number means bytes).
import { StackctlError } from '../errors/index.js';

/** What a duration may look like, quoted in every error about one. */
export const DURATION_FORMS =
  'a duration such as 500ms, 2s, 1.5s, 1m, 1h or 1m30s (a bare number means seconds)';
/** What a size may look like, quoted in every error about one. */
export const SIZE_FORMS = 'a size such as 512MB, 1GB, 10KB or 2048 (a bare number means bytes; 1KB = 1024 bytes)';

/** The longest timer Node.js can arm (setTimeout fires at once beyond it), about 24.8 days. */
export const MAX_DURATION_MS = 2_147_483_647;

/** A duration string: one or more `<number><unit>` parts, or a bare number of seconds. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?|(?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/;
/** A size string: a number and an optional unit, case-insensitive. */
export const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i;

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const UNIT_BYTES = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 } as const;

export type ParseResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** Parses a duration to whole milliseconds, or says why it cannot. */
export function checkDuration(input: string | number): ParseResult {
  let ms: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return { ok: false, message: `must be ${DURATION_FORMS}` };
    ms = input * 1000;
  } else if (!DURATION_PATTERN.test(input)) {
    return { ok: false, message: `must be ${DURATION_FORMS}` };
  } else if (/^[\d.]+$/.test(input)) {
    ms = Number(input) * 1000;
  } else {
    ms = 0;
    for (const [, amount, unit] of input.matchAll(DURATION_PART)) {
      ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    }
  }
  ms = Math.round(ms);
  if (ms > MAX_DURATION_MS) return { ok: false, message: 'must be at most 24 days (596h)' };
  return { ok: true, value: ms };
}

/** Parses a size to whole bytes, or says why it cannot. */
export function checkSize(input: string | number): ParseResult {
  let bytes: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return { ok: false, message: `must be ${SIZE_FORMS}` };
    bytes = input;
  } else {
    const match = SIZE_PATTERN.exec(input);
    if (!match) return { ok: false, message: `must be ${SIZE_FORMS}` };
    const unit = (match[2]?.[0]?.toLowerCase() ?? 'b') as keyof typeof UNIT_BYTES;
    bytes = Number(match[1]) * UNIT_BYTES[unit];
  }
  bytes = Math.round(bytes);
  if (!Number.isSafeInteger(bytes)) return { ok: false, message: 'is too large' };
  return { ok: true, value: bytes };
}

/** `parseDuration('1.5s') === 1500`; throws E_USAGE (for a CLI flag) on a bad value. */
export function parseDuration(input: string | number): number {
  const result = checkDuration(input);
  if (result.ok) return result.value;
  throw new StackctlError('E_USAGE', `invalid duration ${JSON.stringify(input)}: ${result.message}`);
}

/** `parseSize('512MB') === 536870912`; throws E_USAGE (for a CLI flag) on a bad value. */
export function parseSize(input: string | number): number {
  const result = checkSize(input);
  if (result.ok) return result.value;
  throw new StackctlError('E_USAGE', `invalid size ${JSON.stringify(input)}: ${result.message}`);
}

/** Whole milliseconds as the shortest exact duration string: 90500 → `1m30s500ms`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text;
}

/** Whole bytes in the largest unit that divides them exactly: 536870912 → `512MB`, 1000 → `1000B`. */
export function formatSize(bytes: number): string {
  const units = [['TB', UNIT_BYTES.t], ['GB', UNIT_BYTES.g], ['MB', UNIT_BYTES.m], ['KB', UNIT_BYTES.k]] as const;
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
