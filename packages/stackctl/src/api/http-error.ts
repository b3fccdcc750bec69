// The API's one HTTP-level error type, and the few codes that exist only over HTTP (not in ERROR_CODES).

/**
 * Codes for failures that only exist over HTTP. Domain failures use StackctlError and its codes
 * (src/errors); these stay local to the API until an issue promotes them.
 */
export const HTTP_ERROR_CODES = {
  /** No route for the path. */
  E_NOT_FOUND: 404,
  /** The path exists, the method does not (the answer carries `allow`). */
  E_METHOD_NOT_ALLOWED: 405,
  /** The request body is larger than the limit (1 MB). */
  E_PAYLOAD_TOO_LARGE: 413,
  /** A request body that is not `application/json`. */
  E_UNSUPPORTED_MEDIA_TYPE: 415,
  /** The host serving the API does not offer this feature (logs without a log reader, say). */
  E_NOT_IMPLEMENTED: 501,
} as const satisfies Record<string, number>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

export interface HttpErrorOptions {
  readonly cause?: unknown;
  /** Headers the error answer carries (`allow` for 405, `connection: close` for 413). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: HttpErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.code = code;
    this.status = HTTP_ERROR_CODES[code];
    this.headers = options.headers ?? {};
  }
}

export function isHttpErrorCode(code: string): code is HttpErrorCode {
  return Object.hasOwn(HTTP_ERROR_CODES, code);
}
