// Stable error codes (see DESIGN.md) and what each means for the CLI's exit code and the API's HTTP status.

export const ERROR_CODES = {
  E_CONFIG_INVALID: { exitCode: 2, httpStatus: 400 },
  E_CONFIG_NOT_FOUND: { exitCode: 2, httpStatus: 404 },
  E_USAGE: { exitCode: 2, httpStatus: 400 },
  E_SERVICE_UNKNOWN: { exitCode: 2, httpStatus: 404 },
  E_PORT_IN_USE: { exitCode: 1, httpStatus: 409 },
  /** The project's stack is already hosted by another process (a daemon or `up`). */
  E_ALREADY_RUNNING: { exitCode: 1, httpStatus: 409 },
  E_SPAWN_FAILED: { exitCode: 1, httpStatus: 500 },
  E_START_FAILED: { exitCode: 1, httpStatus: 500 },
  E_DAEMON_UNREACHABLE: { exitCode: 1, httpStatus: 503 },
  E_INTERRUPTED: { exitCode: 130, httpStatus: 499 },
  E_INTERNAL: { exitCode: 1, httpStatus: 500 },
} as const satisfies Record<string, { exitCode: number; httpStatus: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;
