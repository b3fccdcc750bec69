// The one error model: every failure stackctl reports carries a stable code and an optional hint.
import type { ErrorCode } from './codes.js';

export interface StackctlErrorOptions {
  /** A one-line suggestion of how to fix it, shown as `hint: …`. */
  hint?: string;
  /** The underlying error, kept for `--debug`. */
  cause?: unknown;
  /** Extra lines printed after the message (for example every config problem). */
  details?: readonly string[];
}

export class StackctlError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, options: StackctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackctlError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

export function isStackctlError(value: unknown): value is StackctlError {
  return value instanceof StackctlError;
}
