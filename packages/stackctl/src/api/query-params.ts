// Reads integer and flag query parameters, answering 400 E_USAGE for values that are not what the route expects.
import { StackctlError } from '../errors/index.js';

export interface IntegerParam {
  readonly min?: number;
  readonly max?: number;
}

/** The parameter as an integer within [min, max], or undefined when absent or empty. */
export function integerParam(query: URLSearchParams, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER }: IntegerParam = {}): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new StackctlError('E_USAGE', `query parameter ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** `1`, `true`, `yes` or a bare `?follow` are true; `0`, `false`, `no` or absent are false. */
export function flagParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null) return false;
  const value = raw.trim().toLowerCase();
  if (value === '' || value === '1' || value === 'true' || value === 'yes') return true;
  if (value === '0' || value === 'false' || value === 'no') return false;
  throw new StackctlError('E_USAGE', `query parameter ${name} must be 1 or 0, got "${raw}"`);
}
