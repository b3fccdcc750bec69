// The one place a thrown error becomes an API answer: `{ "error": { "code", "message" } }` with its HTTP status.
import { ERROR_CODES, isStackctlError } from '../errors/index.js';
import { jsonResponse, type ApiResponse } from './api-response.js';
import { HttpError } from './http-error.js';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    /** Only when the StackctlError carries one: how to fix it. */
    readonly hint?: string;
  };
}

/**
 * StackctlError → ERROR_CODES[code].httpStatus; HttpError → its status; anything else → 500
 * E_INTERNAL with a fixed message (no stack trace or internal message leaves the process),
 * after handing it to `onUnexpected` for the host's log.
 */
export function errorResponse(error: unknown, onUnexpected?: (error: unknown) => void): ApiResponse {
  if (error instanceof HttpError) return jsonResponse(errorBody(error.code, error.message), error.status, { ...error.headers });
  if (isStackctlError(error)) {
    return jsonResponse(errorBody(error.code, error.message, error.hint), ERROR_CODES[error.code].httpStatus);
  }
  onUnexpected?.(error);
  return jsonResponse(errorBody('E_INTERNAL', 'internal error in the stackctl API; the host log has the details'), 500);
}

export function errorBody(code: string, message: string, hint?: string): ErrorBody {
  return { error: hint === undefined ? { code, message } : { code, message, hint } };
}
