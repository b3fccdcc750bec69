// errorResponse: the one mapping from thrown errors to `{ error: { code, message } }` and an HTTP status.
import { describe, expect, it } from 'vitest';
import { jsonBodyOf } from '../../src/api/api-response.js';
import { HTTP_ERROR_CODES, HttpError } from '../../src/api/http-error.js';
import { errorResponse } from '../../src/api/on-error.js';
import { ERROR_CODES, StackctlError, type ErrorCode } from '../../src/errors/index.js';

describe('errorResponse', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('maps StackctlError %s to its httpStatus', (code) => {
    const response = errorResponse(new StackctlError(code, 'went wrong'));
    expect(response.status).toBe(ERROR_CODES[code].httpStatus);
    expect(jsonBodyOf(response)).toEqual({ error: { code, message: 'went wrong' } });
  });

  it('passes a hint along when the error has one', () => {
    const response = errorResponse(new StackctlError('E_USAGE', 'bad', { hint: 'do this' }));
    expect(jsonBodyOf(response)).toEqual({ error: { code: 'E_USAGE', message: 'bad', hint: 'do this' } });
  });

  it.each(Object.entries(HTTP_ERROR_CODES))('maps HttpError %s to %i', (code, status) => {
    const response = errorResponse(new HttpError(code as keyof typeof HTTP_ERROR_CODES, 'nope'));
    expect(response.status).toBe(status);
    expect(jsonBodyOf(response)).toEqual({ error: { code, message: 'nope' } });
  });

  it('turns anything else into 500 E_INTERNAL without its message or stack, and reports it', () => {
    const reported: unknown[] = [];
    const secret = new Error('password=hunter2 at /home/me/app.ts:12');
    const response = errorResponse(secret, (error) => reported.push(error));
    expect(response.status).toBe(500);
    const text = JSON.stringify(jsonBodyOf(response));
    expect(jsonBodyOf(response)).toMatchObject({ error: { code: 'E_INTERNAL' } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('    at ');
    expect(reported).toEqual([secret]);
    expect(errorResponse('a string').status).toBe(500);
  });
});
