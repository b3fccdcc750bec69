// The health-check extension point: one checker per kind of check (http, tcp, exec).
import type { HealthCheckSpec } from '../config/types.js';

export interface HealthResult {
  readonly ok: boolean;
  /** What was seen, in words: `HTTP 200`, `connect ECONNREFUSED 127.0.0.1:4000`, `exit code 1: …`. */
  readonly detail: string;
}

export interface HealthCheckContext {
  /** The service's working directory and environment (exec checks run in them). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Aborted on timeout or when monitoring stops; a checker must then settle promptly and clean up. */
  readonly signal: AbortSignal;
}

export interface HealthChecker<Spec extends HealthCheckSpec = HealthCheckSpec> {
  /** Runs one check. Should not reject; a rejection counts as a failed check with the error's message. */
  check(spec: Spec, context: HealthCheckContext): Promise<HealthResult>;
}

export type HealthCheckers = {
  readonly [Kind in HealthCheckSpec['kind']]: HealthChecker<Extract<HealthCheckSpec, { kind: Kind }>>;
};

/** Runs the checker that matches the spec's kind. */
export function runCheck(
  checkers: HealthCheckers,
  spec: HealthCheckSpec,
  context: HealthCheckContext,
): Promise<HealthResult> {
  switch (spec.kind) {
    case 'http':
      return checkers.http.check(spec, context);
    case 'tcp':
      return checkers.tcp.check(spec, context);
    case 'exec':
      return checkers.exec.check(spec, context);
  }
}

/** The message of an error, or its text. */
export function errorDetail(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
