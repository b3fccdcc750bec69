// The one place errors become CLI output and exit codes: `error[CODE]: message`, details, `hint: …`, stack with --debug.
import { ERROR_CODES, StackctlError, errnoCodeOf, fileSystemError, isStackctlError } from '../errors/index.js';

export interface ReportOptions {
  readonly debug: boolean;
  readonly json: boolean;
  readonly write: (text: string) => void;
}

/**
 * Wraps anything thrown into a StackctlError; unknown errors become E_INTERNAL. A full disk anywhere,
 * and a read-only or forbidden file inside `.stackctl/`, are the machine's state, not a bug: their
 * own codes, even where no writer mapped them.
 */
export function toStackctlError(error: unknown): StackctlError {
  if (isStackctlError(error)) return error;
  const mapped = isEnvironmentFailure(error) ? fileSystemError(error) : null;
  if (mapped !== null) return mapped;
  const message = error instanceof Error ? error.message : String(error);
  return new StackctlError('E_INTERNAL', message, {
    cause: error,
    hint: 'this is a bug in stackctl: run again with --debug and report the output',
  });
}

function isEnvironmentFailure(error: unknown): boolean {
  const code = errnoCodeOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  const file = typeof error === 'object' && error !== null && 'path' in error ? String(error.path) : '';
  return (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') && /(^|[\\/])\.stackctl([\\/]|$)/.test(file);
}

/** Prints the error and returns the exit code its code maps to. */
export function reportError(error: unknown, { debug, json, write }: ReportOptions): number {
  const failure = toStackctlError(error);
  if (json) {
    const body = { error: { code: failure.code, message: failure.message, details: failure.details, hint: failure.hint ?? null } };
    write(`${JSON.stringify(body)}\n`);
  } else {
    const lines = [`error[${failure.code}]: ${failure.message}`, ...failure.details.map((detail) => `  ${detail}`)];
    if (failure.hint !== undefined) lines.push(`hint: ${failure.hint}`);
    if (debug) lines.push(...stackLines(failure));
    write(`${lines.join('\n')}\n`);
  }
  return ERROR_CODES[failure.code].exitCode;
}

function stackLines(error: Error): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    lines.push(current.stack ?? `${current.name}: ${current.message}`);
    current = current.cause;
    if (current !== undefined) lines.push('caused by:');
  }
  return lines;
}
